-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lang" TEXT DEFAULT 'en';
