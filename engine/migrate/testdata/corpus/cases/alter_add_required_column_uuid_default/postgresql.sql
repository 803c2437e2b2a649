-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "token" TEXT NOT NULL;
