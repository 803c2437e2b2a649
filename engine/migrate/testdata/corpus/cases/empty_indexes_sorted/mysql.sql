-- CreateTable
CREATE TABLE `Log` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `level` VARCHAR(191) NOT NULL,
    `source` VARCHAR(191) NOT NULL,
    `message` VARCHAR(191) NOT NULL,
    `at` DATETIME(3) NOT NULL,
    `userId` INTEGER NULL,

    INDEX `Log_level_at_idx`(`level`, `at` DESC),
    INDEX `Log_source_level_userId_idx`(`source`, `level`, `userId`),
    INDEX `log_recent_idx`(`at` DESC),
    UNIQUE INDEX `Log_source_at_key`(`source`, `at` DESC),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
