-- AlterTable
ALTER TABLE `Post` ADD COLUMN `authorEmail` VARCHAR(191) NULL;

-- AddForeignKey
ALTER TABLE `Post` ADD CONSTRAINT `Post_authorEmail_fkey` FOREIGN KEY (`authorEmail`) REFERENCES `User`(`email`) ON DELETE SET NULL ON UPDATE CASCADE;
