-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "score" SET DATA TYPE REAL;
