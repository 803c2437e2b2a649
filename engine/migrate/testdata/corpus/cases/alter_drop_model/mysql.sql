-- DropTable
DROP TABLE `Tag`;
