-- CreateTable
CREATE TABLE "legacy_people" (
    "legacy_id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "tmp" TEXT
);

-- CreateIndex
CREATE INDEX "legacy_people_last_name_idx" ON "legacy_people"("last_name");

-- CreateIndex
CREATE UNIQUE INDEX "legacy_people_first_name_last_name_key" ON "legacy_people"("first_name", "last_name");
