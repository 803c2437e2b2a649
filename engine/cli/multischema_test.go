package cli

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// multiSchemaCase is a migrate corpus schema for PostgreSQL.
func multiSchemaCase(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "migrate", "testdata", "corpus", "cases", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "PROVIDER", "postgresql")
}

// migrate dev over two schemas and then three: each migration creates the
// schemas it needs, the database is then in sync, and drift in a listed
// schema is found.
func TestMigrateDevMultiSchema(t *testing.T) {
	forEachServer(t, "msdev", func(t *testing.T, provider, quote string, admin driver.Pool, newDB func(*testing.T) map[string]string) {
		if provider != "postgresql" {
			t.Skip("multiSchema is PostgreSQL's")
		}
		root := t.TempDir()
		schemaFile := filepath.Join(root, "prisma", "schema.prisma")
		write(t, schemaFile, multiSchemaCase(t, "empty_pg_multischema/to.prisma"))
		env := newDB(t)

		expect(t, ppy(t, root, env, "migrate", "dev", "--name", "init"), 0, "_init/", "Your database is now in sync with your schema.")
		migs, _ := filepath.Glob(filepath.Join(root, "prisma", "migrations", "*_init", "migration.sql"))
		if len(migs) != 1 {
			t.Fatalf("init migration: %v", migs)
		}
		want := readFile(t, filepath.Join("..", "migrate", "testdata", "corpus", "cases", "empty_pg_multischema", "postgresql.sql"))
		if got := readFile(t, migs[0]); strings.TrimRight(got, "\n") != strings.TrimRight(want, "\n") {
			t.Errorf("init migration differs from Prisma's:\n%s", got)
		}
		expect(t, ppy(t, root, env, "migrate", "dev"), 0, "Already in sync")
		execSQL(t, root, env, `INSERT INTO "auth"."User" ("email") VALUES ('a@b.c')`)
		execSQL(t, root, env, `INSERT INTO "base"."Post" ("title", "authorId") VALUES ('t', 1)`)

		write(t, schemaFile, multiSchemaCase(t, "alter_pg_multischema_add/to.prisma"))
		expect(t, ppy(t, root, env, "migrate", "dev", "--name", "audit"), 0, "_audit/", "Your database is now in sync with your schema.")
		audit, _ := filepath.Glob(filepath.Join(root, "prisma", "migrations", "*_audit", "migration.sql"))
		if len(audit) != 1 || !strings.HasPrefix(readFile(t, audit[0]), "-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS \"audit\";\n") {
			t.Fatalf("audit migration: %v", audit)
		}
		if n := countRows(t, root, env, `SELECT count(*) FROM "base"."Post"`); n != 1 {
			t.Fatalf("rows of Post: %d", n)
		}
		expect(t, ppy(t, root, env, "migrate", "status"), 0, "Database schema is up to date!")
		expect(t, ppy(t, root, env, "migrate", "diff", "--from-config-datasource", "--to-schema", schemaFile, "--exit-code"), 0, "No difference detected.")
		expect(t, ppy(t, root, env, "db", "push"), 0, "already in sync")

		// A table made by hand in a listed schema is drift.
		execSQL(t, root, env, `CREATE TABLE "audit"."Stray" ("id" INTEGER PRIMARY KEY)`)
		expect(t, ppy(t, root, env, "migrate", "dev"), 130, "Drift detected", "Stray")

		// Reset empties every listed schema and replays both migrations.
		expect(t, ppy(t, root, env, "migrate", "reset", "--force", "--skip-seed"), 0, "Database reset successful")
		if n := countRows(t, root, env, `SELECT count(*) FROM "base"."Post"`); n != 0 {
			t.Fatalf("rows of Post after the reset: %d", n)
		}
		if n := countRows(t, root, env, `SELECT count(*) FROM pg_tables WHERE tablename = 'Stray'`); n != 0 {
			t.Fatalf("the stray table survived the reset")
		}
		expect(t, ppy(t, root, env, "migrate", "dev"), 0, "Already in sync")
	})
}

// pullOracle is a file of the pull package's multi-schema oracle
// (Prisma's own introspection, engine/migrate/pull/testdata/oracle/multischema).
func pullOracle(t *testing.T, name string) string {
	t.Helper()
	return readFile(t, filepath.Join("..", "migrate", "pull", "testdata", "oracle", "multischema", name))
}

// db pull over a multi-schema datasource reads every listed schema: into
// the schema that made the database it writes what Prisma's engine
// writes, --print shows the same without writing, db push of the result
// is a no-op and a second pull changes nothing; --force pulls from
// scratch, with Prisma's warning for the names it had to prefix. A
// listed schema the database lacks adds nothing; none at all is P4001; a
// foreign key into a schema that is not listed is P4002.
func TestDBPullMultiSchema(t *testing.T) {
	forEachServer(t, "mspull", func(t *testing.T, provider, quote string, admin driver.Pool, newDB func(*testing.T) map[string]string) {
		if provider != "postgresql" {
			t.Skip("multiSchema is PostgreSQL's")
		}
		root := t.TempDir()
		schemaFile := filepath.Join(root, "prisma", "schema.prisma")
		text := pullOracle(t, "same_names.prisma")
		write(t, schemaFile, text)
		env := newDB(t)
		expect(t, ppy(t, root, env, "db", "push"), 0, "Your database is now in sync with your Prisma schema.")

		want := pullOracle(t, "same_names.repulled.prisma")
		r := ppy(t, root, env, "db", "pull", "--print")
		expect(t, r, 0, "These models were enriched with `@@map` information taken from the previous Prisma schema:\n  - \"AuditUser\"\n  - \"User\"")
		if r.out != want {
			t.Fatalf("db pull --print differs from Prisma's:\n%s", r.out)
		}
		if got := readFile(t, schemaFile); got != text {
			t.Fatal("--print wrote the schema file")
		}
		expect(t, ppy(t, root, env, "db", "pull"), 0, "✔ Introspected 3 models and 2 enums and wrote them into prisma/schema.prisma")
		if got := readFile(t, schemaFile); got != want {
			t.Fatalf("db pull wrote what Prisma's does not:\n%s", got)
		}
		expect(t, ppy(t, root, env, "validate"), 0)
		expect(t, ppy(t, root, env, "db", "push"), 0, "already in sync")
		expect(t, ppy(t, root, env, "db", "pull"), 0, "✔ Introspected 3 models and 2 enums")
		if got := readFile(t, schemaFile); got != want {
			t.Fatalf("a second db pull changed the schema:\n%s", got)
		}

		r = ppy(t, root, env, "db", "pull", "--force", "--print")
		expect(t, r, 0, "These items were renamed due to their names being duplicates in the Prisma schema:\n  - Type: \"enum\", name: \"audit_role\"")
		if r.out != pullOracle(t, "same_names.pulled.prisma") {
			t.Fatalf("db pull --force --print differs from Prisma's:\n%s", r.out)
		}

		// Only the listed schemas are read, whether or not they exist.
		write(t, schemaFile, "datasource db {\n  provider = \"postgresql\"\n  schemas  = [\"missing\", \"base\"]\n}\n")
		r = ppy(t, root, env, "db", "pull", "--print")
		expect(t, r, 0, "model users {", "schemas  = [\"base\", \"missing\"]")
		if strings.Contains(r.out, `@@schema("audit")`) {
			t.Fatalf("db pull read a schema that is not listed:\n%s", r.out)
		}
		write(t, schemaFile, "datasource db {\n  provider = \"postgresql\"\n  schemas  = [\"missing\"]\n}\n")
		expect(t, ppy(t, root, env, "db", "pull"), 1, "Error: P4001 The introspected database was empty:")

		// A foreign key into a schema that is not listed: Prisma refuses.
		only := "datasource db {\n  provider = \"postgresql\"\n  schemas  = [\"audit\"]\n}\n"
		write(t, schemaFile, only)
		expect(t, ppy(t, root, env, "db", "pull"), 1, "Error: P4002\n\nThe schema of the introspected database was inconsistent: Cross schema references are only allowed when the target schema is listed in the schemas property of your datasource. `audit.Event` points to `base.users` in constraint `Event_userId_fkey`. Please add `base` to your `schemas` property and run this command again.")
		if got := readFile(t, schemaFile); got != only {
			t.Fatalf("the refused pull wrote the schema file:\n%s", got)
		}
	})
}

// A configured shadow database that still holds tables in a listed schema
// (from an earlier run) is emptied of them before the history is replayed.
func TestMigrateDevMultiSchemaShadowURL(t *testing.T) {
	forEachServer(t, "msshadow", func(t *testing.T, provider, quote string, admin driver.Pool, newDB func(*testing.T) map[string]string) {
		if provider != "postgresql" {
			t.Skip("multiSchema is PostgreSQL's")
		}
		root := t.TempDir()
		write(t, filepath.Join(root, "prisma", "schema.prisma"), multiSchemaCase(t, "empty_pg_multischema/to.prisma"))
		write(t, filepath.Join(root, "prisma.config.ts"), `import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: env("DATABASE_URL"), shadowDatabaseUrl: env("SHADOW") },
});
`)
		env := newDB(t)
		env["SHADOW"] = newDB(t)["DATABASE_URL"]
		u, _ := url.Parse(env["SHADOW"])
		if _, err := admin.Exec(context.Background(), `CREATE DATABASE "`+strings.TrimPrefix(u.Path, "/")+`"`, nil); err != nil {
			t.Fatal(err)
		}
		expect(t, ppy(t, root, env, "migrate", "dev", "--name", "init"), 0, "_init/")
		// Leftovers in a listed schema of the shadow database (a run that
		// was killed): the next run must empty "auth" too, not only public.
		shadowEnv := map[string]string{"DATABASE_URL": env["SHADOW"]}
		execSQL(t, root, shadowEnv, `CREATE SCHEMA IF NOT EXISTS "auth"`)
		execSQL(t, root, shadowEnv, `CREATE TABLE "auth"."User" ("id" INTEGER PRIMARY KEY)`)
		expect(t, ppy(t, root, env, "migrate", "dev", "--name", "again"), 0, "Already in sync")
	})
}
