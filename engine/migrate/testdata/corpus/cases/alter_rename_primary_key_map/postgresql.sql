-- AlterTable
ALTER TABLE "Post" RENAME CONSTRAINT "Post_pkey" TO "post_pk";
