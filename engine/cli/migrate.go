package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/history"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// migrate dispatches `ppy migrate <command>`.
func (r *run) migrate(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(r.out, migrateHelp)
		return exitOK
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "-h", "--help", "help":
		fmt.Fprint(r.out, migrateHelp)
		return exitOK
	case "dev":
		return r.migrateDev(rest)
	case "deploy":
		return r.migrateDeploy(rest)
	case "status":
		return r.migrateStatus(rest)
	case "resolve":
		return r.migrateResolve(rest)
	case "reset":
		return r.migrateReset(rest)
	case "diff":
		return r.migrateDiff(rest)
	default:
		fmt.Fprintf(r.err, "Unknown command: ppy migrate %s\n\n%s", sub, migrateHelp)
		return exitUsage
	}
}

// migrateTarget is what every migrate command works on.
type migrateTarget struct {
	l    *loaded
	u    dbURL
	f    flavour.Flavour
	dir  string // the migrations folder
	pool driver.Pool
	// created: openTarget created the database (migrate dev then runs an
	// autoRun seed).
	created bool
}

func (t *migrateTarget) close() {
	if t.pool != nil {
		t.pool.Close()
	}
}

func (t *migrateTarget) migrator(env map[string]string) *history.Migrator {
	return &history.Migrator{F: t.f, Pool: t.pool, Namespace: pgSchema(t.u.raw),
		Namespaces: migrate.Namespaces(t.l.sch, t.f),
		NoLock:     env["PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK"] != ""}
}

// openTarget loads the schema, prints the datasource line, resolves the
// URL and the flavour, and connects; with create, a missing database is
// created first (printing Prisma's line), as migrate deploy/reset do.
func (r *run) openTarget(ctx context.Context, schemaFlag string, create bool) (*migrateTarget, int, bool) {
	l, code, ok := r.load(schemaFlag)
	if !ok {
		return nil, code, false
	}
	ds := l.sch.Datasource
	if ds == nil {
		return nil, r.fail("The schema at %s has no datasource block. Add one, for example:\n\ndatasource db {\n  provider = \"sqlite\"\n}", l.proj.rel(l.path)), false
	}
	u, f, code, ok := r.datasource(l)
	if !ok {
		return nil, code, false
	}
	t := &migrateTarget{l: l, u: u, f: f, dir: l.proj.MigrationsPath(l.path)}
	created := ""
	// A flavour without CREATE DATABASE keeps its database in a file that
	// opening creates (SQLite): make its folder and say so, as Prisma does.
	if create && f.Caps().EmbeddedFile {
		if file := sqlitePath(u.raw, l.proj.root); file != "" && file != ":memory:" && !exists(file) {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return nil, r.fail("Could not create the folder for the %s database %s: %v", f.DisplayName(), file, err), false
			}
			created = fmt.Sprintf("\n%s database %s created at %s\n", f.DisplayName(), filepath.Base(file), u.raw)
			t.created = true
		}
	}
	pool, err := openChecked(ctx, u, l.proj.root)
	if create && isCode(err, perr.DBNotFound) {
		if cerr := createDatabase(ctx, u, l.proj.root); cerr != nil {
			return nil, r.fail("%s", u.scrub(cerr.Error())), false
		}
		name, at := serverDB(u)
		fmt.Fprintf(r.out, "\n%s database %s created at %s\n", f.DisplayName(), name, at)
		t.created = true
		pool, err = openChecked(ctx, u, l.proj.root)
	}
	if err != nil {
		return nil, r.fail("%s", u.scrub(err.Error())), false
	}
	fmt.Fprint(r.out, created)
	t.pool = pool
	return t, exitOK, true
}

// datasource resolves the schema's database URL, prints Prisma's
// datasource line and checks that the URL is for the schema's provider.
func (r *run) datasource(l *loaded) (dbURL, flavour.Flavour, int, bool) {
	ds := l.sch.Datasource
	u, err := l.proj.resolveURL(ds)
	if err != nil {
		return u, nil, r.fail("%v", err), false
	}
	fmt.Fprintln(r.out, describe(ds.Name, u, l.proj.root))
	if u.provider == "" {
		return u, nil, r.fail("The database URL from %s (%s) is not one ppy understands: it must start with file: (SQLite), "+
			"postgresql:// or postgres:// (PostgreSQL) or mysql:// (MySQL)", u.source, u.masked()), false
	}
	f, err := flavour.For(ds.Provider)
	if err != nil {
		return u, nil, r.fail("%v", err), false
	}
	if uf, err := flavour.For(u.provider); err != nil || uf.Provider() != f.Provider() {
		return u, nil, r.fail("The datasource %q uses the provider %q, but the database URL from %s is for %s. "+
			"Use a %s URL, or change the provider in %s", ds.Name, ds.Provider, u.source, u.displayName(),
			f.DisplayName(), l.proj.rel(l.path)), false
	}
	return u, f, exitOK, true
}

// openChecked connects and runs one query, so that a missing database is
// reported here rather than by the first real statement.
func openChecked(ctx context.Context, u dbURL, root string) (driver.Pool, error) {
	pool, err := connector.Open(ctx, u.raw, root)
	if err != nil {
		return nil, err
	}
	if _, err := pool.Query(ctx, "SELECT 1", nil, []driver.Type{driver.TypeInt}); err != nil {
		pool.Close()
		return nil, perr.FromDriver(err, perr.Op{})
	}
	return pool, nil
}

// failMigrate reports an error: Prisma's "Error: P3009\n\n<message>" for
// its user-facing errors, the plain form otherwise. Passwords are scrubbed.
func (r *run) failMigrate(u dbURL, err error) int {
	var he *history.Error
	if errors.As(err, &he) {
		fmt.Fprintf(r.err, "Error: %s\n\n%s\n", he.Code, strings.TrimRight(u.scrub(he.Message), "\n"))
		return exitError
	}
	return r.fail("%s", u.scrub(err.Error()))
}

// listMigrations reads the folder and prints Prisma's count line.
func (r *run) listMigrations(t *migrateTarget) ([]history.Migration, error) {
	migs, err := history.List(t.dir)
	if err != nil {
		return nil, err
	}
	if len(migs) > 0 {
		fmt.Fprintf(r.out, "%d migration%s found in %s\n", len(migs), plural(len(migs)), r.migrationsShown(t))
	} else {
		fmt.Fprintf(r.out, "No migration found in %s\n", r.migrationsShown(t))
	}
	return migs, nil
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// appliedTree is Prisma's printFilesFromMigrationIds("migrations", ...).
func appliedTree(names []string) string {
	var b strings.Builder
	b.WriteString("migrations/")
	for _, n := range names {
		fmt.Fprintf(&b, "\n  └─ %s/\n    └─ migration.sql", n)
	}
	return b.String()
}

// progress prints "Applying migration `X` (12ms)" as each migration runs.
func (r *run) progress(name string, done bool, took time.Duration) {
	if !done {
		fmt.Fprintf(r.out, "Applying migration `%s`", name)
		return
	}
	fmt.Fprintf(r.out, " (%s)\n", fmtDuration(took))
}

func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func (r *run) migrateDeploy(args []string) int {
	fs := flag.NewFlagSet("migrate deploy", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	if done, code := r.parseFlags(fs, migrateDeployHelp, args); done {
		return code
	}
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, true)
	if !ok {
		return code
	}
	defer t.close()
	fmt.Fprintln(r.out)
	migs, err := r.listMigrations(t)
	if err != nil {
		return r.failMigrate(t.u, err)
	}
	fmt.Fprintln(r.out)
	if err := history.CheckLock(t.dir, t.f.Provider()); err != nil {
		return r.failMigrate(t.u, err)
	}
	m := t.migrator(r.env)
	applying := false
	m.OnApply = func(name string, done bool, took time.Duration) { applying = !done; r.progress(name, done, took) }
	applied, err := m.Deploy(ctx, migs)
	if err != nil {
		if applying {
			fmt.Fprintln(r.out)
		}
		return r.failMigrate(t.u, err)
	}
	fmt.Fprintln(r.out)
	if len(applied) == 0 {
		fmt.Fprintln(r.out, "No pending migrations to apply.")
		return exitOK
	}
	fmt.Fprintf(r.out, "The following migration(s) have been applied:\n\n%s\n\nAll migrations have been successfully applied.\n", appliedTree(applied))
	return exitOK
}

func (r *run) migrateStatus(args []string) int {
	fs := flag.NewFlagSet("migrate status", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	if done, code := r.parseFlags(fs, migrateStatusHelp, args); done {
		return code
	}
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, false)
	if !ok {
		return code
	}
	defer t.close()
	migs, err := history.List(t.dir)
	if err != nil {
		return r.failMigrate(t.u, err)
	}
	if err := history.CheckLock(t.dir, t.f.Provider()); err != nil {
		return r.failMigrate(t.u, err)
	}
	d, err := t.migrator(r.env).Diagnose(ctx, migs)
	if err != nil {
		return r.failMigrate(t.u, err)
	}
	fmt.Fprintln(r.out)
	if len(migs) > 0 {
		fmt.Fprintf(r.out, "%d migration%s found in %s\n", len(migs), plural(len(migs)), r.migrationsShown(t))
	} else {
		fmt.Fprintf(r.out, "No migration found in %s\n", r.migrationsShown(t))
	}
	switch {
	case len(d.Unapplied) > 0 && len(d.Unpersisted) == 0:
		fmt.Fprintf(r.out, "Following migration%s have not yet been applied:\n%s\n\n"+
			"To apply migrations in development run ppy migrate dev.\nTo apply migrations in production run ppy migrate deploy.\n",
			plural(len(d.Unapplied)), strings.Join(d.Unapplied, "\n"))
		return exitError
	case len(d.Unapplied) > 0:
		fmt.Fprintf(r.err, "Your local migration history and the migrations table from your database are different:\n\n"+
			"The last common migration is: %s\n\nThe migration%s have not yet been applied:\n%s\n\n"+
			"The migration%s from the database are not found locally in prisma/migrations:\n%s\n",
			d.LastCommon, plural(len(d.Unapplied)), strings.Join(d.Unapplied, "\n"),
			plural(len(d.Unpersisted)), strings.Join(d.Unpersisted, "\n"))
		return exitError
	}
	switch {
	case !d.HasTable:
		if len(migs) == 0 {
			fmt.Fprint(r.err, "The current database is not managed by Prisma Migrate.\n        \n"+
				"Read more about how to baseline an existing production database:\nhttps://pris.ly/d/migrate-baseline\n")
		} else {
			fmt.Fprintf(r.err, "The current database is not managed by Prisma Migrate.\n\n"+
				"If you want to keep the current database structure and data and create new migrations, baseline this database with the migration %q:\n"+
				"ppy migrate resolve --applied %q\n\n"+
				"Read more about how to baseline an existing production database:\nhttps://pris.ly/d/migrate-baseline\n", migs[0].Name, migs[0].Name)
		}
		return exitError
	case len(d.Failed) > 0:
		fmt.Fprintf(r.err, "Following migration%s have failed:\n%s\n\n"+
			"During development if the failed migration(s) have not been deployed to a production database you can then fix the migration(s) and run ppy migrate dev.\n\n",
			plural(len(d.Failed)), strings.Join(d.Failed, "\n"))
		fmt.Fprintf(r.err, "The failed migration(s) can be marked as rolled back or applied:\n      \n"+
			"- If you rolled back the migration(s) manually:\nppy migrate resolve --rolled-back %q\n\n"+
			"- If you fixed the database manually (hotfix):\nppy migrate resolve --applied %q\n\n"+
			"Read more about how to resolve migration issues in a production database:\nhttps://pris.ly/d/migrate-resolve\n", d.Failed[0], d.Failed[0])
		return exitError
	case len(d.Edited) > 0:
		// Beyond Prisma, whose status stays silent about edited migrations.
		fmt.Fprintf(r.err, "The following migration(s) were modified after they were applied:\n%s\n\n"+
			"The database holds what the applied version of each did; ppy migrate deploy does not run them again. "+
			"Restore the applied version of the file, or put the change into a new migration.\n",
			strings.Join(d.Edited, "\n"))
		return exitError
	}
	fmt.Fprintln(r.out)
	fmt.Fprintln(r.out, "Database schema is up to date!")
	return exitOK
}

func (r *run) migrateResolve(args []string) int {
	fs := flag.NewFlagSet("migrate resolve", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	applied := fs.String("applied", "", "")
	rolledBack := fs.String("rolled-back", "", "")
	if done, code := r.parseFlags(fs, migrateResolveHelp, args); done {
		return code
	}
	seen := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { seen[f.Name] = true })
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, false)
	if !ok {
		return code
	}
	defer t.close()
	switch {
	case !seen["applied"] && !seen["rolled-back"]:
		return r.fail("--applied or --rolled-back must be part of the command like:\n" +
			"ppy migrate resolve --applied 20201231000000_example\nppy migrate resolve --rolled-back 20201231000000_example")
	case seen["applied"] && seen["rolled-back"]:
		return r.fail("Pass either --applied or --rolled-back, not both.")
	case seen["applied"] && *applied == "":
		return r.fail("--applied value must be a string like ppy migrate resolve --applied 20201231000000_example")
	case seen["rolled-back"] && *rolledBack == "":
		return r.fail("--rolled-back value must be a string like ppy migrate resolve --rolled-back 20201231000000_example")
	}
	m := t.migrator(r.env)
	if *applied != "" {
		if err := history.CheckLock(t.dir, t.f.Provider()); err != nil {
			return r.failMigrate(t.u, err)
		}
		migs, err := history.List(t.dir)
		if err != nil {
			return r.failMigrate(t.u, err)
		}
		if err := m.ResolveApplied(ctx, migs, *applied); err != nil {
			return r.failMigrate(t.u, err)
		}
		fmt.Fprintf(r.out, "\nMigration %s marked as applied.\n", *applied)
		return exitOK
	}
	if err := m.ResolveRolledBack(ctx, *rolledBack); err != nil {
		return r.failMigrate(t.u, err)
	}
	fmt.Fprintf(r.out, "\nMigration %s marked as rolled back.\n", *rolledBack)
	return exitOK
}

// interactive: the Python entry point sets PPY_INTERACTIVE=1 when its
// stdin and stdout are a terminal (a c-shared library cannot tell).
func (r *run) interactive() bool {
	v := r.env["PPY_INTERACTIVE"]
	return v == "1" || strings.EqualFold(v, "true")
}

// confirm asks a y/N question on r.in; anything but y/yes is no.
func (r *run) confirm(question string) bool {
	fmt.Fprintf(r.out, "%s (y/N) ", question)
	if r.in == nil {
		return false
	}
	line, _ := bufio.NewReader(r.in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

func (r *run) migrateReset(args []string) int {
	fs := flag.NewFlagSet("migrate reset", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	force := fs.Bool("force", false, "")
	fs.BoolVar(force, "f", false, "")
	skipSeed := fs.Bool("skip-seed", false, "")
	fs.Bool("skip-generate", false, "") // accepted: reset never generates
	if done, code := r.parseFlags(fs, migrateResetHelp, args); done {
		return code
	}
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, true)
	if !ok {
		return code
	}
	defer t.close()
	fmt.Fprintln(r.out)
	if !*force {
		if !r.interactive() {
			return r.fail("Prisma Migrate has detected that the environment is non-interactive. It is recommended to run this command in an interactive environment.\n\n" +
				"Use --force to run this command without user interaction.\n" +
				"See https://www.prisma.io/docs/reference/api-reference/command-reference#migrate-reset")
		}
		yes := r.confirm("Are you sure you want to reset your database? All data will be lost.")
		fmt.Fprintln(r.out)
		fmt.Fprintln(r.out)
		if !yes {
			fmt.Fprintln(r.out, "Reset cancelled.")
			return exitCancelled
		}
	}
	migs, err := history.List(t.dir)
	if err != nil {
		return r.failMigrate(t.u, err)
	}
	if err := history.CheckLock(t.dir, t.f.Provider()); err != nil {
		return r.failMigrate(t.u, err)
	}
	m := t.migrator(r.env)
	applying := false
	m.OnApply = func(name string, done bool, took time.Duration) { applying = !done; r.progress(name, done, took) }
	applied, err := m.Reset(ctx, migs)
	if err != nil {
		if applying {
			fmt.Fprintln(r.out)
		}
		return r.failMigrate(t.u, err)
	}
	if len(applied) == 0 {
		fmt.Fprint(r.out, "Database reset successful\n\n")
	} else {
		fmt.Fprintf(r.out, "\nDatabase reset successful\n\nThe following migration(s) have been applied:\n\n%s\n", appliedTree(applied))
	}
	// Caspian's seed.autoRun; --skip-seed and PRISMA_MIGRATE_SKIP_SEED skip it.
	return r.autoSeed(t.l.proj, *skipSeed)
}

// exitCancelled is the SIGINT code Prisma exits with when a prompt is refused.
const exitCancelled = 130

const migrateHelp = `Update the database schema with migrations

Usage

  $ ppy migrate [command] [options]

Commands

      dev   Create a migration from changes in the Prisma schema, apply it
            to the database (development)
   deploy   Apply pending migrations to the database (production/staging)
   status   Check the status of your database migrations
  resolve   Resolve issues with database migrations, i.e. baseline, failed
            migration, hotfix
    reset   Reset your database and apply all migrations, all data will
            be lost
     diff   Compare the database schema from two arbitrary sources

Flags

  -h, --help   Show this help

Migrations live in prisma/migrations next to the schema: one folder
<YYYYMMDDHHMMSS>_<name> with a migration.sql per migration, recorded in the
_prisma_migrations table exactly as Prisma does, so a project can switch
between ppy and Prisma's CLI.

Examples

  $ ppy migrate dev --name add_user_bio
  $ ppy migrate deploy
  $ ppy migrate status
  $ ppy migrate resolve --applied 20201231000000_init
  $ ppy migrate reset --force
`

const migrateDeployHelp = `Apply pending migrations to update the database schema in production/staging

Creates the database when it does not exist, then runs every migration of
prisma/migrations that is not recorded in _prisma_migrations, in folder
order. On SQLite and PostgreSQL each migration runs in one transaction: a
failing migration changes nothing and is recorded as failed (P3018); later
deploys refuse to run (P3009) until it is resolved with ppy migrate resolve.

Usage

  $ ppy migrate deploy [options]

Options

  -h, --help          Show this help
      --schema FILE   The Prisma schema to use

Examples

  $ ppy migrate dev --name add_user_bio
  $ ppy migrate deploy
  $ ppy migrate deploy --schema ./db/schema.prisma
`

const migrateStatusHelp = `Check the status of your database migrations

Exits with 0 when every migration is applied, with 1 when migrations are
pending or failed, the database is not managed by migrations, the histories
differ, or an applied migration's file was edited afterwards.

Usage

  $ ppy migrate status [options]

Options

  -h, --help          Show this help
      --schema FILE   The Prisma schema to use

Examples

  $ ppy migrate status
`

const migrateResolveHelp = `Resolve issues with database migrations in deployment databases:
- recover from failed migrations
- baseline databases when starting to use migrations on existing databases
- reconcile hotfixes done manually on databases with your migration history

Run "ppy migrate status" to identify if you need to use resolve.

Read more about resolving migration history issues: https://pris.ly/d/migrate-resolve

Usage

  $ ppy migrate resolve [options]

Options

  -h, --help               Show this help
      --schema FILE        The Prisma schema to use
      --applied NAME       Record a specific migration as applied
      --rolled-back NAME   Record a specific migration as rolled back

Examples

  Update migrations table, recording a specific migration as applied
  $ ppy migrate resolve --applied 20201231000000_add_users_table

  Update migrations table, recording a specific migration as rolled back
  $ ppy migrate resolve --rolled-back 20201231000000_add_users_table
`

const migrateResetHelp = `Reset your database and apply all migrations, all data will be lost

Drops every table of the database (on PostgreSQL the whole schema, with its
types), then applies all migrations of prisma/migrations. Asks for
confirmation unless --force is given; in a non-interactive environment
--force is required.

Usage

  $ ppy migrate reset [options]

Options

  -h, --help          Show this help
      --schema FILE   The Prisma schema to use
  -f, --force         Skip the confirmation prompt
      --skip-seed     Skip the seed that seed.autoRun of prisma.config.ts
                      runs after the reset (PRISMA_MIGRATE_SKIP_SEED=1 too)
      --skip-generate Accepted for compatibility; reset never runs generate

Examples

  $ ppy migrate reset
  $ ppy migrate reset --force
`
