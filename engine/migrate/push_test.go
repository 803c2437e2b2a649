package migrate

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// freshPool opens an empty database for provider (testdb.Open): a new
// SQLite file always, a new PostgreSQL/MySQL database when CASPIAN_TEST_*_URL
// is set (else skip).
func freshPool(t *testing.T, provider string) driver.Pool {
	t.Helper()
	return testdb.Open(t, provider, "migrate")
}

func tableNames(t *testing.T, p driver.Pool) []string {
	t.Helper()
	return tablesIn(t, p, "public")
}

// tablesIn lists the tables of a database (a PostgreSQL schema) by name.
func tablesIn(t *testing.T, p driver.Pool, namespace string) []string {
	t.Helper()
	fl, err := flavour.For(p.Provider())
	if err != nil {
		t.Fatal(err)
	}
	live, err := fl.Describe(context.Background(), p, namespace)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, tb := range live.Tables {
		out = append(out, tb.Name)
	}
	sort.Strings(out)
	return out
}

func TestPush(t *testing.T) {
	for _, provider := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
		t.Run(provider, func(t *testing.T) {
			ctx := context.Background()
			pool := freshPool(t, provider)
			basic := parseCase(t, "basic.prisma", provider)

			res, err := Push(ctx, pool, basic, PushOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.AlreadyInSync || len(res.Steps) == 0 {
				t.Fatalf("first push did nothing: %+v", res)
			}
			want := []string{"Category", "Post", "User", "_CategoryToPost"}
			if got := tableNames(t, pool); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("tables after push: %v, want %v", got, want)
			}

			res, err = Push(ctx, pool, basic, PushOptions{})
			if err != nil || !res.AlreadyInSync {
				t.Fatalf("second push: %+v, %v; want already in sync", res, err)
			}

			// Rows with a foreign key between them must not stop a reset.
			ins := map[string][]string{
				schema.SQLite:     {`INSERT INTO "User" ("email", "updatedAt") VALUES ('a@b.c', '2024-01-01')`, `INSERT INTO "Post" ("title", "authorId") VALUES ('t', 1)`},
				schema.PostgreSQL: {`INSERT INTO "User" ("email", "updatedAt") VALUES ('a@b.c', now())`, `INSERT INTO "Post" ("title", "authorId") VALUES ('t', 1)`},
				schema.MySQL:      {"INSERT INTO `User` (`email`, `updatedAt`) VALUES ('a@b.c', NOW(3))", "INSERT INTO `Post` (`title`, `authorId`) VALUES ('t', 1)"},
			}[provider]
			for _, s := range ins {
				if _, err := pool.Exec(ctx, s, nil); err != nil {
					t.Fatal(err)
				}
			}

			rel := parseCase(t, "relations.prisma", provider)
			res, err = Push(ctx, pool, rel, PushOptions{})
			if !errors.Is(err, ErrDataLoss) || !strings.Contains(strings.Join(res.Warnings.DataLoss, "\n"), "You are about to drop the `User` table, which is not empty (1 rows).") {
				t.Fatalf("push over a different schema: %v %+v; want ErrDataLoss naming the User table", err, res.Warnings)
			}
			if got := tableNames(t, pool); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("a refused push changed the tables: %v", got)
			}

			res, err = Push(ctx, pool, rel, PushOptions{ForceReset: true})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Reset || strings.Join(res.Dropped, ",") != strings.Join(want, ",") {
				t.Errorf("reset result: %+v", res)
			}
			want = []string{"Account", "Comment", "Item", "Membership", "Profile", "Tag", "Team", "_Follows", "_ItemToTag"}
			if got := tableNames(t, pool); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("tables after reset: %v, want %v", got, want)
			}
		})
	}
}

func TestPushProviderMismatch(t *testing.T) {
	pool := freshPool(t, schema.SQLite)
	pg := parseCase(t, "basic.prisma", "postgresql")
	if _, err := Push(context.Background(), pool, pg, PushOptions{}); err == nil || !strings.Contains(err.Error(), "postgresql") {
		t.Fatalf("want a provider mismatch error, got %v", err)
	}
}

func TestPushTypes(t *testing.T) {
	// Every scalar type, enums, mapped names and (on PostgreSQL) native
	// types go through the real database.
	cases := map[string][]string{
		schema.SQLite:     {"types.prisma", "features.prisma"},
		schema.PostgreSQL: {"types.prisma", "native.postgresql.prisma", "longnames.postgresql.prisma", "features.prisma"},
		schema.MySQL:      {"types.prisma", "features.prisma"},
	}
	for _, provider := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
		for _, file := range cases[provider] {
			t.Run(provider+"/"+file, func(t *testing.T) {
				pool := freshPool(t, provider)
				path := filepath.Join(oracleDir, "schemas", file)
				if file == "features.prisma" {
					path = filepath.Join("testdata", "ours", file)
				}
				sch := parseFile(t, path, provider)
				if _, err := Push(context.Background(), pool, sch, PushOptions{}); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func TestPushFailureRollsBack(t *testing.T) {
	// A view is not a table, so the database looks empty, but it blocks
	// CREATE TABLE "Category" after User and Post: the whole push must roll back.
	ctx := context.Background()
	pool := freshPool(t, schema.SQLite)
	if _, err := pool.Exec(ctx, `CREATE VIEW "Category" AS SELECT 1 AS x`, nil); err != nil {
		t.Fatal(err)
	}
	_, err := Push(ctx, pool, parseCase(t, "basic.prisma", "sqlite"), PushOptions{})
	if err == nil || !strings.Contains(err.Error(), "`CREATE TABLE \"Category\"`") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("want a failure naming the statement, got %v", err)
	}
	if got := tableNames(t, pool); len(got) != 0 {
		t.Fatalf("tables left after a failed push: %v", got)
	}
}

func TestPushPostgresSchema(t *testing.T) {
	// ?schema=app: everything lands in that schema, whatever the
	// connection's search_path, and a reset drops only that schema.
	ctx := context.Background()
	pool := freshPool(t, schema.PostgreSQL)
	sch := parseCase(t, "basic.prisma", "postgresql")
	if _, err := Push(ctx, pool, sch, PushOptions{Schema: "app"}); err != nil {
		t.Fatal(err)
	}
	if live := tablesIn(t, pool, "app"); len(live) != 4 {
		t.Fatalf("tables in schema app: %v", live)
	}
	if public := tablesIn(t, pool, "public"); len(public) != 0 {
		t.Fatalf("tables leaked into public: %v", public)
	}
	if res, err := Push(ctx, pool, sch, PushOptions{Schema: "app"}); err != nil || !res.AlreadyInSync {
		t.Fatalf("second push: %+v, %v", res, err)
	}
	if _, err := Push(ctx, pool, sch, PushOptions{Schema: "app", ForceReset: true}); err != nil {
		t.Fatal(err)
	}
}

func TestPushKeepsIgnoredAndUnsupported(t *testing.T) {
	// An @@ignore model and an Unsupported("...") column are the
	// database's (db pull writes them): push creates them and never drops them.
	ctx := context.Background()
	pool := freshPool(t, schema.SQLite)
	sch, err := schema.Parse(`datasource db {
  provider = "sqlite"
}

model Place {
  id   Int                  @id @default(autoincrement())
  name String
  geo  Unsupported("POINT")?
}

model Legacy {
  code String @id
  note String?

  @@ignore
}
`, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Push(ctx, pool, sch, PushOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := tableNames(t, pool); strings.Join(got, ",") != "Legacy,Place" {
		t.Fatalf("tables: %v", got)
	}
	res, err := Push(ctx, pool, sch, PushOptions{})
	if err != nil || !res.AlreadyInSync {
		t.Fatalf("second push: %+v %v (steps %v)", res, err, res.Steps)
	}
}
