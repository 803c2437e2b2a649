-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Log" (
    "id" SERIAL NOT NULL,
    "level" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "userId" INTEGER,

    CONSTRAINT "Log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Log_level_at_idx" ON "Log"("level", "at" DESC);

-- CreateIndex
CREATE INDEX "Log_source_level_userId_idx" ON "Log"("source", "level", "userId");

-- CreateIndex
CREATE INDEX "log_recent_idx" ON "Log"("at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Log_source_at_key" ON "Log"("source", "at" DESC);
