-- CreateTable
CREATE TABLE `Edition` (
    `bookIsbn` VARCHAR(191) NOT NULL,
    `number` INTEGER NOT NULL,
    `year` INTEGER NOT NULL,

    PRIMARY KEY (`bookIsbn`, `number`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Printing` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `bookIsbn` VARCHAR(191) NOT NULL,
    `editionNumber` INTEGER NOT NULL,
    `copies` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Printing` ADD CONSTRAINT `Printing_bookIsbn_editionNumber_fkey` FOREIGN KEY (`bookIsbn`, `editionNumber`) REFERENCES `Edition`(`bookIsbn`, `number`) ON DELETE RESTRICT ON UPDATE CASCADE;
