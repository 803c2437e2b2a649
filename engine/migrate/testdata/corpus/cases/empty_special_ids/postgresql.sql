-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "BlobKey" (
    "key" BYTEA NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "BlobKey_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "BigKey" (
    "id" BIGSERIAL NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "BigKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BigRef" (
    "id" SERIAL NOT NULL,
    "keyId" BIGINT NOT NULL,

    CONSTRAINT "BigRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecKey" (
    "id" DECIMAL(65,30) NOT NULL,
    "value" JSONB NOT NULL,

    CONSTRAINT "DecKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UuidKey" (
    "id" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "UuidKey_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "BigRef" ADD CONSTRAINT "BigRef_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "BigKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
