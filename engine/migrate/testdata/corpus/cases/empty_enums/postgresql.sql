-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Color" AS ENUM ('RED', 'GREEN', 'BLUE');

-- CreateEnum
CREATE TYPE "shirt_size" AS ENUM ('s', 'm', 'l');

-- CreateTable
CREATE TABLE "Shirt" (
    "id" SERIAL NOT NULL,
    "color" "Color" NOT NULL DEFAULT 'RED',
    "size" "shirt_size",
    "alt" "Color",

    CONSTRAINT "Shirt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Palette" (
    "id" SERIAL NOT NULL,
    "primary" "Color" NOT NULL,

    CONSTRAINT "Palette_pkey" PRIMARY KEY ("id")
);
