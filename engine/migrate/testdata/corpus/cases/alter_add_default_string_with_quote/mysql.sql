-- AlterTable
ALTER TABLE `Item` MODIFY `code` VARCHAR(191) NOT NULL DEFAULT 'it''s';
