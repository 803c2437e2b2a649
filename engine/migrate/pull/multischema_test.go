package pull

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/flavourtest"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// readOptional is the file's text, "" when it does not exist.
func readOptional(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPullMultiSchemaOracle: each testdata/oracle/multischema case is
// pushed into a fresh PostgreSQL database and introspected over the
// listed schemas, into its datasource alone (<case>.pulled.prisma) and
// into the case itself (<case>.repulled.prisma) and into the first pull's
// result (<case>.pulled-again.prisma), byte for byte as Prisma's engine
// did (gen.sh), warnings included. The pulled schema pushes as a no-op.
func TestPullMultiSchemaOracle(t *testing.T) {
	if os.Getenv(flavourtest.EnvVar("postgresql")) == "" {
		t.Skipf("%s not set", flavourtest.EnvVar("postgresql"))
	}
	dir := filepath.Join("testdata", "oracle", "multischema")
	for _, c := range []string{"unlisted_enum", "unlisted_fk"} {
		t.Run(c, func(t *testing.T) { pullUnlisted(t, dir, c) })
	}
	for _, c := range []string{"relations", "same_names", "joins"} {
		t.Run(c, func(t *testing.T) {
			ctx := context.Background()
			text := read(t, filepath.Join(dir, c+".prisma"))
			sch, err := schema.Parse(text, "schema.prisma")
			if err != nil {
				t.Fatal(err)
			}
			pool, fl, live := pushAndDescribe(t, sch, sch)
			check := func(res Result, name string) {
				t.Helper()
				if want := read(t, filepath.Join(dir, name+".prisma")); res.Text != want {
					t.Errorf("differs from Prisma's %s.prisma:\n%s", name, golden.Diff(want, res.Text))
				}
				if want, got := readOptional(t, filepath.Join(dir, name+".warnings")), Warnings(res.Warnings); got != want {
					t.Errorf("warnings differ from Prisma's %s.warnings:\n%s", name, golden.Diff(want, got))
				}
			}

			res := Render(live, fl, nil, ConfigBlocks(text))
			check(res, c+".pulled")
			pulled, err := schema.Parse(res.Text, "schema.prisma")
			if err != nil {
				t.Fatalf("pulled schema does not validate: %v\n%s", err, res.Text)
			}
			again, err := migrate.Push(ctx, pool, pulled, migrate.PushOptions{})
			if err != nil || !again.AlreadyInSync {
				t.Errorf("pushing the pulled schema is not a no-op (%v): %+v", err, again.Steps)
			}
			// A second pull names the many-to-many relations (as Prisma's
			// does); from then on a pull changes nothing.
			again2 := Render(live, fl, pulled, ConfigBlocks(res.Text))
			check(again2, c+".pulled-again")
			pulled2, err := schema.Parse(again2.Text, "schema.prisma")
			if err != nil {
				t.Fatal(err)
			}
			if re := Render(live, fl, pulled2, ConfigBlocks(again2.Text)); re.Text != again2.Text {
				t.Errorf("a third pull changes the schema:\n%s", golden.Diff(again2.Text, re.Text))
			}

			check(Render(live, fl, sch, ConfigBlocks(text)), c+".repulled")
		})
	}
}

// pullUnlisted pushes a case and pulls it into <case>.input.prisma, whose
// datasource lists fewer schemas: Prisma's <case>.pulled.prisma, or its
// refusal <case>.pulled.error.
func pullUnlisted(t *testing.T, dir, c string) {
	sch, err := schema.Parse(read(t, filepath.Join(dir, c+".prisma")), "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	input := read(t, filepath.Join(dir, c+".input.prisma"))
	in, err := schema.Parse(input, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	_, fl, live := pushAndDescribe(t, sch, in)
	refusal := CrossSchemaReference(live)
	if want := readOptional(t, filepath.Join(dir, c+".pulled.error")); want != "" {
		// The engine's message repeats its prefix; the reason ends it.
		if refusal == "" || !strings.HasSuffix(strings.TrimSpace(want), refusal) {
			t.Fatalf("refusal %q; Prisma's: %s", refusal, want)
		}
		return
	}
	if refusal != "" {
		t.Fatalf("refused: %s", refusal)
	}
	res := Render(live, fl, nil, ConfigBlocks(input))
	if want := read(t, filepath.Join(dir, c+".pulled.prisma")); res.Text != want {
		t.Errorf("differs from Prisma's %s.pulled.prisma:\n%s", c, golden.Diff(want, res.Text))
	}
	if want, got := readOptional(t, filepath.Join(dir, c+".pulled.warnings")), Warnings(res.Warnings); got != want {
		t.Errorf("warnings differ from Prisma's %s.pulled.warnings:\n%s", c, golden.Diff(want, got))
	}
}

// pushAndDescribe pushes sch into a fresh PostgreSQL database and reads it
// back over the schemas listed's datasource names.
func pushAndDescribe(t *testing.T, sch, listed *schema.Schema) (driver.Pool, flavour.Flavour, *sqlschema.Schema) {
	t.Helper()
	ctx := context.Background()
	pool := flavourtest.Fresh(t, "postgresql")
	if _, err := migrate.Push(ctx, pool, sch, migrate.PushOptions{}); err != nil {
		t.Fatal(err)
	}
	fl := flav(t, "postgresql")
	live, err := migrate.Describe(ctx, fl, pool, "public", migrate.Namespaces(listed, fl))
	if err != nil {
		t.Fatal(err)
	}
	return pool, fl, live
}
