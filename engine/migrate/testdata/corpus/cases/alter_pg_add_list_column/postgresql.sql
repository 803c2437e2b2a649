-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "lucky" INTEGER[] DEFAULT ARRAY[7]::INTEGER[],
ADD COLUMN     "tags" TEXT[];
