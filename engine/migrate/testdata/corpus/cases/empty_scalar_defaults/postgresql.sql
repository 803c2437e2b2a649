-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Level" AS ENUM ('LOW', 'HIGH');

-- CreateTable
CREATE TABLE "Everything" (
    "id" SERIAL NOT NULL,
    "str" TEXT NOT NULL DEFAULT 'it''s "quoted"',
    "strEmpty" TEXT NOT NULL DEFAULT '',
    "int" INTEGER NOT NULL DEFAULT 42,
    "negInt" INTEGER NOT NULL DEFAULT -7,
    "float" DOUBLE PRECISION NOT NULL DEFAULT 3.14,
    "bool" BOOLEAN NOT NULL DEFAULT true,
    "boolFalse" BOOLEAN NOT NULL DEFAULT false,
    "big" BIGINT NOT NULL DEFAULT 9007199254740993,
    "dec" DECIMAL(65,30) NOT NULL DEFAULT 12.5,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" TIMESTAMP(3) NOT NULL DEFAULT '2024-01-02 03:04:05 +00:00',
    "level" "Level" NOT NULL DEFAULT 'HIGH',
    "json" JSONB NOT NULL DEFAULT '{"a": 1}',
    "bytes" BYTEA NOT NULL,
    "uuid" TEXT NOT NULL,
    "cuid" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "optStr" TEXT,
    "optInt" INTEGER,
    "optFloat" DOUBLE PRECISION,
    "optBool" BOOLEAN,
    "optBig" BIGINT,
    "optDec" DECIMAL(65,30),
    "optAt" TIMESTAMP(3),
    "optJson" JSONB,
    "optBytes" BYTEA,
    "optLevel" "Level",

    CONSTRAINT "Everything_pkey" PRIMARY KEY ("id")
);
