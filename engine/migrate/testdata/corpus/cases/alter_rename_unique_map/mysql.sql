-- RenameIndex
ALTER TABLE `User` RENAME INDEX `User_email_key` TO `user_email_uq`;
