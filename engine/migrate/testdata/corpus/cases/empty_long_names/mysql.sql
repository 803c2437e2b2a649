-- CreateTable
CREATE TABLE `OrganizationMembershipInvitation` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `anExtremelyLongColumnNameThatWillNeedTruncationSomewhere` VARCHAR(191) NOT NULL,
    `anotherExtremelyLongColumnNameForCompoundIndexesAndKeys` VARCHAR(191) NOT NULL,
    `yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey` VARCHAR(191) NOT NULL,
    `invitingOrganizationAdministratorAccountIdentifier` INTEGER NOT NULL,

    UNIQUE INDEX `OrganizationMembershipInvitation_anExtremelyLongColumnNameTh_key`(`anExtremelyLongColumnNameThatWillNeedTruncationSomewhere`),
    INDEX `OrganizationMembershipInvitation_yetAnotherExtremelyLongColu_idx`(`yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey`),
    INDEX `OrganizationMembershipInvitation_anotherExtremelyLongColumnN_idx`(`anotherExtremelyLongColumnNameForCompoundIndexesAndKeys`, `invitingOrganizationAdministratorAccountIdentifier`),
    UNIQUE INDEX `OrganizationMembershipInvitation_anotherExtremelyLongColumnN_key`(`anotherExtremelyLongColumnNameForCompoundIndexesAndKeys`, `yetAnotherExtremelyLongColumnNameForTheCompoundIndexKey`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `OrganizationAdministratorAccount` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLängerWirdXY` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `straßenNameMitUmlautenÄÖÜ` VARCHAR(191) NOT NULL,

    UNIQUE INDEX `ÜberLängeÄÖÜTabelleMitUmlautenDieSehrLangIstUndNochLän_key`(`straßenNameMitUmlautenÄÖÜ`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminist` (
    `A` INTEGER NOT NULL,
    `B` INTEGER NOT NULL,

    UNIQUE INDEX `_LongImplicitManyToManyRelationshipBetweenInvitationsA_AB_unique`(`A`, `B`),
    INDEX `_LongImplicitManyToManyRelationshipBetweenInvitationsAnd_B_index`(`B`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `OrganizationMembershipInvitation` ADD CONSTRAINT `OrganizationMembershipInvitation_invitingOrganizationAdmini_fkey` FOREIGN KEY (`invitingOrganizationAdministratorAccountIdentifier`) REFERENCES `OrganizationAdministratorAccount`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminist` ADD CONSTRAINT `_LongImplicitManyToManyRelationshipBetweenInvitationsAndA_A_fkey` FOREIGN KEY (`A`) REFERENCES `OrganizationAdministratorAccount`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `_LongImplicitManyToManyRelationshipBetweenInvitationsAndAdminist` ADD CONSTRAINT `_LongImplicitManyToManyRelationshipBetweenInvitationsAndA_B_fkey` FOREIGN KEY (`B`) REFERENCES `OrganizationMembershipInvitation`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
