-- AlterTable
ALTER TABLE `Item` MODIFY `price` DECIMAL(65, 30) NOT NULL;
