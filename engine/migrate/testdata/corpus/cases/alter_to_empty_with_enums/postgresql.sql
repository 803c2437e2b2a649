-- DropTable
DROP TABLE "Account";

-- DropTable
DROP TABLE "Audit";

-- DropEnum
DROP TYPE "Status";
