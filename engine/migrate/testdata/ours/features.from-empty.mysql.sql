-- CreateTable
CREATE TABLE `orgs` (
    `code` VARCHAR(191) NOT NULL,
    `region` INTEGER NOT NULL,
    `name` VARCHAR(191) NOT NULL DEFAULT 'it''s',

    UNIQUE INDEX `org_code_region`(`code`, `region`),
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Member` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `orgCode` VARCHAR(191) NOT NULL,
    `orgReg` INTEGER NOT NULL,
    `level` ENUM('low', 'high') NOT NULL DEFAULT 'high',
    `score` DECIMAL(65, 30) NOT NULL DEFAULT 1.25,
    `big` BIGINT NOT NULL DEFAULT 9007199254740993,
    `handle` VARCHAR(191) NOT NULL,
    `nick` VARCHAR(191) NULL,

    UNIQUE INDEX `Member_handle_key`(`handle`),
    INDEX `Member_orgCode_orgReg_idx`(`orgCode`, `orgReg` DESC),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Group` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Pair` (
    `left` INTEGER NOT NULL,
    `right` INTEGER NOT NULL,

    PRIMARY KEY (`left`, `right`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Code` (
    `id` INTEGER NOT NULL,
    `label` VARCHAR(191) NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Label` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `_membership` (
    `A` INTEGER NOT NULL,
    `B` BIGINT NOT NULL,

    UNIQUE INDEX `_membership_AB_unique`(`A`, `B`),
    INDEX `_membership_B_index`(`B`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQ` (
    `A` INTEGER NOT NULL,
    `B` INTEGER NOT NULL,

    UNIQUE INDEX `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostg_AB_unique`(`A`, `B`),
    INDEX `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgre_B_index`(`B`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Member` ADD CONSTRAINT `Member_orgCode_orgReg_fkey` FOREIGN KEY (`orgCode`, `orgReg`) REFERENCES `orgs`(`code`, `region`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `_membership` ADD CONSTRAINT `_membership_A_fkey` FOREIGN KEY (`A`) REFERENCES `Group`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `_membership` ADD CONSTRAINT `_membership_B_fkey` FOREIGN KEY (`B`) REFERENCES `Member`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQ` ADD CONSTRAINT `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgres_A_fkey` FOREIGN KEY (`A`) REFERENCES `Code`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQ` ADD CONSTRAINT `_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgres_B_fkey` FOREIGN KEY (`B`) REFERENCES `Label`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
