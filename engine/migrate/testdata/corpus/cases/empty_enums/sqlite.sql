-- CreateTable
CREATE TABLE "Shirt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "color" TEXT NOT NULL DEFAULT 'RED',
    "size" TEXT,
    "alt" TEXT
);

-- CreateTable
CREATE TABLE "Palette" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "primary" TEXT NOT NULL
);
