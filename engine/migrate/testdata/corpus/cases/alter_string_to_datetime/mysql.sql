-- AlterTable
ALTER TABLE `Item` DROP COLUMN `created`,
    ADD COLUMN `created` DATETIME(3) NOT NULL;
