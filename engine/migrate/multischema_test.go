package migrate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// multiSchemaCase reads a migrate corpus schema for PostgreSQL.
func multiSchemaCase(t *testing.T, name string) *schema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/corpus/cases", name))
	if err != nil {
		t.Fatal(err)
	}
	sch, err := schema.Parse(strings.ReplaceAll(string(b), "PROVIDER", "postgresql"), name)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// A multi-schema push creates the listed schemas and qualified tables, a
// second push finds nothing to do, and a change lands in the right schema.
func TestPushMultiSchema(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t, schema.PostgreSQL)
	v1 := multiSchemaCase(t, "empty_pg_multischema/to.prisma")
	v2 := multiSchemaCase(t, "alter_pg_multischema_add/to.prisma")

	res, err := Push(ctx, pool, v1, PushOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.AlreadyInSync {
		t.Fatal("first push did nothing")
	}
	if got := strings.Join(tablesIn(t, pool, "auth"), ","); got != "User" {
		t.Errorf("auth tables: %s", got)
	}
	if got := strings.Join(tablesIn(t, pool, "base"), ","); got != "Post,_GroupToUser,groups" {
		t.Errorf("base tables: %s", got)
	}
	if got := tablesIn(t, pool, "public"); len(got) != 0 {
		t.Errorf("public tables: %v", got)
	}
	res, err = Push(ctx, pool, v1, PushOptions{})
	if err != nil || !res.AlreadyInSync {
		t.Fatalf("second push: %+v, %v; want already in sync", res, err)
	}

	// Rows across the schemas, then the change: an enum value, a column, a
	// schema and a table with a foreign key into another schema.
	for _, q := range []string{
		`INSERT INTO "auth"."User" ("email") VALUES ('a@b.c')`,
		`INSERT INTO "base"."Post" ("title", "authorId") VALUES ('t', 1)`,
	} {
		if _, err := pool.Exec(ctx, q, nil); err != nil {
			t.Fatal(err)
		}
	}
	if res, err = Push(ctx, pool, v2, PushOptions{}); err != nil {
		t.Fatal(err)
	}
	var sql []string
	for _, s := range res.Steps {
		sql = append(sql, s.SQL)
	}
	script := strings.Join(sql, ";\n")
	for _, want := range []string{`CREATE SCHEMA IF NOT EXISTS "audit"`, `ALTER TYPE "base"."Status" ADD VALUE 'ARCHIVED'`,
		`CREATE TABLE "audit"."Event"`, `REFERENCES "auth"."User"("id")`} {
		if !strings.Contains(script, want) {
			t.Errorf("push script lacks %s:\n%s", want, script)
		}
	}
	if strings.Count(script, "CREATE SCHEMA") != 1 {
		t.Errorf("existing schemas created again:\n%s", script)
	}
	res, err = Push(ctx, pool, v2, PushOptions{})
	if err != nil || !res.AlreadyInSync {
		t.Fatalf("push after the change: %+v, %v; want already in sync", res, err)
	}
	// Going back drops what v2 added to the listed schemas, keeping the
	// rows; a schema no longer listed is not looked at, as with Prisma.
	if res, err = Push(ctx, pool, v1, PushOptions{AcceptDataLoss: true}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tablesIn(t, pool, "audit"), ","); got != "Event" {
		t.Errorf("audit tables after going back: %v", got)
	}
	rows, err := pool.Query(ctx, `SELECT count(*)::text FROM "base"."Post"`, nil, []driver.Type{driver.TypeString})
	if err != nil || len(rows) != 1 || rows[0][0] != "1" {
		t.Errorf("rows after going back: %v, %v", rows, err)
	}
}

// --force-reset empties every listed schema, not only the connection's.
func TestPushForceResetMultiSchema(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t, schema.PostgreSQL)
	v1 := multiSchemaCase(t, "empty_pg_multischema/to.prisma")
	if _, err := Push(ctx, pool, v1, PushOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO "auth"."User" ("email") VALUES ('a@b.c')`, nil); err != nil {
		t.Fatal(err)
	}
	res, err := Push(ctx, pool, v1, PushOptions{ForceReset: true})
	if err != nil || !res.Reset {
		t.Fatalf("force reset: %+v, %v", res, err)
	}
	rows, err := pool.Query(ctx, `SELECT count(*)::text FROM "auth"."User"`, nil, []driver.Type{driver.TypeString})
	if err != nil || rows[0][0] != "0" {
		t.Fatalf("rows of auth.User after the reset: %v, %v", rows, err)
	}
}
