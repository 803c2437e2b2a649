-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "audit";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "base";

-- CreateEnum
CREATE TYPE "base"."role" AS ENUM ('ADMIN', 'USER');

-- CreateEnum
CREATE TYPE "audit"."role" AS ENUM ('ADMIN');

-- CreateTable
CREATE TABLE "base"."users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" "base"."role" NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit"."users" (
    "id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "role" "audit"."role" NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit"."Event" (
    "id" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_key" ON "base"."users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "email_key" ON "audit"."users"("email");

-- AddForeignKey
ALTER TABLE "audit"."Event" ADD CONSTRAINT "Event_userId_fkey" FOREIGN KEY ("userId") REFERENCES "base"."users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
