package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/pull"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dbPull is `prisma db pull`: it describes the database of the schema's
// datasource and writes the introspected models into the schema file,
// keeping the datasource and generator blocks and, unless --force, the
// names and attributes the user gave the existing models.
func (r *run) dbPull(args []string) int {
	fs := flag.NewFlagSet("db pull", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	printFlag := fs.Bool("print", false, "")
	force := fs.Bool("force", false, "")
	if done, code := r.parseFlags(fs, dbPullHelp, args); done {
		return code
	}
	start := time.Now()
	stdout := r.out
	if *printFlag {
		// Only the schema goes to stdout; the progress lines go to stderr.
		r.out = r.err
		defer func() { r.out = stdout }()
	}
	l, code, ok := r.load(*schemaFlag)
	if !ok {
		return code
	}
	ds := l.sch.Datasource
	if ds == nil {
		return r.fail("The schema at %s has no datasource block. Add one, for example:\n\ndatasource db {\n  provider = \"sqlite\"\n}", l.proj.rel(l.path))
	}
	if len(l.sch.Files) > 1 && !*printFlag {
		return r.fail("ppy db pull cannot write into a multi-file schema yet (%s). Use --print and copy the models into your files", l.proj.rel(l.path))
	}
	u, fl, code, ok := r.datasource(l)
	if !ok {
		return code
	}
	shown := l.proj.rel(l.path)
	fmt.Fprintf(r.out, "\n- Introspecting based on datasource defined in %s\n", shown)

	ctx := r.ctx
	if fl.Caps().EmbeddedFile {
		if file := sqlitePath(u.raw, l.proj.root); file != "" && file != ":memory:" && !exists(file) {
			return r.fail("P1003 Database %s does not exist at %s", filepath.Base(file), file)
		}
	}
	pool, err := openChecked(ctx, u, l.proj.root)
	if err != nil {
		return r.fail("%s", u.scrub(err.Error()))
	}
	// A multi-schema datasource is read schema by schema (a listed schema
	// the database lacks adds nothing, as with Prisma).
	live, err := migrate.Describe(ctx, fl, pool, pgSchema(u.raw), migrate.Namespaces(l.sch, fl))
	pool.Close()
	if err != nil {
		return r.fail("%s", u.scrub(err.Error()))
	}
	if live.Empty() {
		fmt.Fprintf(r.err, "\n✖ Introspecting based on datasource defined in %s\n\n", shown)
		fmt.Fprint(r.err, emptyDatabase)
		return exitError
	}
	if why := pull.CrossSchemaReference(live); why != "" {
		fmt.Fprintf(r.err, "\n✖ Introspecting based on datasource defined in %s\n\n", shown)
		fmt.Fprintf(r.err, "Error: P4002\n\nThe schema of the introspected database was inconsistent: %s\n", why)
		return exitError
	}

	var previous *schema.Schema
	if !*force && (len(l.sch.Models) > 0 || len(l.sch.Enums) > 0) {
		previous = l.sch
	}
	header := pull.ConfigBlocks(l.sch.Files[0].Text)
	for _, f := range l.sch.Files[1:] {
		if h := pull.ConfigBlocks(f.Text); h != "" {
			header += "\n\n" + h
		}
	}
	res := pull.Render(live, fl, previous, header)
	if *printFlag {
		fmt.Fprint(stdout, res.Text)
		if len(res.Warnings) > 0 {
			fmt.Fprint(r.err, "\n"+pull.Warnings(res.Warnings))
		}
		return exitOK
	}
	if err := os.WriteFile(l.path, []byte(res.Text), 0o644); err != nil {
		return r.fail("Could not write the schema to %s: %v", shown, err)
	}
	what := countOf(res.Models, "model")
	if res.Enums > 0 {
		what += " and " + countOf(res.Enums, "enum")
	}
	them := "them"
	if res.Models+res.Enums == 1 {
		them = "it"
	}
	fmt.Fprintf(r.out, "✔ Introspected %s and wrote %s into %s in %s\n", what, them, shown, since(start))
	if len(res.Warnings) > 0 {
		fmt.Fprint(r.out, "\n"+pull.Warnings(res.Warnings))
	}
	fmt.Fprint(r.out, "\nRun ppy generate to generate the Python client.\n")
	return exitOK
}

func countOf(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// emptyDatabase is Prisma's P4001 report.
const emptyDatabase = `Error: P4001 The introspected database was empty:

ppy db pull could not create any models in your schema.prisma file and you will not be able to generate the client with the ppy generate command.

To fix this, you have two options:

- manually create a table in your database.
- make sure the database connection URL inside the datasource block in schema.prisma points to a database that is not empty (it must contain at least one table).

Then you can run ppy db pull again.
`

const dbPullHelp = `Pull the state from the database to the Prisma schema using introspection

Usage

  $ ppy db pull [flags/options]

Flags

  -h, --help   Display this help message
     --force   Ignore current Prisma schema file
     --print   Print the introspected Prisma schema to stdout

Options

  --schema   Custom path to your Prisma schema

Examples

  With an existing Prisma schema
    $ ppy db pull

  Or specify a Prisma schema path
    $ ppy db pull --schema=./schema.prisma

  Instead of saving the result to the filesystem, you can also print it to stdout
    $ ppy db pull --print

  Overwrite the current schema with the introspected schema instead of enriching it
    $ ppy db pull --force
`
