-- AlterTable
ALTER TABLE "Customer" DROP COLUMN "ref",
ADD COLUMN     "ref" UUID NOT NULL DEFAULT gen_random_uuid();
