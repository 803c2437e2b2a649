-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "past" "Status"[];
