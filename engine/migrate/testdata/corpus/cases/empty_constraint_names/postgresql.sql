-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,

    CONSTRAINT "account_pk" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Owner" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "Owner_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_email_uq" ON "Account"("email");

-- CreateIndex
CREATE INDEX "account_region_ix" ON "Account"("region");

-- CreateIndex
CREATE UNIQUE INDEX "account_tenant_handle_uq" ON "Account"("tenant", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "Account_tenant_region_key" ON "Account"("tenant", "region");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "account_owner_fk" FOREIGN KEY ("ownerId") REFERENCES "Owner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
