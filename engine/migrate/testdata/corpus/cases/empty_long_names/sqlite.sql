-- CreateTable
CREATE TABLE "OrganizationMembershipInvitation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "anExtremelyLongColumnNameThatWillNeedTruncationSomewhere" TEXT NOT NULL,
    "anotherExtremelyLongColumnNameForCompoundIndexesAndKeys" TEXT NOT NULL,
    "yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey" TEXT NOT NULL,
    "invitingOrganizationAdministratorAccountIdentifier" INTEGER NOT NULL,
    CONSTRAINT "OrganizationMembershipInvitation_invitingOrganizationAdministratorAccountIdentifier_fkey" FOREIGN KEY ("invitingOrganizationAdministratorAccountIdentifier") REFERENCES "OrganizationAdministratorAccount" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrganizationAdministratorAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLängerWirdXY" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "straßenNameMitUmlautenÄÖÜ" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators_A_fkey" FOREIGN KEY ("A") REFERENCES "OrganizationAdministratorAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators_B_fkey" FOREIGN KEY ("B") REFERENCES "OrganizationMembershipInvitation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationMembershipInvitation_anExtremelyLongColumnNameThatWillNeedTruncationSomewhere_key" ON "OrganizationMembershipInvitation"("anExtremelyLongColumnNameThatWillNeedTruncationSomewhere");

-- CreateIndex
CREATE INDEX "OrganizationMembershipInvitation_yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey_idx" ON "OrganizationMembershipInvitation"("yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey");

-- CreateIndex
CREATE INDEX "OrganizationMembershipInvitation_anotherExtremelyLongColumnNameForCompoundIndexesAndKeys_invitingOrganizationAdministratorAccountIdentifier_idx" ON "OrganizationMembershipInvitation"("anotherExtremelyLongColumnNameForCompoundIndexesAndKeys", "invitingOrganizationAdministratorAccountIdentifier");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationMembershipInvitation_anotherExtremelyLongColumnNameForCompoundIndexesAndKeys_yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey_key" ON "OrganizationMembershipInvitation"("anotherExtremelyLongColumnNameForCompoundIndexesAndKeys", "yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey");

-- CreateIndex
CREATE UNIQUE INDEX "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLängerWirdXY_straßenNameMitUmlautenÄÖÜ_key" ON "ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLängerWirdXY"("straßenNameMitUmlautenÄÖÜ");

-- CreateIndex
CREATE UNIQUE INDEX "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators_AB_unique" ON "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators"("A", "B");

-- CreateIndex
CREATE INDEX "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators_B_index" ON "_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdministrators"("B");
