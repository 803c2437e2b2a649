-- CreateTable
CREATE TABLE "orgs" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "region" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'it''s'
);

-- CreateTable
CREATE TABLE "Member" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "orgCode" TEXT NOT NULL,
    "orgReg" INTEGER NOT NULL,
    "level" TEXT NOT NULL DEFAULT 'high',
    "score" DECIMAL NOT NULL DEFAULT 1.25,
    "big" BIGINT NOT NULL DEFAULT 9007199254740993,
    "handle" TEXT NOT NULL,
    "nick" TEXT,
    CONSTRAINT "Member_orgCode_orgReg_fkey" FOREIGN KEY ("orgCode", "orgReg") REFERENCES "orgs" ("code", "region") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Group" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "Pair" (
    "left" INTEGER NOT NULL,
    "right" INTEGER NOT NULL,

    PRIMARY KEY ("left", "right")
);

-- CreateTable
CREATE TABLE "Code" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "label" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Label" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "_membership" (
    "A" INTEGER NOT NULL,
    "B" BIGINT NOT NULL,
    CONSTRAINT "_membership_A_fkey" FOREIGN KEY ("A") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_membership_B_fkey" FOREIGN KEY ("B") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL_A_fkey" FOREIGN KEY ("A") REFERENCES "Code" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL_B_fkey" FOREIGN KEY ("B") REFERENCES "Label" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "org_code_region" ON "orgs"("code", "region");

-- CreateIndex
CREATE UNIQUE INDEX "Member_handle_key" ON "Member"("handle");

-- CreateIndex
CREATE INDEX "Member_orgCode_orgReg_idx" ON "Member"("orgCode", "orgReg" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "_membership_AB_unique" ON "_membership"("A", "B");

-- CreateIndex
CREATE INDEX "_membership_B_index" ON "_membership"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL_AB_unique" ON "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL"("A", "B");

-- CreateIndex
CREATE INDEX "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL_B_index" ON "_AnExtremelyLongRelationNameThatNeedsTruncatingInPostgresAndMySQL"("B");
