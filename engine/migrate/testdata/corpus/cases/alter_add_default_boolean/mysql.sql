-- AlterTable
ALTER TABLE `Item` MODIFY `active` BOOLEAN NOT NULL DEFAULT true;
