-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Small" (
    "id" SMALLSERIAL NOT NULL,
    "name" VARCHAR(50) NOT NULL,

    CONSTRAINT "Small_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Large" (
    "id" BIGSERIAL NOT NULL,
    "smallId" SMALLINT NOT NULL,

    CONSTRAINT "Large_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plain" (
    "id" SERIAL NOT NULL,
    "seq" SERIAL NOT NULL,

    CONSTRAINT "Plain_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Large" ADD CONSTRAINT "Large_smallId_fkey" FOREIGN KEY ("smallId") REFERENCES "Small"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
