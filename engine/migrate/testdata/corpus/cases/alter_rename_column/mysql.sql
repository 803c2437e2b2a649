-- AlterTable
ALTER TABLE `User` DROP COLUMN `name`,
    ADD COLUMN `displayName` VARCHAR(191) NULL;
