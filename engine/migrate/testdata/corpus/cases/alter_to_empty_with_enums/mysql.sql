-- DropTable
DROP TABLE `Account`;

-- DropTable
DROP TABLE `Audit`;
