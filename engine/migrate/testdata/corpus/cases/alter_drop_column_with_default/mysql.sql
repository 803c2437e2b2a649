-- AlterTable
ALTER TABLE `Post` DROP COLUMN `views`;
