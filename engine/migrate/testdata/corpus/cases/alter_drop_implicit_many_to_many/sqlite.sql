-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "_BookToTag";
PRAGMA foreign_keys=on;
