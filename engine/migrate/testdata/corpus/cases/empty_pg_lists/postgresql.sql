-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Kind" AS ENUM ('A', 'B');

-- CreateTable
CREATE TABLE "Listy" (
    "id" SERIAL NOT NULL,
    "tags" TEXT[],
    "empty" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "nums" INTEGER[] DEFAULT ARRAY[1, 2, 3]::INTEGER[],
    "words" TEXT[] DEFAULT ARRAY['a', 'b''s']::TEXT[],
    "flags" BOOLEAN[] DEFAULT ARRAY[true, false]::BOOLEAN[],
    "floats" DOUBLE PRECISION[],
    "times" TIMESTAMP(3)[],
    "decs" DECIMAL(65,30)[],
    "bigs" BIGINT[],
    "varchars" VARCHAR(20)[],
    "kinds" "Kind"[] DEFAULT ARRAY['A']::"Kind"[],

    CONSTRAINT "Listy_pkey" PRIMARY KEY ("id")
);
