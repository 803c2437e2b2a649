-- AlterTable
ALTER TABLE "Account" DROP COLUMN "email",
ADD COLUMN     "email" "Status" NOT NULL;
