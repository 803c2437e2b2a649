-- AlterTable
ALTER TABLE "Item" DROP COLUMN "note",
ADD COLUMN     "sku" TEXT,
ALTER COLUMN "qty" SET DEFAULT 1,
ALTER COLUMN "price" SET DATA TYPE DECIMAL(65,30);

-- CreateIndex
CREATE UNIQUE INDEX "Item_code_key" ON "Item"("code");
