-- RedefineIndex
DROP INDEX "Post_authorId_idx";
CREATE INDEX "post_author_idx" ON "Post"("authorId");
