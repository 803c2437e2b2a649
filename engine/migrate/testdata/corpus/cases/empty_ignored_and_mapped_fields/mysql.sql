-- CreateTable
CREATE TABLE `legacy_people` (
    `legacy_id` INTEGER NOT NULL AUTO_INCREMENT,
    `first_name` VARCHAR(191) NOT NULL,
    `last_name` VARCHAR(191) NOT NULL,
    `tmp` VARCHAR(191) NULL,

    INDEX `legacy_people_last_name_idx`(`last_name`),
    UNIQUE INDEX `legacy_people_first_name_last_name_key`(`first_name`, `last_name`),
    PRIMARY KEY (`legacy_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
