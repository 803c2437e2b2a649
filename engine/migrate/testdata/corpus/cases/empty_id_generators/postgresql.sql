-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Gen" (
    "id" TEXT NOT NULL,
    "c2" TEXT NOT NULL,
    "nano" TEXT NOT NULL,
    "nano8" TEXT NOT NULL,
    "ulid" TEXT NOT NULL,
    "u4" TEXT NOT NULL,
    "c1" TEXT NOT NULL,

    CONSTRAINT "Gen_pkey" PRIMARY KEY ("id")
);
