-- AlterTable
ALTER TABLE `Owner` MODIFY `name` VARCHAR(191) NULL;

-- AlterTable
ALTER TABLE `Item` MODIFY `qty` INTEGER NULL;
