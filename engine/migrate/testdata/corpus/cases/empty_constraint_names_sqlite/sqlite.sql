-- CreateTable
CREATE TABLE "Account" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    CONSTRAINT "Account_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Owner" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateIndex
CREATE UNIQUE INDEX "account_email_uq" ON "Account"("email");

-- CreateIndex
CREATE INDEX "account_region_ix" ON "Account"("region");

-- CreateIndex
CREATE UNIQUE INDEX "account_tenant_handle_uq" ON "Account"("tenant", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "Account_tenant_region_key" ON "Account"("tenant", "region");
