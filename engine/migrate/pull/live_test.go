package pull

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/flavourtest"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// pushAndPull pushes a schema into a fresh database of the provider and
// introspects it back with header as the schema file's config blocks.
func pushAndPull(t *testing.T, provider, text, header string) Result {
	t.Helper()
	ctx := context.Background()
	pool := flavourtest.Fresh(t, provider)
	sch, err := schema.Parse(text, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Push(ctx, pool, sch, migrate.PushOptions{}); err != nil {
		t.Fatal(err)
	}
	fl := flav(t, provider)
	live, err := fl.Describe(ctx, pool, "public")
	if err != nil {
		t.Fatal(err)
	}
	res := Render(live, fl, nil, header)
	// The pulled schema describes the same database.
	pulled, err := schema.Parse(res.Text, "schema.prisma")
	if err != nil {
		t.Fatalf("pulled schema does not validate: %v\n%s", err, res.Text)
	}
	again, err := migrate.Push(ctx, pool, pulled, migrate.PushOptions{})
	if err != nil || !again.AlreadyInSync {
		t.Errorf("pushing the pulled schema is not a no-op (%v): %+v\n%s", err, again.Steps, res.Text)
	}
	return res
}

func oracleSchema(t *testing.T, name, provider string) string {
	return strings.Replace(read(t, filepath.Join("..", "..", "..", "schema", "testdata", "oracle", "schemas", name+".prisma")), "PROVIDER", provider, 1)
}

// TestPullOracle: Prisma's introspection of the databases its db push made
// of types.prisma (SQLite) and relations.prisma (PostgreSQL), input.*.prisma
// being the schema file pulled into.
func TestPullOracle(t *testing.T) {
	for _, c := range []struct{ name, provider, input, want string }{
		{"types", "sqlite", "input.sqlite.prisma", "types.sqlite.pulled.prisma"},
		{"relations", "postgresql", "input.postgresql.prisma", "relations.postgresql.pulled.prisma"},
	} {
		t.Run(c.name+"/"+c.provider, func(t *testing.T) {
			header := ConfigBlocks(read(t, filepath.Join("testdata", "oracle", c.input)))
			res := pushAndPull(t, c.provider, oracleSchema(t, c.name, c.provider), header)
			want := read(t, filepath.Join("testdata", "oracle", c.want))
			if res.Text != want {
				t.Errorf("differs from Prisma's %s:\n%s", c.want, golden.Diff(want, res.Text))
			}
		})
	}
}

// TestPullRoundTrip: every oracle schema, pushed on every provider, pulls
// back into a valid schema that pushes as a no-op.
func TestPullRoundTrip(t *testing.T) {
	for _, provider := range []string{"sqlite", "postgresql", "mysql"} {
		names := []string{"basic", "types", "relations", "alter_v1", "alter_v2", "enum_v1"}
		if provider == "postgresql" {
			names = append(names, "native.postgresql", "longnames.postgresql")
		}
		for _, name := range names {
			t.Run(provider+"/"+name, func(t *testing.T) {
				if provider != "sqlite" && os.Getenv(flavourtest.EnvVar(provider)) == "" {
					t.Skipf("%s not set", flavourtest.EnvVar(provider))
				}
				res := pushAndPull(t, provider, oracleSchema(t, name, provider), "datasource db {\n  provider = \""+provider+"\"\n}")
				if res.Models == 0 {
					t.Fatal("no model")
				}
			})
		}
	}
}
