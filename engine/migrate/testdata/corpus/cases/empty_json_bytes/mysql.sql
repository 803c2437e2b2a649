-- CreateTable
CREATE TABLE `Doc` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `meta` JSON NOT NULL,
    `list` JSON NOT NULL,
    `nothing` JSON NULL,
    `blob` LONGBLOB NOT NULL,
    `maybe` LONGBLOB NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
