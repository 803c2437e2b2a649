-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Edition" (
    "bookIsbn" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,

    CONSTRAINT "Edition_pkey" PRIMARY KEY ("bookIsbn","number")
);

-- CreateTable
CREATE TABLE "Printing" (
    "id" SERIAL NOT NULL,
    "bookIsbn" TEXT NOT NULL,
    "editionNumber" INTEGER NOT NULL,
    "copies" INTEGER NOT NULL,

    CONSTRAINT "Printing_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Printing" ADD CONSTRAINT "Printing_bookIsbn_editionNumber_fkey" FOREIGN KEY ("bookIsbn", "editionNumber") REFERENCES "Edition"("bookIsbn", "number") ON DELETE RESTRICT ON UPDATE CASCADE;
