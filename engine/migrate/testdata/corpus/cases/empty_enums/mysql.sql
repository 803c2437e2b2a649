-- CreateTable
CREATE TABLE `Shirt` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `color` ENUM('RED', 'GREEN', 'BLUE') NOT NULL DEFAULT 'RED',
    `size` ENUM('s', 'm', 'l') NULL,
    `alt` ENUM('RED', 'GREEN', 'BLUE') NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Palette` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `primary` ENUM('RED', 'GREEN', 'BLUE') NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
