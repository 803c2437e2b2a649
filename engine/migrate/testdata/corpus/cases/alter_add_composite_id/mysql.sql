-- AlterTable
ALTER TABLE `Membership` DROP PRIMARY KEY,
    DROP COLUMN `id`,
    ADD PRIMARY KEY (`userId`, `groupId`);
