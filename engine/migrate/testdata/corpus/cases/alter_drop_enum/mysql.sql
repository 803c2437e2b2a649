-- AlterTable
ALTER TABLE `Account` DROP COLUMN `status`;

-- AlterTable
ALTER TABLE `Audit` DROP COLUMN `last`;
