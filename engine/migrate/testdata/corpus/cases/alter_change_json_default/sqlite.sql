-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "bio" TEXT NOT NULL,
    "balance" DECIMAL NOT NULL,
    "rating" INTEGER NOT NULL,
    "joined" DATETIME NOT NULL,
    "ref" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "meta" JSONB NOT NULL DEFAULT []
);
INSERT INTO "new_Customer" ("balance", "bio", "id", "joined", "meta", "name", "rating", "ref", "score") SELECT "balance", "bio", "id", "joined", "meta", "name", "rating", "ref", "score" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
