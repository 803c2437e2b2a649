-- AlterTable
ALTER TABLE "User" ADD COLUMN     "prefs" JSONB NOT NULL DEFAULT '{"theme": "dark"}';
