-- CreateTable
CREATE TABLE "Edition" (
    "bookIsbn" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,

    PRIMARY KEY ("bookIsbn", "number")
);

-- CreateTable
CREATE TABLE "Printing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bookIsbn" TEXT NOT NULL,
    "editionNumber" INTEGER NOT NULL,
    "copies" INTEGER NOT NULL,
    CONSTRAINT "Printing_bookIsbn_editionNumber_fkey" FOREIGN KEY ("bookIsbn", "editionNumber") REFERENCES "Edition" ("bookIsbn", "number") ON DELETE RESTRICT ON UPDATE CASCADE
);
