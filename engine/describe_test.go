package engine

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// describeCols is a query.describe reply's columns as "name:type:null|notnull".
func describeCols(res any) string {
	var out []string
	for _, c := range res.(map[string]any)["columns"].([]any) {
		m := c.(map[string]any)
		null := "notnull"
		if m["nullable"].(bool) {
			null = "null"
		}
		out = append(out, fmt.Sprintf("%s:%s:%s", m["name"], m["type"], null))
	}
	return strings.Join(out, " ")
}

func describeParams(res any) string {
	var out []string
	for _, p := range res.(map[string]any)["params"].([]any) {
		out = append(out, p.(map[string]any)["type"].(string))
	}
	return strings.Join(out, " ")
}

func TestDescribe(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		q := tg.quote
		ph := func(n int) string {
			if tg.name == "postgresql" {
				return fmt.Sprintf("$%d", n)
			}
			return "?"
		}
		sql := "SELECT " + q("id") + ", " + q("email") + ", " + q("name") + " FROM " + q("User") + " WHERE " + q("id") + " > " + ph(1)
		res := call(t, e, "query.describe", map[string]any{"sql": sql})
		if got, want := describeCols(res), "id:Int:notnull email:String:notnull name:String:null"; got != want {
			t.Errorf("columns = %s, want %s", got, want)
		}
		// PostgreSQL types parameters; MySQL and SQLite do not.
		wantParam := map[string]string{"postgresql": "Int"}[tg.name]
		if wantParam == "" {
			wantParam = "Unknown"
		}
		if got := describeParams(res); got != wantParam {
			t.Errorf("params = %q, want %q", got, wantParam)
		}

		// Pagination parameters (MySQL runs the statement with them NULL).
		sql = "SELECT " + q("id") + " FROM " + q("User") + " ORDER BY " + q("id") + " LIMIT " + ph(1) + " OFFSET " + ph(2)
		res = call(t, e, "query.describe", map[string]any{"sql": sql})
		if got := describeCols(res); got != "id:Int:notnull" || len(res.(map[string]any)["params"].([]any)) != 2 {
			t.Errorf("LIMIT/OFFSET: columns %s, params %v", got, res.(map[string]any)["params"])
		}

		// A NOT NULL column read through an outer join may be NULL.
		sql = "SELECT u." + q("email") + ", p." + q("title") + " FROM " + q("User") + " u LEFT JOIN " + q("Post") +
			" p ON p." + q("authorId") + " = u." + q("id")
		if got, want := describeCols(call(t, e, "query.describe", map[string]any{"sql": sql})), "email:String:"; !strings.HasPrefix(got, want) ||
			!strings.Contains(got, "title:String:null") {
			t.Errorf("outer join columns = %s", got)
		}

		// A write is described (no columns) and not run.
		call(t, e, "query.raw", placeholders(tg, tg.insertUser("a@x")))
		sql = "UPDATE " + q("User") + " SET " + q("name") + " = " + ph(1) + " WHERE " + q("id") + " = " + ph(2)
		res = call(t, e, "query.describe", map[string]any{"sql": sql})
		if cols := res.(map[string]any)["columns"].([]any); len(cols) != 0 {
			t.Errorf("UPDATE columns = %v", cols)
		}
		if n := len(res.(map[string]any)["params"].([]any)); n != 2 {
			t.Errorf("UPDATE params = %d, want 2", n)
		}
		rows := rawRows(call(t, e, "query.raw", map[string]any{"sql": "SELECT " + q("name") + " FROM " + q("User")}))
		if len(rows) != 1 || rows[0]["name"] != nil {
			t.Errorf("describe ran the UPDATE: %v", rows)
		}

		// DDL is described, never run (on MySQL it would commit the
		// read-only transaction and run).
		res = call(t, e, "query.describe", map[string]any{"sql": "CREATE TABLE " + q("Made") + " (" + q("a") + " INT)"})
		if cols := res.(map[string]any)["columns"].([]any); len(cols) != 0 {
			t.Errorf("CREATE TABLE columns = %v", cols)
		}
		if _, err := e.Handle(context.Background(), "query.raw", map[string]any{"sql": "SELECT * FROM " + q("Made")}); err == nil {
			t.Error("describing CREATE TABLE created the table")
		}

		// A statement the database rejects is P2010 with its message.
		pe := fail(t, e, context.Background(), "query.describe", map[string]any{"sql": "SELECT nope FROM " + q("Missing")})
		if pe.Code != perr.RawQuery || !strings.Contains(pe.Message, "Missing") {
			t.Errorf("bad statement: %+v", pe)
		}
	})
}

// TestDescribeTypes: a column of each scalar type, as Prisma's migrations
// create them, is typed by its Prisma name (MySQL's BOOLEAN is TINYINT(1)).
func TestDescribeTypes(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		ddl := map[string]string{
			"sqlite": `CREATE TABLE "T" ("i" INTEGER NOT NULL, "b" BIGINT NOT NULL, "f" REAL NOT NULL, "d" DECIMAL NOT NULL,
				"o" BOOLEAN NOT NULL, "t" DATETIME NOT NULL, "j" JSONB NOT NULL, "y" BLOB NOT NULL, "s" TEXT NOT NULL)`,
			"postgresql": `CREATE TABLE "T" ("i" INTEGER NOT NULL, "b" BIGINT NOT NULL, "f" DOUBLE PRECISION NOT NULL,
				"d" DECIMAL(65,30) NOT NULL, "o" BOOLEAN NOT NULL, "t" TIMESTAMP(3) NOT NULL, "j" JSONB NOT NULL,
				"y" BYTEA NOT NULL, "s" TEXT NOT NULL)`,
			"mysql": "CREATE TABLE `T` (`i` INTEGER NOT NULL, `b` BIGINT NOT NULL, `f` DOUBLE NOT NULL, `d` DECIMAL(65,30) NOT NULL," +
				" `o` BOOLEAN NOT NULL, `t` DATETIME(3) NOT NULL, `j` JSON NOT NULL, `y` LONGBLOB NOT NULL, `s` VARCHAR(191) NOT NULL)",
		}[tg.name]
		call(t, e, "query.raw", map[string]any{"sql": ddl, "kind": "execute"})
		q := tg.quote
		res := call(t, e, "query.describe", map[string]any{"sql": "SELECT * FROM " + q("T")})
		want := "i:Int:notnull b:BigInt:notnull f:Float:notnull d:Decimal:notnull o:Boolean:notnull t:DateTime:notnull " +
			"j:Json:notnull y:Bytes:notnull s:String:notnull"
		switch tg.name {
		case "sqlite":
			want = strings.Replace(want, "b:BigInt", "b:Int", 1) // SQLite has one integer type
		case "mysql":
			if describeCols(res) != want {
				// MariaDB's JSON is an alias of LONGTEXT: nothing in the
				// result metadata tells it from text.
				want = strings.Replace(want, "j:Json", "j:String", 1)
			}
		}
		if got := describeCols(res); got != want {
			t.Errorf("columns =\n%s, want\n%s", got, want)
		}
	})
}

// describeEnums is a query.describe reply's enum of each parameter and
// column as "name:type:enum" ("-" when none).
func describeEnums(res any) (params, cols string) {
	one := func(list []any, i int) string {
		m := list[i].(map[string]any)
		en, _ := m["enum"].(string)
		if en == "" {
			en = "-"
		}
		name, _ := m["name"].(string)
		return fmt.Sprintf("%s:%s:%s", name, m["type"], en)
	}
	r := res.(map[string]any)
	var ps, cs []string
	for i := range r["params"].([]any) {
		ps = append(ps, one(r["params"].([]any), i))
	}
	for i := range r["columns"].([]any) {
		cs = append(cs, one(r["columns"].([]any), i))
	}
	return strings.Join(ps, " "), strings.Join(cs, " ")
}

// TestDescribeEnums: a PostgreSQL enum type is the schema's enum of that
// database name in that schema (the connection's schema for an enum
// without @@schema), for parameters, columns and arrays, as Prisma's
// TypedSQL types them; a type the schema does not have, an enum in
// another schema and an enum with @map'ed values stay strings.
func TestDescribeEnums(t *testing.T) {
	if os.Getenv(testdb.EnvVar("postgresql")) == "" {
		t.Skip(testdb.EnvVar("postgresql") + " not set")
	}
	url := testdb.URL(t, "postgresql", "caspian_eng")
	openWith := func(sch string) *Engine {
		e, err := Open(Config{Schema: sch, URL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	e := openWith("datasource db {\n  provider = \"postgresql\"\n}\n\nenum Mood {\n  happy\n  sad\n\n  @@map(\"mood\")\n}\n\n" +
		"enum Tagged {\n  A @map(\"A_DB\")\n}\n")
	for _, ddl := range []string{
		`CREATE SCHEMA "shop"`,
		`CREATE TYPE "mood" AS ENUM ('happy', 'sad')`,
		`CREATE TYPE "shop"."mood" AS ENUM ('happy', 'sad')`,
		`CREATE TYPE "Tagged" AS ENUM ('A_DB')`,
		`CREATE TYPE "stray" AS ENUM ('x')`,
		`CREATE TABLE "T" ("m" "mood" NOT NULL, "ms" "mood"[], "sm" "shop"."mood", "tg" "Tagged", "st" "stray")`,
	} {
		call(t, e, "query.raw", map[string]any{"sql": ddl, "kind": "execute"})
	}
	sql := `SELECT "m", "ms", "sm", "tg", "st" FROM "T" WHERE "m" = $1 AND "sm" = $2 AND "ms" && $3`
	ps, cs := describeEnums(call(t, e, "query.describe", map[string]any{"sql": sql}))
	if want := ":String:Mood :String:- :String[]:Mood"; ps != want {
		t.Errorf("params = %s, want %s", ps, want)
	}
	if want := "m:String:Mood ms:String[]:Mood sm:String:- tg:String:- st:String:-"; cs != want {
		t.Errorf("columns = %s, want %s", cs, want)
	}
	// What query.raw returns for them, which the generated sql.py decodes
	// to the enum's members: the value, and an enum array in PostgreSQL's
	// text form (pgx does not know the array type), which it parses.
	call(t, e, "query.raw", map[string]any{"sql": `INSERT INTO "T" ("m", "ms") VALUES ('sad', '{happy,sad}')`, "kind": "execute"})
	rows := rawRows(call(t, e, "query.raw", map[string]any{"sql": `SELECT "m", "ms" FROM "T"`}))
	if got := fmt.Sprint(rows); got != "[map[m:sad ms:{happy,sad}]]" {
		t.Errorf("query.raw rows = %s", got)
	}

	// multiSchema: @@schema picks the enum of each database schema.
	multi := openWith("datasource db {\n  provider = \"postgresql\"\n  schemas  = [\"public\", \"shop\"]\n}\n\n" +
		"enum Mood {\n  happy\n  sad\n\n  @@map(\"mood\")\n  @@schema(\"shop\")\n}\n\n" +
		"enum PublicMood {\n  happy\n  sad\n\n  @@map(\"mood\")\n  @@schema(\"public\")\n}\n")
	ps, cs = describeEnums(call(t, multi, "query.describe", map[string]any{"sql": sql}))
	if want := ":String:PublicMood :String:Mood :String[]:PublicMood"; ps != want {
		t.Errorf("multiSchema params = %s, want %s", ps, want)
	}
	if want := "m:String:PublicMood ms:String[]:PublicMood sm:String:Mood tg:String:- st:String:-"; cs != want {
		t.Errorf("multiSchema columns = %s, want %s", cs, want)
	}
}

// TestRawListArguments: typed SQL's arg_types bind a list argument of a
// list-typed parameter as a PostgreSQL array (enum arrays included); a
// list without it is JSON, as query_raw has always sent it.
func TestRawListArguments(t *testing.T) {
	for _, tg := range targets(t) {
		if tg.name != "postgresql" {
			continue
		}
		e := open(t, tg)
		call(t, e, "query.raw", map[string]any{"sql": `CREATE TYPE "mood" AS ENUM ('happy', 'sad')`, "kind": "execute"})
		sql := `SELECT cardinality($1::int[]) AS n, $2::"mood"[] AS m`
		res := call(t, e, "query.raw", map[string]any{"sql": sql, "args": []any{[]any{int64(1), int64(2)}, []any{"sad"}},
			"arg_types": []any{"Int[]", "String[]"}})
		if got := fmt.Sprint(rawRows(res)); got != "[map[m:{sad} n:2]]" {
			t.Errorf("with arg_types: %s", got)
		}
		if _, err := e.Handle(context.Background(), "query.raw", map[string]any{"sql": sql,
			"args": []any{[]any{int64(1)}, []any{"sad"}}}); err == nil || !strings.Contains(err.Error(), "malformed array literal") {
			t.Errorf("without arg_types, a list is JSON: %v", err)
		}
	}
}
