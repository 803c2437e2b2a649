package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/codegen"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// loaded is a project with its parsed schema.
type loaded struct {
	proj *project
	path string // absolute schema path
	text string
	sch  *schema.Schema
}

// load finds, reads and parses the schema, printing Prisma's "loaded from"
// line. It returns ok=false after reporting the failure.
func (r *run) load(schemaFlag string) (*loaded, int, bool) {
	proj, err := r.openProject(r.out)
	if err != nil {
		return nil, r.fail("%v", err), false
	}
	r.configWarnings(proj)
	path, err := proj.schemaPath(schemaFlag)
	if err != nil {
		return nil, r.fail("%v", err), false
	}
	// A folder holds a multi-file schema: every .prisma file in it.
	paths, err := schemaFiles(path)
	if err != nil {
		return nil, r.fail("Could not read the schema at %s: %v", proj.rel(path), err), false
	}
	var files []schema.File
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, r.fail("Could not read the schema at %s: %v", proj.rel(p), err), false
		}
		r.watchSchema(string(src))
		files = append(files, schema.File{Name: proj.rel(p), Text: string(src)})
	}
	fmt.Fprintf(r.out, "Prisma schema loaded from %s\n", proj.rel(path))
	sch, err := schema.ParseFiles(files)
	if err != nil {
		var diags schema.Diagnostics
		if errors.As(err, &diags) {
			// Prisma's own report: the diagnostics block and the count.
			fmt.Fprintf(r.err, "Error: Prisma schema validation - (validate wasm)\nError code: P1012\n%s\n[Context: validate]\n", r.secrets.Scrub(diags.Prisma(files)))
		} else {
			fmt.Fprintf(r.err, "Error: %v\n", err)
		}
		return nil, exitError, false
	}
	src := sch.Source
	return &loaded{proj: proj, path: path, text: string(src), sch: sch}, exitOK, true
}

// watchSchema tells the scrubber the literal url = "..." of a schema's
// datasource before anything can quote it (a diagnostic shows the line).
// A line the parser cannot read is found by its quoted "scheme://...".
func (r *run) watchSchema(text string) {
	if ds := config.ReadDatasource(text); ds != nil {
		r.secrets.Add(ds.URL)
	}
	for _, m := range quotedURL.FindAllStringSubmatch(text, -1) {
		r.secrets.AddIfURL(m[1])
	}
}

var quotedURL = regexp.MustCompile(`"([A-Za-z][A-Za-z0-9+.-]*://[^"\n]*)"`)

func (r *run) validate(args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	if done, code := r.parseFlags(fs, validateHelp, args); done {
		return code
	}
	l, code, ok := r.load(*schemaFlag)
	if !ok {
		return code
	}
	if len(l.sch.Warnings) > 0 {
		// Warnings do not fail validation; they go to stderr in Prisma's layout.
		fmt.Fprint(r.err, l.sch.Warnings.PrismaWarnings(l.sch.Files))
	}
	if len(l.sch.Files) > 1 {
		fmt.Fprintf(r.out, "The schemas at %s are valid 🚀\n", l.proj.rel(l.path))
	} else {
		fmt.Fprintf(r.out, "The schema at %s is valid 🚀\n", l.proj.rel(l.path))
	}
	return exitOK
}

func (r *run) generate(args []string) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	outFlag := fs.String("output", "", "")
	watch := fs.Bool("watch", false, "")
	sql := fs.Bool("sql", false, "")
	if done, code := r.parseFlags(fs, generateHelp, args); done {
		return code
	}
	if *watch {
		return r.watchGenerate(*schemaFlag, *outFlag, *sql)
	}
	return r.generateOnce(*schemaFlag, *outFlag, *sql)
}

// generateOnce is one ppy generate; with sql, also the typed functions of
// prisma/sql (sql.py).
func (r *run) generateOnce(schemaFlag, outFlag string, sql bool) int {
	start := time.Now()
	l, code, ok := r.load(schemaFlag)
	if !ok {
		return code
	}
	var queries []codegen.SQLQuery
	if sql {
		if queries, code, ok = r.typedQueries(l); !ok {
			return code
		}
	}
	out := filepath.Join(l.proj.root, "src", "lib", "prisma")
	for _, g := range l.sch.Generators {
		// A generator block of ppy's own (ppy init --output writes one)
		// moves the client; its output is relative to the schema, as in Prisma.
		if g.Provider == GeneratorProvider && g.Output != "" {
			out = g.Output
			if !filepath.IsAbs(out) {
				base := l.path
				if st, err := os.Stat(base); err != nil || !st.IsDir() {
					base = filepath.Dir(base)
				}
				out = filepath.Join(base, out)
			}
			break
		}
	}
	if outFlag != "" {
		out = outFlag
		if !filepath.IsAbs(out) {
			out = filepath.Join(l.proj.cwd, out)
		}
	}
	if err := codegen.GenerateWithSQL(l.sch, l.text, out, queries); err != nil {
		return r.fail("Could not generate the client into %s: %v", l.proj.rel(out), err)
	}
	shown := l.proj.rel(out)
	if !filepath.IsAbs(shown) && !strings.HasPrefix(shown, "..") {
		shown = "./" + shown
	}
	fmt.Fprintf(r.out, "\n✔ Generated Prisma Client for Python (v%s) to %s in %s\n", Version, shown, since(start))
	if mod := importPath(l.proj, out); mod != "" {
		fmt.Fprintf(r.out, "\nImport it in your code:\n\n  from %s.db import prisma\n", mod)
		if len(queries) > 0 {
			fmt.Fprintf(r.out, "  from %s.sql import %s\n", mod, queries[0].Name)
		}
	}
	return exitOK
}

var ident = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// importPath is the dotted module of dir when it lies under the project root
// and every part is a Python identifier ("src.lib.prisma"), else "".
func importPath(p *project, dir string) string {
	rel, err := filepath.Rel(p.root, dir)
	if err != nil || strings.HasPrefix(rel, "..") || rel == "." {
		return ""
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for _, s := range parts {
		if !ident.MatchString(s) {
			return ""
		}
	}
	return strings.Join(parts, ".")
}

func (r *run) dbPush(args []string) int {
	fs := flag.NewFlagSet("db push", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	acceptDataLoss := fs.Bool("accept-data-loss", false, "")
	forceReset := fs.Bool("force-reset", false, "")
	fs.Bool("skip-generate", false, "") // accepted for Prisma muscle memory: push never generates
	if done, code := r.parseFlags(fs, dbPushHelp, args); done {
		return code
	}
	start := time.Now()
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, true)
	if !ok {
		return code
	}
	defer t.close()
	u := t.u
	res, err := migrate.Push(ctx, t.pool, t.l.sch, migrate.PushOptions{
		AcceptDataLoss: *acceptDataLoss,
		ForceReset:     *forceReset,
		Schema:         pgSchema(u.raw),
	})
	switch {
	case errors.Is(err, migrate.ErrUnexecutable):
		msg := "\n⚠️ We found changes that cannot be executed:\n\n" + bullets(res.Warnings.Unexecutable)
		fmt.Fprint(r.out, msg)
		return r.fail("%s\nYou may use the --force-reset flag to drop the database before push like ppy db push --force-reset\nAll data will be lost.", msg)
	case errors.Is(err, migrate.ErrDataLoss):
		fmt.Fprintf(r.out, "\n⚠️  There might be data loss when applying the changes:\n\n%s", bullets(res.Warnings.DataLoss))
		return r.fail("Use the --accept-data-loss flag to ignore the data loss warnings like ppy db push --accept-data-loss")
	case err != nil:
		return r.fail("%s", u.scrub(err.Error()))
	}
	switch {
	case res.AlreadyInSync:
		fmt.Fprintf(r.out, "\nThe database is already in sync with the Prisma schema.\n")
		return exitOK
	case res.Reset:
		fmt.Fprintf(r.out, "\nThe %s %s was successfully reset.\n", u.displayName(), resetTarget(u, t.l.proj.root))
	}
	fmt.Fprintf(r.out, "\n🚀  Your database is now in sync with your Prisma schema. Done in %s\n", since(start))
	return exitOK
}

// bullets lists Prisma's warnings: "  • text" lines, each followed by a blank line.
func bullets(items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("  • " + it + "\n\n")
	}
	return b.String()
}

func isCode(err error, code string) bool {
	var pe *perr.Error
	return errors.As(err, &pe) && pe.Code == code
}

// serverDB names the database of a server URL and where it lives
// (host:port, the flavour's default port when the URL has none).
func serverDB(u dbURL) (name, at string) {
	parsed, err := config.ParseURL(u.raw)
	if err != nil {
		return "", ""
	}
	at = parsed.Host
	if f := u.flavour(); parsed.Port() == "" && f != nil && f.DefaultPort() != 0 {
		at += ":" + strconv.Itoa(f.DefaultPort())
	}
	return strings.TrimPrefix(parsed.Path, "/"), at
}

// createDatabase creates the URL's database through the server's
// maintenance database.
func createDatabase(ctx context.Context, u dbURL, root string) error {
	f := u.flavour()
	parsed, err := config.ParseURL(u.raw)
	if err != nil || f == nil {
		return fmt.Errorf("cannot create the database of %s", u.masked())
	}
	name := strings.TrimPrefix(parsed.Path, "/")
	parsed.Path = "/" + f.MaintenanceDatabase()
	q := parsed.Query()
	q.Del("schema") // the namespace does not exist yet either
	parsed.RawQuery = q.Encode()
	admin, err := connector.Open(ctx, parsed.String(), root)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.Exec(ctx, f.CreateDatabase(name), nil); err != nil {
		return fmt.Errorf("The database %q does not exist and could not be created: %v", name, err)
	}
	return nil
}

// resetTarget names what a reset emptied, as Prisma's message does.
func resetTarget(u dbURL, root string) string {
	f := u.flavour()
	switch {
	case f == nil:
	case f.Caps().EmbeddedFile:
		return fmt.Sprintf("database %q from %q", filepath.Base(sqlitePath(u.raw, root)), u.raw)
	case f.Caps().Namespaces:
		return fmt.Sprintf("schema %q", pgSchema(u.raw))
	}
	return "database"
}

// since formats a duration like Prisma: "52ms", "1.20s".
func since(t time.Time) string {
	d := time.Since(t)
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

const generateHelp = `Generate the Python client from your Prisma schema

Usage

  $ ppy generate [options]

Options

  -h, --help          Show this help
      --schema FILE   The Prisma schema to use (default: the schema key of
                      prisma.config.ts, else prisma/schema.prisma under the
                      project root, else ./schema.prisma)
      --watch         Regenerate whenever the schema changes (debounced),
                      printing what changed; Ctrl-C stops
      --sql           Also generate typed functions (the sql module) for
                      the .sql files of prisma/sql, typed by the database:
                      it must be reachable, with the migrations applied
      --output DIR    Where to write the client package (default: the
                      output of a generator block with provider
                      "caspian-prisma", relative to the schema, else
                      <project root>/src/lib/prisma)

Examples

  $ ppy generate
  $ ppy generate --watch
  $ ppy generate --sql
  $ ppy generate --schema ./db/schema.prisma --output ./app/prisma
`

const dbPushHelp = `Push the state of your Prisma schema to the database

Makes the database match the schema without a migration file: creates,
alters and drops tables, columns, indexes, foreign keys and enums, keeping
the data. Changes that would lose data are refused unless
--accept-data-loss is given; changes that cannot run on the data (a
required column without a default on a table with rows) are refused. The database URL is DATABASE_URL from
the environment, else from the project's .env, else the schema's datasource.

Usage

  $ ppy db push [options]

Options

  -h, --help               Show this help
      --schema FILE        The Prisma schema to use
      --accept-data-loss   Run changes that lose data (dropped columns or
                           tables, narrowing casts)
      --force-reset        Drop all tables (and, on PostgreSQL, the schema
                           with its types) first, then create them again:
                           this deletes all data
      --skip-generate      Accepted for compatibility; ppy db push never
                           runs generate

Examples

  $ ppy db push
  $ ppy db push --force-reset
`

const validateHelp = `Check that your Prisma schema is valid

Usage

  $ ppy validate [options]

Options

  -h, --help          Show this help
      --schema FILE   The Prisma schema to check
`
