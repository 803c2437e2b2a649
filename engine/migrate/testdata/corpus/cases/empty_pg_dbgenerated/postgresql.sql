-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "seq" BIGSERIAL NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "day" DATE NOT NULL DEFAULT CURRENT_DATE,
    "label" TEXT NOT NULL DEFAULT 'x'::text,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);
