-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "level_kind" AS ENUM ('low', 'high');

-- CreateTable
CREATE TABLE "orgs" (
    "code" TEXT NOT NULL,
    "region" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'it''s',

    CONSTRAINT "orgs_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" BIGSERIAL NOT NULL,
    "orgCode" TEXT NOT NULL,
    "orgReg" INTEGER NOT NULL,
    "level" "level_kind" NOT NULL DEFAULT 'high',
    "score" DECIMAL(65,30) NOT NULL DEFAULT 1.25,
    "big" BIGINT NOT NULL DEFAULT 9007199254740993,
    "handle" TEXT NOT NULL,
    "nick" TEXT,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pair" (
    "left" INTEGER NOT NULL,
    "right" INTEGER NOT NULL,

    CONSTRAINT "pair_pk" PRIMARY KEY ("left","right")
);

-- CreateTable
CREATE TABLE "Code" (
    "id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Label" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_membership" (
    "A" INTEGER NOT NULL,
    "B" BIGINT NOT NULL,

    CONSTRAINT "_membership_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMyS" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgr_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "org_code_region" ON "orgs"("code", "region");

-- CreateIndex
CREATE UNIQUE INDEX "Member_handle_key" ON "Member"("handle");

-- CreateIndex
CREATE INDEX "Member_orgCode_orgReg_idx" ON "Member"("orgCode", "orgReg" DESC);

-- CreateIndex
CREATE INDEX "_membership_B_index" ON "_membership"("B");

-- CreateIndex
CREATE INDEX "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgr_B_index" ON "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMyS"("B");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_orgCode_orgReg_fkey" FOREIGN KEY ("orgCode", "orgReg") REFERENCES "orgs"("code", "region") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_membership" ADD CONSTRAINT "_membership_A_fkey" FOREIGN KEY ("A") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_membership" ADD CONSTRAINT "_membership_B_fkey" FOREIGN KEY ("B") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMyS" ADD CONSTRAINT "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgre_A_fkey" FOREIGN KEY ("A") REFERENCES "Code"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMyS" ADD CONSTRAINT "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgre_B_fkey" FOREIGN KEY ("B") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
