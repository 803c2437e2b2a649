-- DropIndex
DROP INDEX `User_email_key` ON `User`;

-- CreateIndex
CREATE INDEX `User_email_idx` ON `User`(`email`);
