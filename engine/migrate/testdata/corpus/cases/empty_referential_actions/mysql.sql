-- CreateTable
CREATE TABLE `Parent` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Child` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `cascadeId` INTEGER NOT NULL,
    `setNullId` INTEGER NULL,
    `noActionId` INTEGER NOT NULL,
    `restrictId` INTEGER NOT NULL,
    `setDefId` INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Child` ADD CONSTRAINT `Child_cascadeId_fkey` FOREIGN KEY (`cascadeId`) REFERENCES `Parent`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Child` ADD CONSTRAINT `Child_setNullId_fkey` FOREIGN KEY (`setNullId`) REFERENCES `Parent`(`id`) ON DELETE SET NULL ON UPDATE SET NULL;

-- AddForeignKey
ALTER TABLE `Child` ADD CONSTRAINT `Child_noActionId_fkey` FOREIGN KEY (`noActionId`) REFERENCES `Parent`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE `Child` ADD CONSTRAINT `Child_restrictId_fkey` FOREIGN KEY (`restrictId`) REFERENCES `Parent`(`id`) ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE `Child` ADD CONSTRAINT `Child_setDefId_fkey` FOREIGN KEY (`setDefId`) REFERENCES `Parent`(`id`) ON DELETE SET DEFAULT ON UPDATE SET DEFAULT;
