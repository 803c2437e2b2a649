-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "legacy_people" (
    "legacy_id" SERIAL NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "tmp" TEXT,

    CONSTRAINT "legacy_people_pkey" PRIMARY KEY ("legacy_id")
);

-- CreateIndex
CREATE INDEX "legacy_people_last_name_idx" ON "legacy_people"("last_name");

-- CreateIndex
CREATE UNIQUE INDEX "legacy_people_first_name_last_name_key" ON "legacy_people"("first_name", "last_name");
