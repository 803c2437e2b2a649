-- AlterTable
ALTER TABLE "Item" ALTER COLUMN "code" SET DEFAULT 'it''s';
