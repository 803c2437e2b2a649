-- DropForeignKey
ALTER TABLE `_BookToTag` DROP FOREIGN KEY `_BookToTag_A_fkey`;

-- DropForeignKey
ALTER TABLE `_BookToTag` DROP FOREIGN KEY `_BookToTag_B_fkey`;

-- DropTable
DROP TABLE `_BookToTag`;
