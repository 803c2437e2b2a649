package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

const devV1 = `datasource db {
  provider = "PROVIDER"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
}
`

// devV2 adds a column, a related model with an index, and an enum-free
// default: every change keeps the rows.
const devV2 = `datasource db {
  provider = "PROVIDER"
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  bio       String?
  createdAt DateTime @default(now())
  posts     Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId])
}
`

func TestMigrateDevSQLite(t *testing.T) {
	n := 0
	runDevScenario(t, "sqlite", `"`, func(t *testing.T) map[string]string {
		n++
		return map[string]string{"DATABASE_URL": fmt.Sprintf("file:./prisma/dev%d.db", n)}
	})
}

func TestMigrateDevServers(t *testing.T) {
	forEachServer(t, "dev", func(t *testing.T, provider, quote string, admin driver.Pool, newDB func(*testing.T) map[string]string) {
		runDevScenario(t, provider, quote, newDB)
		// Every shadow database was dropped.
		rows, err := admin.Query(context.Background(), map[string]string{
			"postgresql": "SELECT count(*) FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
			"mysql":      "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'prisma\\_migrate\\_shadow\\_db\\_%'",
		}[provider], nil, []driver.Type{driver.TypeInt})
		if err != nil || rows[0][0] != int64(0) {
			t.Fatalf("shadow databases left behind: %v %v", rows, err)
		}
	})
}

func runDevScenario(t *testing.T, provider, quote string, newDB func(t *testing.T) map[string]string) {
	root := t.TempDir()
	q := func(s string) string { return strings.ReplaceAll(s, `"`, quote) }
	schemaFile := filepath.Join(root, "prisma", "schema.prisma")
	write(t, schemaFile, strings.Replace(devV1, "PROVIDER", provider, 1))
	env := newDB(t)

	// First migration: the database is created and the migration applied.
	expect(t, ppy(t, root, env, "migrate", "dev", "--name", "Init"), 0,
		"The following migration(s) have been created and applied from new schema changes:",
		"_init/\n    └─ migration.sql", "Your database is now in sync with your schema.")
	migs, _ := filepath.Glob(filepath.Join(root, "prisma", "migrations", "*_init", "migration.sql"))
	if len(migs) != 1 {
		t.Fatalf("init migration folder: %v", migs)
	}
	if lock := readFile(t, filepath.Join(root, "prisma", "migrations", "migration_lock.toml")); !strings.Contains(lock, `provider = "`+provider+`"`) {
		t.Fatalf("lock file: %q", lock)
	}
	if init := readFile(t, migs[0]); strings.Contains(init, "CreateSchema") || !strings.HasPrefix(init, "-- CreateTable\n") {
		t.Fatalf("init migration: %q", init)
	}
	execSQL(t, root, env, q(`INSERT INTO "User" ("email", "name") VALUES ('a@example.com', 'Alice')`))

	// Nothing changed: in sync.
	expect(t, ppy(t, root, env, "migrate", "dev"), 0, "Already in sync, no schema change or pending migration was found.")

	// Second migration keeps the row.
	write(t, schemaFile, strings.Replace(devV2, "PROVIDER", provider, 1))
	expect(t, ppy(t, root, env, "migrate", "dev", "--name", "add posts"), 0, "_add_posts/", "Your database is now in sync with your schema.")
	if n := countRows(t, root, env, q(`SELECT count(*) FROM "User" WHERE "name" = 'Alice'`)); n != 1 {
		t.Fatalf("rows of User after the second migration: %d", n)
	}
	execSQL(t, root, env, q(`INSERT INTO "Post" ("title", "authorId") VALUES ('Hello', 1)`))
	expect(t, ppy(t, root, env, "migrate", "status"), 0, "Database schema is up to date!")
	expect(t, ppy(t, root, env, "migrate", "diff", "--from-config-datasource", "--to-schema", schemaFile, "--exit-code"), 0, "No difference detected.")

	// A second database gets both migrations from deploy.
	second := newDB(t)
	expect(t, ppy(t, root, second, "migrate", "deploy"), 0, "2 migrations found in prisma/migrations", "All migrations have been successfully applied.")
	expect(t, ppy(t, root, second, "migrate", "status"), 0, "Database schema is up to date!")

	// Dropping a column that holds data: refused without a prompt, then
	// accepted with the flag; the file carries Prisma's warnings block.
	write(t, schemaFile, strings.Replace(strings.Replace(devV2, "PROVIDER", provider, 1), "  bio       String?\n", "", 1))
	execSQL(t, root, env, q(`UPDATE "User" SET "bio" = 'x'`))
	expect(t, ppy(t, root, env, "migrate", "dev", "--name", "drop bio"), 1,
		"You are about to drop the column `bio` on the `User` table, which still contains 1 non-null values.", "non-interactive")
	if got, _ := filepath.Glob(filepath.Join(root, "prisma", "migrations", "*_drop_bio")); len(got) != 0 {
		t.Fatalf("a refused migration was written: %v", got)
	}
	expect(t, ppy(t, root, env, "migrate", "dev", "--name", "drop bio", "--accept-data-loss"), 0, "_drop_bio/")
	dropped, _ := filepath.Glob(filepath.Join(root, "prisma", "migrations", "*_drop_bio", "migration.sql"))
	if len(dropped) != 1 || !strings.HasPrefix(readFile(t, dropped[0]), "/*\n  Warnings:\n\n  - You are about to drop the column `bio` on the `User` table. All the data in the column will be lost.\n") {
		t.Fatalf("drop migration: %v", dropped)
	}
	if n := countRows(t, root, env, q(`SELECT count(*) FROM "Post"`)); n != 1 {
		t.Fatalf("rows of Post after dropping User.bio: %d", n)
	}

	// --create-only writes an empty draft without applying it.
	expect(t, ppy(t, root, env, "migrate", "dev", "--create-only", "--name", "empty"), 0, "created the following migration without applying it")
	drafts, _ := filepath.Glob(filepath.Join(root, "prisma", "migrations", "*_empty", "migration.sql"))
	if len(drafts) != 1 || readFile(t, drafts[0]) != "-- This is an empty migration." {
		t.Fatalf("draft: %v", drafts)
	}
	expect(t, ppy(t, root, env, "migrate", "status"), 1, "_empty")
	expect(t, ppy(t, root, env, "migrate", "dev"), 0, "The following migration(s) have been applied:", "_empty/")

	// Drift: a table made by hand stops migrate dev with exit 130.
	execSQL(t, root, env, q(`CREATE TABLE "Stray" ("id" INTEGER PRIMARY KEY)`))
	expect(t, ppy(t, root, env, "migrate", "dev"), 130,
		"Drift detected: Your database schema is not in sync with your migration history.", "[+] Added tables\n  - Stray", "We need to reset the")
}

func countRows(t *testing.T, root string, env map[string]string, sql string) int64 {
	t.Helper()
	ctx := context.Background()
	pool, err := connector.Open(ctx, env["DATABASE_URL"], root)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, sql, nil, []driver.Type{driver.TypeInt})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	n, _ := rows[0][0].(int64)
	return n
}
