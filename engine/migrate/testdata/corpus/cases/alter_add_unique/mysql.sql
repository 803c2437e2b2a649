-- CreateIndex
CREATE UNIQUE INDEX `Item_code_key` ON `Item`(`code`);
