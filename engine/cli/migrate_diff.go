package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/history"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// diffSource is one side of `migrate diff`.
type diffSource struct {
	empty      bool
	schema     string // --from-schema FILE|DIR
	migrations string // --from-migrations DIR
	datasource bool   // --from-config-datasource
	url        string // --from-url (Prisma 6)
}

func (s diffSource) count() int {
	n := 0
	for _, set := range []bool{s.empty, s.schema != "", s.migrations != "", s.datasource, s.url != ""} {
		if set {
			n++
		}
	}
	return n
}

func diffFlags(fs *flag.FlagSet, side string, s *diffSource) {
	fs.BoolVar(&s.empty, side+"-empty", false, "")
	fs.StringVar(&s.schema, side+"-schema", "", "")
	fs.StringVar(&s.schema, side+"-schema-datamodel", "", "") // Prisma 6 spelling
	fs.StringVar(&s.migrations, side+"-migrations", "", "")
	fs.BoolVar(&s.datasource, side+"-config-datasource", false, "")
	fs.StringVar(&s.url, side+"-url", "", "")
}

func (r *run) migrateDiff(args []string) int {
	fs := flag.NewFlagSet("migrate diff", flag.ContinueOnError)
	var from, to diffSource
	diffFlags(fs, "from", &from)
	diffFlags(fs, "to", &to)
	schemaFlag := fs.String("schema", "", "")
	script := fs.Bool("script", false, "")
	exitCode := fs.Bool("exit-code", false, "")
	output := fs.String("output", "", "")
	fs.StringVar(output, "o", "", "")
	if done, code := r.parseFlags(fs, migrateDiffHelp, args); done {
		return code
	}
	if from.count() != 1 || to.count() != 1 {
		fmt.Fprintf(r.err, "Error: exactly one --from-... and one --to-... option must be given.\n\n%s", migrateDiffHelp)
		return exitUsage
	}
	ctx := r.ctx
	d := &differ{r: r, schemaFlag: *schemaFlag}
	a, err := d.side(ctx, from)
	if err != nil {
		return r.fail("%s", d.scrub(err.Error()))
	}
	b, err := d.side(ctx, to)
	if err != nil {
		return r.fail("%s", d.scrub(err.Error()))
	}
	if d.fl == nil {
		return r.fail("migrate diff needs a provider: give a schema (--from-schema/--to-schema) or a database")
	}
	var fromSchema *sqlschema.Schema // nil is Prisma's "empty"
	if !from.empty {
		fromSchema = a
	}
	if b == nil {
		b = &sqlschema.Schema{}
	}
	steps := migrate.Diff(fromSchema, b, d.fl.Caps())
	var text string
	if *script {
		text = migrate.FormatScript(d.fl.Render(steps, d.namespace)) + "\n"
	} else {
		text = migrate.Summary(steps, d.namespace) + "\n"
	}
	if *output != "" {
		path := *output
		if !filepath.IsAbs(path) {
			path = filepath.Join(r.cwd, path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return r.fail("Could not write %s: %v", *output, err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return r.fail("Could not write %s: %v", *output, err)
		}
	} else {
		fmt.Fprint(r.out, text)
	}
	if *exitCode && len(steps) > 0 {
		return 2 // Prisma: 2 = the diff is not empty
	}
	return exitOK
}

// differ resolves the sides of `migrate diff` with one flavour.
type differ struct {
	r          *run
	schemaFlag string
	fl         flavour.Flavour
	namespace  string
	urls       []dbURL // for scrubbing passwords from messages
}

func (d *differ) scrub(s string) string {
	for _, u := range d.urls {
		s = u.scrub(s)
	}
	return s
}

func (d *differ) setFlavour(provider string) error {
	fl, err := flavour.For(provider)
	if err != nil {
		return err
	}
	if d.fl != nil && d.fl.Provider() != fl.Provider() {
		return fmt.Errorf("the two sides of the diff are for different databases (%s and %s)", d.fl.DisplayName(), fl.DisplayName())
	}
	d.fl = fl
	if d.namespace == "" {
		d.namespace = "public"
	}
	return nil
}

// side computes one side's SQL schema; nil for an empty side.
func (d *differ) side(ctx context.Context, s diffSource) (*sqlschema.Schema, error) {
	switch {
	case s.empty:
		return nil, nil
	case s.schema != "":
		l, err := d.quietLoad(s.schema)
		if err != nil {
			return nil, err
		}
		if l.sch.Datasource == nil {
			return nil, fmt.Errorf("the schema at %s has no datasource block", l.proj.rel(l.path))
		}
		if err := d.setFlavour(l.sch.Datasource.Provider); err != nil {
			return nil, err
		}
		return migrate.Calculate(l.sch, d.fl)
	case s.datasource, s.url != "":
		l, err := d.quietLoad(d.schemaFlag)
		if err != nil {
			return nil, err
		}
		u := newURL(s.url, "--url")
		if s.url == "" {
			if u, err = l.proj.resolveURL(l.sch.Datasource); err != nil {
				return nil, err
			}
		}
		d.urls = append(d.urls, u)
		if err := d.setFlavour(u.provider); err != nil {
			return nil, fmt.Errorf("the database URL from %s (%s) is not one ppy understands", u.source, u.masked())
		}
		d.namespace = pgSchema(u.raw)
		pool, err := connector.Open(ctx, u.raw, l.proj.root)
		if err != nil {
			return nil, err
		}
		defer pool.Close()
		return migrate.Describe(ctx, d.fl, pool, d.namespace, migrate.Namespaces(l.sch, d.fl))
	case s.migrations != "":
		return d.fromMigrations(ctx, s.migrations)
	}
	return nil, nil
}

// fromMigrations replays a migrations folder into a shadow database and
// describes it: an in-memory one for SQLite, else the configured
// shadowDatabaseUrl or a temporary database next to the datasource's.
func (d *differ) fromMigrations(ctx context.Context, dir string) (*sqlschema.Schema, error) {
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(d.r.cwd, dir)
	}
	l, err := d.quietLoad(d.schemaFlag)
	if err != nil {
		return nil, err
	}
	provider, ok, err := history.ReadLock(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		provider = l.sch.Datasource.Provider
	}
	if err := d.setFlavour(provider); err != nil {
		return nil, err
	}
	migrations, err := history.List(dir)
	if err != nil {
		return nil, err
	}
	var mainURL string
	if !d.fl.Caps().ShadowInMemory {
		u, err := l.proj.resolveURL(l.sch.Datasource)
		if err != nil {
			return nil, fmt.Errorf("--from-migrations needs a shadow database: %w", err)
		}
		d.urls = append(d.urls, u)
		mainURL = u.raw
		d.namespace = pgSchema(u.raw)
	}
	root := l.proj.root
	open := func(ctx context.Context, url string) (driver.Pool, error) { return connector.Open(ctx, url, root) }
	shadow, err := migrate.OpenShadow(ctx, d.fl, open, mainURL, l.proj.shadowURL(), d.namespace, migrate.Namespaces(l.sch, d.fl)...)
	if err != nil {
		return nil, err
	}
	defer shadow.Close()
	if err := d.fl.EnsureNamespace(ctx, shadow.Pool, d.namespace); err != nil {
		return nil, err
	}
	for _, m := range migrations {
		if err := history.RunScript(ctx, d.fl, shadow.Pool, d.namespace, m.Name, string(m.Script)); err != nil {
			return nil, fmt.Errorf("migration %s does not apply to the shadow database: %w", m.Name, err)
		}
	}
	return migrate.Describe(ctx, d.fl, shadow.Pool, d.namespace, migrate.Namespaces(l.sch, d.fl))
}

// quietLoad loads a schema without printing the "loaded from" lines, so
// that the diff alone reaches stdout.
func (d *differ) quietLoad(path string) (*loaded, error) {
	quiet := *d.r
	quiet.out, quiet.err = io.Discard, &strings.Builder{}
	l, _, ok := quiet.load(path)
	if !ok {
		return nil, fmt.Errorf("%s", strings.TrimPrefix(strings.TrimSpace(quiet.err.(*strings.Builder).String()), "Error: "))
	}
	return l, nil
}

const migrateDiffHelp = `Compare the database schema from two arbitrary sources

Usage

  $ ppy migrate diff [options]

Options

  -h, --help                  Show this help
  -o, --output FILE           Write to a file instead of stdout
      --script                Render a SQL script instead of a summary
      --exit-code             Exit 0 for an empty diff, 2 for a non-empty one, 1 on error

From and to: exactly one of each

  --from-empty / --to-empty                         An empty database
  --from-schema / --to-schema PATH                  A Prisma schema file or folder
  --from-migrations / --to-migrations DIR           A migrations folder, replayed in a shadow
                                                    database (SQLite: in memory)
  --from-config-datasource / --to-config-datasource The database of DATABASE_URL
                                                    (with --schema for the schema to read it from)
  --from-url / --to-url URL                         A database URL (Prisma 6)

Examples

  $ ppy migrate diff --from-empty --to-schema prisma/schema.prisma --script
  $ ppy migrate diff --from-config-datasource --to-schema prisma/schema.prisma --exit-code
`
