-- CreateTable
CREATE TABLE "Log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "level" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "userId" INTEGER
);

-- CreateIndex
CREATE INDEX "Log_level_at_idx" ON "Log"("level", "at" DESC);

-- CreateIndex
CREATE INDEX "Log_source_level_userId_idx" ON "Log"("source", "level", "userId");

-- CreateIndex
CREATE INDEX "log_recent_idx" ON "Log"("at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Log_source_at_key" ON "Log"("source", "at" DESC);
