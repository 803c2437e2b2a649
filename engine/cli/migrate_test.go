package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/history"
)

func ppyIn(t *testing.T, cwd string, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := MainWithInput(args, env, cwd, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// migrationEnv is one database to run the scenario on.
type migrationEnv struct {
	provider string
	q        string // identifier quote
	env      map[string]string
	newDB    func(t *testing.T) map[string]string // a second, empty database
}

func TestMigrateSQLite(t *testing.T) {
	root := t.TempDir()
	n := 0
	runMigrateScenario(t, root, migrationEnv{provider: "sqlite", q: `"`,
		env: map[string]string{"DATABASE_URL": "file:./prisma/dev.db"},
		newDB: func(t *testing.T) map[string]string {
			n++
			return map[string]string{"DATABASE_URL": fmt.Sprintf("file:./prisma/other%d.db", n)}
		}})
}

func TestMigrateServers(t *testing.T) {
	forEachServer(t, "mig", func(t *testing.T, provider, quote string, _ driver.Pool, newDB func(*testing.T) map[string]string) {
		runMigrateScenario(t, t.TempDir(), migrationEnv{provider: provider, q: quote, env: newDB(t), newDB: newDB})
	})
}

// forEachServer runs run on PostgreSQL and MySQL when their test URLs are
// set, with an admin connection and a maker of fresh, uniquely named
// databases (dropped after the test) named after prefix.
func forEachServer(t *testing.T, prefix string, run func(t *testing.T, provider, quote string, admin driver.Pool, newDB func(*testing.T) map[string]string)) {
	for _, c := range []struct{ provider, env, quote string }{
		{"postgresql", "CASPIAN_TEST_POSTGRES_URL", `"`},
		{"mysql", "CASPIAN_TEST_MYSQL_URL", "`"},
	} {
		t.Run(c.provider, func(t *testing.T) {
			base := os.Getenv(c.env)
			if base == "" {
				t.Skipf("%s not set", c.env)
			}
			ctx := context.Background()
			admin, err := connector.Open(ctx, base, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			// A cleanup, not a defer: newDB's drops are cleanups of this
			// test and must run while admin is still open (LIFO).
			t.Cleanup(func() { admin.Close() })
			n := 0
			newDB := func(t *testing.T) map[string]string {
				n++
				name := fmt.Sprintf("%s_%d_%d", prefix, time.Now().UnixNano(), n)
				t.Cleanup(func() { admin.Exec(ctx, "DROP DATABASE IF EXISTS "+c.quote+name+c.quote, nil) })
				u, _ := url.Parse(base)
				u.Path = "/" + name
				return map[string]string{"DATABASE_URL": u.String()}
			}
			run(t, c.provider, c.quote, admin, newDB)
		})
	}
}

func addMigration(t *testing.T, root, name, sql string) {
	t.Helper()
	write(t, filepath.Join(root, "prisma", "migrations", name, "migration.sql"), sql)
}

func expect(t *testing.T, r result, code int, outs ...string) {
	t.Helper()
	all := r.out + r.errOut
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.errOut)
	}
	for _, o := range outs {
		if !strings.Contains(all, o) {
			t.Fatalf("output lacks %q\nstdout:\n%s\nstderr:\n%s", o, r.out, r.errOut)
		}
	}
}

func historyRows(t *testing.T, root string, env map[string]string, provider string) []history.Row {
	t.Helper()
	ctx := context.Background()
	pool, err := connector.Open(ctx, env["DATABASE_URL"], root)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	f := mustFlavour(t, provider)
	rows, ok, err := history.Table{F: f, Q: pool}.Rows(ctx)
	if err != nil || !ok {
		t.Fatalf("rows: %v %v", ok, err)
	}
	return rows
}

func execSQL(t *testing.T, root string, env map[string]string, sql string) {
	t.Helper()
	ctx := context.Background()
	pool, err := connector.Open(ctx, env["DATABASE_URL"], root)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, sql, nil); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func tableExists(t *testing.T, root string, env map[string]string, provider, table string) bool {
	t.Helper()
	ctx := context.Background()
	pool, err := connector.Open(ctx, env["DATABASE_URL"], root)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	names, err := mustFlavour(t, provider).ListTables(ctx, pool, "public")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if n == table {
			return true
		}
	}
	return false
}

func runMigrateScenario(t *testing.T, root string, e migrationEnv) {
	q := func(s string) string { return strings.ReplaceAll(s, `"`, e.q) }
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \""+e.provider+"\"\n}\n\nmodel User {\n  id Int @id\n}\n")
	env := e.env
	write(t, filepath.Join(root, "prisma", "migrations", "migration_lock.toml"), history.LockFileText(e.provider))
	addMigration(t, root, "20260101000000_init", q("-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" INTEGER NOT NULL,\n    \"note\" VARCHAR(20) DEFAULT 'a;b',\n    PRIMARY KEY (\"id\")\n);\n"))

	// help texts
	expect(t, ppy(t, root, env, "migrate"), 0, "ppy migrate [command]")
	expect(t, ppy(t, root, env, "migrate", "deploy", "--help"), 0, "ppy migrate deploy [options]")

	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "1 migration found in prisma/migrations",
		"Applying migration `20260101000000_init`",
		"The following migration(s) have been applied:\n\nmigrations/\n  └─ 20260101000000_init/\n    └─ migration.sql\n\nAll migrations have been successfully applied.\n")
	expect(t, ppy(t, root, env, "migrate", "status"), 0, "1 migration found in prisma/migrations\n\nDatabase schema is up to date!\n")
	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "No pending migrations to apply.")

	addMigration(t, root, "20260102000000_add_post", q("-- CreateTable\nCREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"title\" VARCHAR(50) NOT NULL DEFAULT 'x');\n\nINSERT INTO \"User\" (\"id\") VALUES (1);\n"))
	r := ppy(t, root, env, "migrate", "status")
	expect(t, r, 1, "2 migrations found in prisma/migrations\nFollowing migration have not yet been applied:\n20260102000000_add_post\n\nTo apply migrations in development run ppy migrate dev.\nTo apply migrations in production run ppy migrate deploy.\n")
	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "  └─ 20260102000000_add_post/\n")
	rows := historyRows(t, root, env, e.provider)
	if len(rows) != 2 {
		t.Fatalf("rows: %+v", rows)
	}
	for _, row := range rows {
		script, _ := os.ReadFile(filepath.Join(root, "prisma", "migrations", row.Name, "migration.sql"))
		if row.Checksum != history.Checksum(script) || row.AppliedSteps != 1 || row.FinishedAt == nil || row.RolledBackAt != nil || !row.LogsNull || len(row.ID) != 36 {
			t.Errorf("row %+v", row)
		}
	}

	// A failing migration: P3018, a row with logs, then P3009.
	addMigration(t, root, "20260103000000_bad", q("CREATE TABLE \"Half\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n"))
	r = ppy(t, root, env, "migrate", "deploy")
	expect(t, r, 1, "Error: P3018\n\nA migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: 20260103000000_bad\n\nDatabase error code: ")
	transactional := mustFlavour(t, e.provider).Caps().TransactionalDDL
	if half := tableExists(t, root, env, e.provider, "Half"); half == transactional {
		t.Errorf("table Half exists: %v (transactional DDL: %v)", half, transactional)
	}
	rows = historyRows(t, root, env, e.provider)
	bad := rows[len(rows)-1]
	if bad.Name != "20260103000000_bad" || !bad.Failed() || !strings.Contains(bad.Logs, "Migration name: 20260103000000_bad") || bad.AppliedSteps != 0 {
		t.Fatalf("failed row %+v", bad)
	}
	expect(t, ppy(t, root, env, "migrate", "deploy"), 1, "Error: P3009\n\nmigrate found failed migrations in the target database, new migrations will not be applied.",
		"The `20260103000000_bad` migration started at "+bad.StartedAt.Format("2006-01-02 15:04:05"), " failed with the following logs:\nA migration failed")
	expect(t, ppy(t, root, env, "migrate", "status"), 1, "Following migration have failed:\n20260103000000_bad\n", `ppy migrate resolve --rolled-back "20260103000000_bad"`)
	expect(t, ppy(t, root, env, "migrate", "resolve"), 1, "--applied or --rolled-back must be part of the command")
	expect(t, ppy(t, root, env, "migrate", "resolve", "--applied", "a", "--rolled-back", "b"), 1, "Pass either --applied or --rolled-back, not both.")
	expect(t, ppy(t, root, env, "migrate", "resolve", "--rolled-back", "20260101000000_init"), 1, "Error: P3012\n\nMigration `20260101000000_init` cannot be rolled back because it is not in a failed state.")
	expect(t, ppy(t, root, env, "migrate", "resolve", "--rolled-back", "nope"), 1, "Error: P3011\n\nMigration `nope` cannot be rolled back because it was never applied to the database.")
	if !transactional {
		execSQL(t, root, env, q(`DROP TABLE "Half"`))
	}
	expect(t, ppy(t, root, env, "migrate", "resolve", "--rolled-back", "20260103000000_bad"), 0, "\nMigration 20260103000000_bad marked as rolled back.\n")
	addMigration(t, root, "20260103000000_bad", q("CREATE TABLE \"Half\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n"))
	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "  └─ 20260103000000_bad/\n", "All migrations have been successfully applied.")
	rows = historyRows(t, root, env, e.provider)
	if len(rows) != 4 || rows[2].RolledBackAt == nil || rows[3].Failed() || rows[3].AppliedSteps != 1 {
		t.Fatalf("rows after the fix: %+v", rows)
	}
	expect(t, ppy(t, root, env, "migrate", "status"), 0, "Database schema is up to date!")

	// An applied migration edited afterwards (CRLF alone is not an edit).
	initPath := filepath.Join(root, "prisma", "migrations", "20260101000000_init", "migration.sql")
	orig, _ := os.ReadFile(initPath)
	write(t, initPath, strings.ReplaceAll(string(orig), "\n", "\r\n"))
	expect(t, ppy(t, root, env, "migrate", "status"), 0, "Database schema is up to date!")
	write(t, initPath, string(orig)+"-- edited\n")
	expect(t, ppy(t, root, env, "migrate", "status"), 1, "The following migration(s) were modified after they were applied:\n20260101000000_init\n")
	write(t, initPath, string(orig))

	// Lock file for another provider: P3019.
	lock := filepath.Join(root, "prisma", "migrations", "migration_lock.toml")
	write(t, lock, history.LockFileText("cockroachdb"))
	expect(t, ppy(t, root, env, "migrate", "deploy"), 1, "Error: P3019\n\nThe datasource provider `"+e.provider+"` specified in your schema does not match the one specified in the migration_lock.toml, `cockroachdb`.")
	write(t, lock, history.LockFileText(e.provider))

	// reset
	expect(t, ppy(t, root, env, "migrate", "reset"), 1, "Prisma Migrate has detected that the environment is non-interactive.", "Use --force to run this command without user interaction.")
	ienv := map[string]string{"PPY_INTERACTIVE": "1"}
	for k, v := range env {
		ienv[k] = v
	}
	expect(t, ppyIn(t, root, ienv, "n\n", "migrate", "reset"), 130, "Are you sure you want to reset your database? All data will be lost.", "Reset cancelled.")
	if !tableExists(t, root, env, e.provider, "Half") {
		t.Fatal("reset cancelled but the database was emptied")
	}
	execSQL(t, root, env, q(`CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY)`))
	expect(t, ppyIn(t, root, ienv, "y\n", "migrate", "reset", "--skip-seed"), 0, "Database reset successful\n\nThe following migration(s) have been applied:\n\nmigrations/\n  └─ 20260101000000_init/")
	if tableExists(t, root, env, e.provider, "Extra") || !tableExists(t, root, env, e.provider, "Half") {
		t.Error("reset did not empty the database, or did not apply the migrations")
	}
	expect(t, ppy(t, root, env, "migrate", "reset", "--force"), 0, "Database reset successful")
	if rows := historyRows(t, root, env, e.provider); len(rows) != 3 {
		t.Errorf("rows after reset: %+v", rows)
	}

	// Baselining a database that holds tables but no history.
	other := e.newDB(t)
	expect(t, ppy(t, root, other, "migrate", "deploy"), 0, " database ", " created at ") // creates the database
	execSQL(t, root, other, q(`DROP TABLE "`+history.TableName+`"`))
	r = ppy(t, root, other, "migrate", "status")
	expect(t, r, 1, "Following migrations have not yet been applied:\n20260101000000_init\n20260102000000_add_post\n20260103000000_bad\n")
	expect(t, ppy(t, root, other, "migrate", "deploy"), 1, "Error: P3005\n\nThe database schema is not empty. Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline")
	expect(t, ppy(t, root, other, "migrate", "resolve", "--applied", "nope"), 1, "Error: P3017\n\nThe migration nope could not be found.")
	for _, m := range []string{"20260101000000_init", "20260102000000_add_post"} {
		expect(t, ppy(t, root, other, "migrate", "resolve", "--applied", m), 0, "\nMigration "+m+" marked as applied.\n")
	}
	expect(t, ppy(t, root, other, "migrate", "resolve", "--applied", "20260101000000_init"), 1, "Error: P3008\n\nThe migration `20260101000000_init` is already recorded as applied in the database.")
	rows = historyRows(t, root, other, e.provider)
	if len(rows) != 2 || rows[0].AppliedSteps != 0 || rows[0].Logs != "" || rows[0].LogsNull || rows[0].FinishedAt == nil || !rows[0].FinishedAt.Equal(rows[0].StartedAt) {
		t.Errorf("baseline rows: %+v", rows)
	}
	execSQL(t, root, other, q(`DROP TABLE "Half"`))
	expect(t, ppy(t, root, other, "migrate", "deploy"), 0, "  └─ 20260103000000_bad/\n")
}

func mustFlavour(t *testing.T, provider string) flavour.Flavour {
	t.Helper()
	f, err := flavour.For(provider)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMigratePrismaRows: a SQLite history written by Prisma, one row with
// an ISO-8601 text datetime (driver adapters) and one with integer Unix
// milliseconds (the native engine), is read as applied.
func TestMigratePrismaRows(t *testing.T) {
	root := t.TempDir()
	env := map[string]string{"DATABASE_URL": "file:./prisma/dev.db"}
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id Int @id\n}\n")
	src := filepath.Join("..", "migrate", "history", "testdata", "oracle-sqlite", "migrations")
	for _, f := range []string{"migration_lock.toml", "20261123214001_init/migration.sql", "20261123214002_add_tags/migration.sql"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(root, "prisma", "migrations", f), string(b))
	}
	f := mustFlavour(t, "sqlite")
	for _, s := range []string{f.MigrationsTableDDL(),
		`INSERT INTO "_prisma_migrations" VALUES ('9c9297c6-084b-4b1b-b6ce-1b348a318c2f', 'f099338d34cb03f642870686ef60ec92736bb010805bb74ad4df9ed66eef546e', '2026-11-23T21:40:01.663+00:00', '20261123214001_init', NULL, NULL, '2026-11-23T21:40:01.656+00:00', 1)`,
		`INSERT INTO "_prisma_migrations" VALUES ('32a0fc48-e5d8-4b64-a24d-1dfbc39efa67', 'ae6999bf14b6df30cac7b8d2b8015d62134f9930286060d220ddb909f3838cc1', 1795470002892, '20261123214002_add_tags', NULL, NULL, 1795470002878, 1)`,
	} {
		execSQL(t, root, env, s)
	}
	expect(t, ppy(t, root, env, "migrate", "status"), 0, "2 migrations found in prisma/migrations\n\nDatabase schema is up to date!")
	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "No pending migrations to apply.")
	rows := historyRows(t, root, env, "sqlite")
	if len(rows) != 2 || rows[0].StartedAt.Format(time.RFC3339Nano) != "2026-11-23T21:40:01.656Z" ||
		rows[1].StartedAt.UnixMilli() != 1795470002878 || rows[1].FinishedAt == nil {
		t.Fatalf("rows: %+v", rows)
	}
	// A failed row written by the native engine: P3009 names its start time.
	execSQL(t, root, env, `INSERT INTO "_prisma_migrations" VALUES ('x', 'y', NULL, '20261123214003_gone', 'boom', NULL, 1795470003415, 0)`)
	expect(t, ppy(t, root, env, "migrate", "deploy"), 1, "The `20261123214003_gone` migration started at "+
		time.UnixMilli(1795470003415).UTC().Format("2006-01-02 15:04:05.000")+" UTC failed with the following logs:\nboom")
}

// TestMigrateEnumScript: a Prisma PostgreSQL enum migration carries its own
// BEGIN; ... COMMIT;, which must not end the transaction ppy wraps the
// script in (a failure after it would otherwise leave half the script).
func TestMigrateEnumScript(t *testing.T) {
	base := os.Getenv("CASPIAN_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("CASPIAN_TEST_POSTGRES_URL not set")
	}
	ctx := context.Background()
	admin, err := connector.Open(ctx, base, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("mig_enum_%d", time.Now().UnixNano())
	defer admin.Exec(ctx, `DROP DATABASE IF EXISTS "`+name+`"`, nil)
	u, _ := url.Parse(base)
	u.Path = "/" + name
	env := map[string]string{"DATABASE_URL": u.String()}
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n}\n")
	addMigration(t, root, "20260101000000_init", "CREATE TYPE \"Role\" AS ENUM ('A', 'B');\nCREATE TABLE \"User\" (\"id\" INTEGER NOT NULL, \"role\" \"Role\" NOT NULL DEFAULT 'A', CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n")
	addMigration(t, root, "20260102000000_enum", "-- AlterEnum\nBEGIN;\nCREATE TYPE \"Role_new\" AS ENUM ('A');\nALTER TABLE \"User\" ALTER COLUMN \"role\" DROP DEFAULT;\n"+
		"ALTER TABLE \"User\" ALTER COLUMN \"role\" TYPE \"Role_new\" USING (\"role\"::text::\"Role_new\");\nALTER TYPE \"Role\" RENAME TO \"Role_old\";\n"+
		"ALTER TYPE \"Role_new\" RENAME TO \"Role\";\nDROP TYPE \"Role_old\";\nALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'A';\nCOMMIT;\n\nCREATE TABLE \"Broken\" (\"id\" NOSUCHTYPE);\n")
	expect(t, ppy(t, root, env, "migrate", "deploy"), 1, "Error: P3018", "Migration name: 20260102000000_enum", "Database error code: 42704")
	if tableExists(t, root, env, "postgresql", "Role_old") {
		t.Fatal("unexpected")
	}
	pool, err := connector.Open(ctx, u.String(), root)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	types, err := pool.Query(ctx, "SELECT typname::text FROM pg_type WHERE typname LIKE 'Role%' ORDER BY 1", nil, []driver.Type{driver.TypeString})
	if err != nil || len(types) != 1 || types[0][0] != "Role" {
		t.Fatalf("the enum part of the failed migration stayed applied: %v %v", types, err)
	}
	vals, err := pool.Query(ctx, "SELECT count(*) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'Role'", nil, []driver.Type{driver.TypeInt})
	if err != nil || vals[0][0] != int64(2) {
		t.Fatalf("Role lost a value: %v %v", vals, err)
	}
	expect(t, ppy(t, root, env, "migrate", "resolve", "--rolled-back", "20260102000000_enum"), 0)
	addMigration(t, root, "20260102000000_enum", strings.Replace(readFile(t, filepath.Join(root, "prisma", "migrations", "20260102000000_enum", "migration.sql")), "NOSUCHTYPE", "INTEGER", 1))
	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "All migrations have been successfully applied.")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMigrationsPathFromConfig: migrations.path of prisma.config.ts moves
// the migrations folder (config.Project.MigrationsPath), for every command.
func TestMigrationsPathFromConfig(t *testing.T) {
	root := t.TempDir()
	env := map[string]string{"DATABASE_URL": "file:./prisma/dev.db"}
	write(t, filepath.Join(root, "prisma.config.ts"), `export default defineConfig({ migrations: { path: "db/history" } })`)
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id Int @id\n}\n")
	src := filepath.Join("..", "migrate", "history", "testdata", "oracle-sqlite", "migrations")
	for _, f := range []string{"migration_lock.toml", "20261123214001_init/migration.sql", "20261123214002_add_tags/migration.sql"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(root, "db", "history", f), string(b))
	}
	expect(t, ppy(t, root, env, "migrate", "deploy"), 0, "2 migrations found in db/history")
	expect(t, ppy(t, filepath.Join(root, "prisma"), env, "migrate", "status"), 0, "2 migrations found in ../db/history\n\nDatabase schema is up to date!")
	if rows := historyRows(t, root, env, "sqlite"); len(rows) != 2 {
		t.Fatalf("rows: %+v", rows)
	}
}
