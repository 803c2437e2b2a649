-- CreateTable
CREATE TABLE "BlobKey" (
    "key" BLOB NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "BigKey" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "BigRef" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "keyId" BIGINT NOT NULL,
    CONSTRAINT "BigRef_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "BigKey" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DecKey" (
    "id" DECIMAL NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL
);

-- CreateTable
CREATE TABLE "UuidKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "data" JSONB
);
