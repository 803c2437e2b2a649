-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Native" (
    "id" UUID NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "code" CHAR(3) NOT NULL,
    "body" TEXT NOT NULL,
    "bits" BIT(8) NOT NULL,
    "varbits" VARBIT(16) NOT NULL,
    "small" SMALLINT NOT NULL,
    "int4" INTEGER NOT NULL,
    "oid" OID NOT NULL,
    "big" BIGINT NOT NULL,
    "real" REAL NOT NULL,
    "dbl" DOUBLE PRECISION NOT NULL,
    "price" DECIMAL(10,2) NOT NULL,
    "money" MONEY NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL,
    "ts" TIMESTAMP(0) NOT NULL,
    "day" DATE NOT NULL,
    "clock" TIME(3) NOT NULL,
    "clocktz" TIMETZ(6) NOT NULL,
    "ip" INET NOT NULL,
    "doc" JSON NOT NULL,
    "docb" JSONB NOT NULL,
    "xml" XML NOT NULL,
    "flag" BOOLEAN NOT NULL,
    "raw" BYTEA NOT NULL,
    "cit" CITEXT NOT NULL,

    CONSTRAINT "Native_pkey" PRIMARY KEY ("id")
);
