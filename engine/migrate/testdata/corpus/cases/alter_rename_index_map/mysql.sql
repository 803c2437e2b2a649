-- RenameIndex
ALTER TABLE `Post` RENAME INDEX `Post_authorId_idx` TO `post_author_idx`;
