-- AlterTable
ALTER TABLE "Item" DROP COLUMN "created",
ADD COLUMN     "created" TIMESTAMP(3) NOT NULL;
