-- CreateTable
CREATE TABLE `AllTypes` (
    `id` VARCHAR(191) NOT NULL,
    `cuidField` VARCHAR(191) NOT NULL,
    `str` VARCHAR(191) NOT NULL,
    `strOpt` VARCHAR(191) NULL,
    `strDefault` VARCHAR(191) NOT NULL DEFAULT 'hello',
    `int` INTEGER NOT NULL,
    `intDefault` INTEGER NOT NULL DEFAULT 42,
    `bigInt` BIGINT NOT NULL,
    `bigIntOpt` BIGINT NULL,
    `float` DOUBLE NOT NULL,
    `floatDef` DOUBLE NOT NULL DEFAULT 1.5,
    `decimal` DECIMAL(65, 30) NOT NULL,
    `decimalOpt` DECIMAL(65, 30) NULL,
    `bool` BOOLEAN NOT NULL,
    `boolDef` BOOLEAN NOT NULL DEFAULT true,
    `dateTime` DATETIME(3) NOT NULL,
    `created` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated` DATETIME(3) NOT NULL,
    `json` JSON NOT NULL,
    `jsonOpt` JSON NULL,
    `bytes` LONGBLOB NOT NULL,
    `bytesOpt` LONGBLOB NULL,
    `status` ENUM('DRAFT', 'PUBLISHED', 'ARCHIVED') NOT NULL DEFAULT 'DRAFT',
    `statusOpt` ENUM('DRAFT', 'PUBLISHED', 'ARCHIVED') NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BigIntId` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `label` VARCHAR(191) NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `mapped_table` (
    `mapped_id` INTEGER NOT NULL AUTO_INCREMENT,
    `first_name` VARCHAR(191) NOT NULL,
    `last_name` VARCHAR(191) NOT NULL,

    INDEX `mapped_table_last_name_idx`(`last_name`),
    UNIQUE INDEX `mapped_table_first_name_last_name_key`(`first_name`, `last_name`),
    PRIMARY KEY (`mapped_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
