-- AlterTable
ALTER TABLE `Item` MODIFY `code` VARCHAR(191) NULL;
