-- CreateTable
CREATE TABLE "Doc" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meta" JSONB NOT NULL DEFAULT {},
    "list" JSONB NOT NULL DEFAULT [],
    "nothing" JSONB,
    "blob" BLOB NOT NULL DEFAULT '010203',
    "maybe" BLOB
);
