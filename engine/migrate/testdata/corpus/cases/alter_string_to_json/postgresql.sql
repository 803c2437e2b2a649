-- AlterTable
ALTER TABLE "Item" DROP COLUMN "created",
ADD COLUMN     "created" JSONB NOT NULL;
