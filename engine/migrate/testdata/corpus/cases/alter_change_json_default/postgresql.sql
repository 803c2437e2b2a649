-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "meta" SET DEFAULT '[]';
