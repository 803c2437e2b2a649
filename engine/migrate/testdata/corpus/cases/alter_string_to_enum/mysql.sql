-- AlterTable
ALTER TABLE `Account` DROP COLUMN `email`,
    ADD COLUMN `email` ENUM('ACTIVE', 'INACTIVE', 'BANNED') NOT NULL;
