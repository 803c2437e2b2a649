-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Doc" (
    "id" SERIAL NOT NULL,
    "meta" JSONB NOT NULL DEFAULT '{}',
    "list" JSONB NOT NULL DEFAULT '[]',
    "nothing" JSONB,
    "blob" BYTEA NOT NULL DEFAULT '\x010203',
    "maybe" BYTEA,

    CONSTRAINT "Doc_pkey" PRIMARY KEY ("id")
);
