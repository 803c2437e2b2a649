-- CreateEnum
CREATE TYPE "account_status" AS ENUM ('ACTIVE', 'INACTIVE', 'BANNED');

-- AlterTable
ALTER TABLE "Account" DROP COLUMN "status",
ADD COLUMN     "status" "account_status" NOT NULL DEFAULT 'ACTIVE';

-- AlterTable
ALTER TABLE "Audit" DROP COLUMN "last",
ADD COLUMN     "last" "account_status" NOT NULL;

-- DropEnum
DROP TYPE "Status";
