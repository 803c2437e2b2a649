-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "OrganizationMembershipInvitation" (
    "id" SERIAL NOT NULL,
    "anExtremelyLongColumnNameThatWillNeedTruncationSomewhere" TEXT NOT NULL,
    "anotherExtremelyLongColumnNameForCompoundIndexesAndKeys" TEXT NOT NULL,
    "yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey" TEXT NOT NULL,
    "invitingOrganizationAdministratorAccountIdentifier" INTEGER NOT NULL,

    CONSTRAINT "OrganizationMembershipInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationAdministratorAccount" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "OrganizationAdministratorAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLängerWirdXY" (
    "id" SERIAL NOT NULL,
    "straßenNameMitUmlautenÄÖÜ" TEXT NOT NULL,

    CONSTRAINT "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochL_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminis" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_LongImplicitManyToManyRelationshipBetweenInvitationsAn_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationMembershipInvitation_anExtremelyLongColumnNameT_key" ON "OrganizationMembershipInvitation"("anExtremelyLongColumnNameThatWillNeedTruncationSomewhere");

-- CreateIndex
CREATE INDEX "OrganizationMembershipInvitation_yetAnotherExtremelyLongCol_idx" ON "OrganizationMembershipInvitation"("yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey");

-- CreateIndex
CREATE INDEX "OrganizationMembershipInvitation_anotherExtremelyLongColumn_idx" ON "OrganizationMembershipInvitation"("anotherExtremelyLongColumnNameForCompoundIndexesAndKeys", "invitingOrganizationAdministratorAccountIdentifier");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationMembershipInvitation_anotherExtremelyLongColumn_key" ON "OrganizationMembershipInvitation"("anotherExtremelyLongColumnNameForCompoundIndexesAndKeys", "yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey");

-- CreateIndex
CREATE UNIQUE INDEX "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLä_key" ON "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLängerWirdXY"("straßenNameMitUmlautenÄÖÜ");

-- CreateIndex
CREATE INDEX "_LongImplicitManyToManyRelationshipBetweenInvitationsAn_B_index" ON "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminis"("B");

-- AddForeignKey
ALTER TABLE "OrganizationMembershipInvitation" ADD CONSTRAINT "OrganizationMembershipInvitation_invitingOrganizationAdmin_fkey" FOREIGN KEY ("invitingOrganizationAdministratorAccountIdentifier") REFERENCES "OrganizationAdministratorAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminis" ADD CONSTRAINT "_LongImplicitManyToManyRelationshipBetweenInvitationsAnd_A_fkey" FOREIGN KEY ("A") REFERENCES "OrganizationAdministratorAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminis" ADD CONSTRAINT "_LongImplicitManyToManyRelationshipBetweenInvitationsAnd_B_fkey" FOREIGN KEY ("B") REFERENCES "OrganizationMembershipInvitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
