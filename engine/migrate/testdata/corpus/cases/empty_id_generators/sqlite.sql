-- CreateTable
CREATE TABLE "Gen" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "c2" TEXT NOT NULL,
    "nano" TEXT NOT NULL,
    "nano8" TEXT NOT NULL,
    "ulid" TEXT NOT NULL,
    "u4" TEXT NOT NULL,
    "c1" TEXT NOT NULL
);
