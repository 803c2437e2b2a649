package engine

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// Against the PgBouncer of scripts/pgbouncer-up.sh (transaction pooling),
// started by scripts/db-up.sh.

const bouncedSchema = `datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  role  Role   @default(A)
  posts Post[]
  tags  Tag[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}

model Tag {
  id    Int    @id @default(autoincrement())
  name  String @unique
  users User[]
}

enum Role {
  A
  B
}
`

// bouncedTables creates the tables of bouncedSchema in the database schema s.
func bouncedTables(s string) []string {
	q := `"` + s + `".`
	return []string{
		`CREATE SCHEMA IF NOT EXISTS "` + s + `"`,
		`CREATE TYPE ` + q + `"Role" AS ENUM ('A', 'B')`,
		`CREATE TABLE ` + q + `"User" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL UNIQUE, "role" ` + q + `"Role" NOT NULL DEFAULT 'A')`,
		`CREATE TABLE ` + q + `"Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL REFERENCES ` + q + `"User"("id"))`,
		`CREATE TABLE ` + q + `"Tag" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL UNIQUE)`,
		`CREATE TABLE ` + q + `"_TagToUser" ("A" INTEGER NOT NULL REFERENCES ` + q + `"Tag"("id") ON DELETE CASCADE, ` +
			`"B" INTEGER NOT NULL REFERENCES ` + q + `"User"("id") ON DELETE CASCADE, PRIMARY KEY ("A", "B"))`,
	}
}

// TestPgBouncerSchema: with pgbouncer=true the URL's schema= cannot be the
// search_path (PgBouncer refuses it as a startup parameter, and a SET
// would stay on a server connection other clients share), so every table
// is named with it, as Prisma does. The same tables in public, the
// server's default search_path, must stay empty: reads, nested and
// many-to-many writes, relation loading (both strategies), interactive
// transactions and typed SQL's describe all reach the URL's schema.
func TestPgBouncerSchema(t *testing.T) {
	pgb := os.Getenv("CASPIAN_TEST_PGBOUNCER_URL")
	if pgb == "" {
		t.Skip("CASPIAN_TEST_PGBOUNCER_URL not set")
	}
	direct := testdb.URL(t, "postgresql", "caspian_pgb")
	d, _ := url.Parse(direct)
	b, _ := url.Parse(pgb)
	b.Path = d.Path
	bounced := b.String() + "?pgbouncer=true&schema=shop"

	admin, err := Open(Config{URL: direct})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	for _, ddl := range append(bouncedTables("shop"), bouncedTables("public")...) {
		call(t, admin, "query.raw", map[string]any{"sql": ddl, "kind": "execute"})
	}
	e, err := Open(Config{Schema: bouncedSchema, URL: bounced})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })

	op := func(model, action string, args map[string]any) map[string]any {
		return map[string]any{"model": model, "action": action, "args": args}
	}
	for i, email := range []string{"a@x", "b@x"} {
		call(t, e, "query.execute", op("User", "create", map[string]any{"data": map[string]any{
			"email": email, "role": []string{"A", "B"}[i],
			"posts": map[string]any{"create": []any{map[string]any{"title": "p-" + email}}},
			"tags":  map[string]any{"connectOrCreate": []any{map[string]any{"where": map[string]any{"name": "t"}, "create": map[string]any{"name": "t"}}}},
		}}))
	}
	for _, strategy := range []string{"query", "join"} {
		rows := call(t, e, "query.execute", op("User", "findMany", map[string]any{
			"where": map[string]any{"role": "B"}, "include": map[string]any{"posts": true, "tags": true},
			"relationLoadStrategy": strategy,
		})).([]any)
		if got := fmt.Sprint(rows); len(rows) != 1 || !strings.Contains(got, "p-b@x") || !strings.Contains(got, "name:t") {
			t.Errorf("%s: findMany = %s", strategy, got)
		}
	}
	id := call(t, e, "tx.begin", map[string]any{}).(string)
	txOp := op("Post", "updateMany", map[string]any{"where": map[string]any{"author": map[string]any{"email": "a@x"}}, "data": map[string]any{"title": "in-tx"}})
	txOp["tx"] = id
	call(t, e, "query.execute", txOp)
	del := op("User", "update", map[string]any{"where": map[string]any{"email": "b@x"}, "data": map[string]any{"tags": map[string]any{"set": []any{}}}})
	del["tx"] = id
	call(t, e, "query.execute", del)
	call(t, e, "tx.commit", map[string]any{"tx": id})

	count := func(table string) int64 {
		rows := rawRows(call(t, admin, "query.raw", map[string]any{"sql": "SELECT COUNT(*) AS n FROM " + table}))
		return rows[0]["n"].(int64)
	}
	for table, want := range map[string]int64{`shop."User"`: 2, `shop."Post"`: 2, `shop."Tag"`: 1, `shop."_TagToUser"`: 1,
		`public."User"`: 0, `public."Post"`: 0, `public."Tag"`: 0, `public."_TagToUser"`: 0} {
		if got := count(table); got != want {
			t.Errorf("%s has %d rows, want %d", table, got, want)
		}
	}
	if rows := rawRows(call(t, admin, "query.raw", map[string]any{"sql": `SELECT "title" FROM shop."Post" WHERE "title" = 'in-tx'`})); len(rows) != 1 {
		t.Errorf("the transaction's update: %v", rows)
	}

	// Typed SQL's describe reads the tables of the URL's schema, and types
	// its enum (the server's search_path would name public's).
	res := call(t, e, "query.describe", map[string]any{"sql": `SELECT "role" FROM "User" WHERE "role" = $1`})
	if ps, cols := describeEnums(res); cols != "role:String:Role" || ps != ":String:Role" {
		t.Errorf("describe through PgBouncer: params %s, columns %s", ps, cols)
	}

	// Raw SQL sees the URL's schema as its search_path, statement by
	// statement, in and out of transactions, with and without arguments.
	raw := func(sql string, args ...any) []map[string]any {
		return rawRows(call(t, e, "query.raw", map[string]any{"sql": sql, "args": args}))
	}
	if rows := raw(`SELECT current_schema() AS s, COUNT(*) AS n FROM "User" WHERE "id" > $1`, 0); fmt.Sprint(rows) != "[map[n:2 s:shop]]" {
		t.Errorf("query_raw: %v", rows)
	}
	if n := call(t, e, "query.raw", map[string]any{"sql": `UPDATE "Post" SET "title" = $1`, "args": []any{"raw"}, "kind": "execute"}); n != int64(2) {
		t.Errorf("execute_raw with arguments: %v", n)
	}
	script := `INSERT INTO "Tag" ("name") VALUES ('x'); INSERT INTO "Tag" ("name") VALUES ('y')`
	if n := call(t, e, "query.raw", map[string]any{"sql": script, "kind": "execute"}); n != int64(1) {
		t.Errorf("execute_raw of a script: %v", n)
	}
	id = call(t, e, "tx.begin", map[string]any{}).(string)
	in := call(t, e, "query.raw", map[string]any{"sql": `SELECT COUNT(*) AS n FROM "Tag"`, "tx": id})
	call(t, e, "query.raw", map[string]any{"sql": `DELETE FROM "Tag" WHERE "name" = $1`, "args": []any{"y"}, "kind": "execute", "tx": id})
	call(t, e, "tx.commit", map[string]any{"tx": id})
	if fmt.Sprint(rawRows(in)) != "[map[n:3]]" {
		t.Errorf("query_raw in a transaction: %v", rawRows(in))
	}
	// A script without arguments as a transaction's first statement (sent
	// with its BEGIN), rolled back.
	id = call(t, e, "tx.begin", map[string]any{}).(string)
	call(t, e, "query.raw", map[string]any{"sql": `INSERT INTO "Tag" ("name") VALUES ('z'); DELETE FROM "Tag" WHERE "name" = 'x'`, "kind": "execute", "tx": id})
	in = call(t, e, "query.raw", map[string]any{"sql": `SELECT string_agg("name", ',' ORDER BY "name") AS names FROM "Tag"`, "tx": id})
	call(t, e, "tx.rollback", map[string]any{"tx": id})
	if fmt.Sprint(rawRows(in)) != "[map[names:t,z]]" {
		t.Errorf("a script in a transaction: %v", rawRows(in))
	}
	for table, want := range map[string]int64{`shop."Tag"`: 2, `public."Tag"`: 0, `public."Post"`: 0} {
		if got := count(table); got != want {
			t.Errorf("after raw SQL, %s has %d rows, want %d", table, got, want)
		}
	}
	if rows := rawRows(call(t, admin, "query.raw", map[string]any{"sql": `SELECT "title" FROM shop."Post" WHERE "title" = 'raw'`})); len(rows) != 2 {
		t.Errorf("execute_raw's update: %v", rows)
	}

	// The search_path and the statement share a transaction: what
	// PostgreSQL refuses in one fails, as docs/connection-url.md says.
	if pe := fail(t, e, context.Background(), "query.raw", map[string]any{"sql": "VACUUM", "kind": "execute"}); pe.Code != perr.RawQuery ||
		!strings.Contains(pe.Message, "cannot run inside a transaction block") {
		t.Errorf("VACUUM: %+v", pe)
	}

	// Nothing stays on the server connections PgBouncer lends to the next
	// client: one of the same database without schema= has the server's
	// search_path, on every one of them (the pool has 4).
	plain, err := Open(Config{URL: b.String() + "?pgbouncer=true&connection_limit=8"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plain.Close() })
	for range 12 {
		if rows := rawRows(call(t, plain, "query.raw", map[string]any{"sql": "SHOW search_path"})); fmt.Sprint(rows) != `[map[search_path:"$user", public]]` {
			t.Fatalf("a later client's search_path: %v", rows)
		}
	}
}
