-- AlterTable
ALTER TABLE `Item` DROP COLUMN `created`,
    ADD COLUMN `created` JSON NOT NULL;
