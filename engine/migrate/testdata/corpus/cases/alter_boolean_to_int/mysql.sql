-- AlterTable
ALTER TABLE `Item` DROP COLUMN `active`,
    ADD COLUMN `active` INTEGER NOT NULL;
