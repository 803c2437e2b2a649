-- AlterTable
ALTER TABLE `Item` DROP COLUMN `note`,
    ADD COLUMN `sku` VARCHAR(191) NULL,
    MODIFY `qty` INTEGER NOT NULL DEFAULT 1,
    MODIFY `price` DECIMAL(65, 30) NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX `Item_code_key` ON `Item`(`code`);
