-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "tags" SET DEFAULT ARRAY['new']::TEXT[];
