-- AlterTable
ALTER TABLE `User` ADD COLUMN `prefs` JSON NOT NULL;
