-- AlterTable
ALTER TABLE "Item" ALTER COLUMN "active" SET DEFAULT true;
