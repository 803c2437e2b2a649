-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "audit";

-- AlterEnum
ALTER TYPE "base"."Status" ADD VALUE 'ARCHIVED';

-- AlterTable
ALTER TABLE "base"."Post" ADD COLUMN     "tags" TEXT[];

-- CreateTable
CREATE TABLE "audit"."Event" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" "auth"."Role" NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Event_userId_idx" ON "audit"."Event"("userId");

-- AddForeignKey
ALTER TABLE "audit"."Event" ADD CONSTRAINT "Event_userId_fkey" FOREIGN KEY ("userId") REFERENCES "auth"."User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
