package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
)

func (r *run) migrateDev(args []string) int {
	fs := flag.NewFlagSet("migrate dev", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	name := fs.String("name", "", "")
	fs.StringVar(name, "n", "", "")
	createOnly := fs.Bool("create-only", false, "")
	acceptDataLoss := fs.Bool("accept-data-loss", false, "")
	fs.Bool("skip-generate", false, "") // Prisma 6 flag, accepted: dev never generates
	skipSeed := fs.Bool("skip-seed", false, "")
	if done, code := r.parseFlags(fs, migrateDevHelp, args); done {
		return code
	}
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, true)
	if !ok {
		return code
	}
	defer t.close()
	fmt.Fprintln(r.out)
	root := t.l.proj.root
	in := migrate.DevInput{
		Pool: t.pool, Flavour: t.f, Namespace: pgSchema(t.u.raw), Schema: t.l.sch, Dir: t.dir,
		Open:    func(ctx context.Context, url string) (driver.Pool, error) { return connector.Open(ctx, url, root) },
		MainURL: t.u.raw, ShadowURL: t.l.proj.shadowURL(),
		Name: *name, CreateOnly: *createOnly, AcceptDataLoss: *acceptDataLoss,
		NoLock: r.env["PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK"] != "",
	}
	in.OnApply = r.progress
	if r.interactive() {
		in.AskName = func() string {
			fmt.Fprint(r.out, "? Enter a name for the new migration: › ")
			if r.in == nil {
				return ""
			}
			line, _ := bufio.NewReader(r.in).ReadString('\n')
			return strings.TrimSpace(line)
		}
	}
	res, err := migrate.Dev(ctx, in)
	if errors.Is(err, migrate.ErrDataLoss) && r.interactive() {
		fmt.Fprintf(r.out, "\n⚠️  Warnings for the current datasource:\n\n%s", bullets(res.Warnings.DataLoss))
		if !r.confirm("? Are you sure you want to create and apply this migration?") {
			fmt.Fprintln(r.out, "\nMigration cancelled.")
			return exitCancelled
		}
		in.AcceptDataLoss = true
		res, err = migrate.Dev(ctx, in)
	}
	if len(res.Applied) > 0 {
		fmt.Fprintf(r.out, "\nThe following migration(s) have been applied:\n\n%s\n", appliedTree(res.Applied))
	}
	switch {
	case errors.Is(err, migrate.ErrUnexecutable):
		var b strings.Builder
		for i, w := range res.Warnings.Unexecutable {
			fmt.Fprintf(&b, "  • Step %d %s\n", i, w)
		}
		return r.fail("\n⚠️ We found changes that cannot be executed:\n\n%s\nYou can use ppy migrate dev --create-only to create the migration file, "+
			"and manually modify it to address the underlying issue(s).\nThen run ppy migrate dev to apply it and verify it works.", b.String())
	case errors.Is(err, migrate.ErrDataLoss):
		fmt.Fprintf(r.out, "\n⚠️  Warnings for the current datasource:\n\n%s", bullets(res.Warnings.DataLoss))
		return r.fail("Prisma Migrate has detected that the environment is non-interactive, which is not supported.\n\n" +
			"`ppy migrate dev` is an interactive command designed to create new migrations and evolve the database in development.\n" +
			"To accept the data loss without a prompt, run ppy migrate dev --accept-data-loss.\n" +
			"To apply existing migrations in deployments, use ppy migrate deploy.\nSee https://pris.ly/d/migrate-deploy")
	case err != nil:
		return r.failMigrate(t.u, err)
	case len(res.ResetReasons) > 0:
		return r.needReset(t, res)
	}
	if len(res.Warnings.Unexecutable) > 0 {
		fmt.Fprintf(r.out, "\n⚠️ We found changes that cannot be executed:\n\n%s", bullets(res.Warnings.Unexecutable))
	}
	created := res.Created.Name
	switch {
	case created == "":
		if len(res.Applied) == 0 {
			fmt.Fprintln(r.out, "Already in sync, no schema change or pending migration was found.")
		} else {
			fmt.Fprintln(r.out, "\nYour database is now in sync with your schema.")
		}
	case *createOnly:
		fmt.Fprintf(r.out, "Prisma Migrate created the following migration without applying it %s\n\n"+
			"You can now edit it and apply it by running ppy migrate dev.\n", created)
	default:
		fmt.Fprintf(r.out, "\nThe following migration(s) have been created and applied from new schema changes:\n\n%s\n\n"+
			"Your database is now in sync with your schema.\n", strings.Replace(appliedTree([]string{created}), "migrations/", r.migrationsShown(t)+"/", 1))
	}
	if t.created && !*createOnly {
		// Prisma 6 seeded a database migrate dev created; Caspian does
		// when seed.autoRun is true.
		return r.autoSeed(t.l.proj, *skipSeed)
	}
	return exitOK
}

// migrationsShown is the migrations folder (config migrations.path, else
// next to the schema) as Prisma prints it: relative to the working directory.
func (r *run) migrationsShown(t *migrateTarget) string {
	return filepath.ToSlash(t.l.proj.rel(t.dir))
}

// needReset prints why migrate dev cannot go on, as Prisma does, and exits
// 130: migrate dev never resets by itself.
func (r *run) needReset(t *migrateTarget, res migrate.DevResult) int {
	var b strings.Builder
	if len(res.ResetReasons) == 1 {
		b.WriteString(res.ResetReasons[0] + "\n")
	} else {
		for _, reason := range res.ResetReasons {
			b.WriteString("- " + reason + "\n")
		}
	}
	if res.Drift != "" {
		b.WriteString("\nThe following is a summary of the differences between the expected database schema given your migrations files, and the actual schema of the database.\n\n" +
			"It should be understood as a set of changes to get from the expected schema to the actual schema.\n")
		if res.NoHistory {
			b.WriteString("\nIf you are running this the first time on an existing database, please make sure to read this documentation page:\n" +
				"https://www.prisma.io/docs/guides/database/developing-with-prisma-migrate/troubleshooting-development\n")
		}
		b.WriteString(res.Drift)
	}
	fmt.Fprintf(r.out, "%s\n%s\n\nYou may use ppy migrate reset to drop the development database.\nAll data will be lost.\n",
		b.String(), r.resetSentence(t))
	return exitCancelled
}

// resetSentence is Prisma's "We need to reset ..." line.
func (r *run) resetSentence(t *migrateTarget) string {
	if t.f.Caps().Namespaces {
		_, at := serverDB(t.u)
		return fmt.Sprintf("We need to reset the %q schema at %q", pgSchema(t.u.raw), at)
	}
	if t.f.DefaultPort() == 0 {
		return fmt.Sprintf("We need to reset the %s database %q at %q", t.f.DisplayName(), filepath.Base(sqlitePath(t.u.raw, t.l.proj.root)), t.u.raw)
	}
	name, at := serverDB(t.u)
	return fmt.Sprintf("We need to reset the %s database %q at %q", t.f.DisplayName(), name, at)
}

const migrateDevHelp = `Create a migration from changes in Prisma schema, apply it to the database

Replays the migration history in a shadow database (SQLite: in memory;
PostgreSQL, MySQL: a temporary database on the same server, or the
shadowDatabaseUrl of prisma.config.ts) to detect drift and broken
migrations, applies pending migrations, then writes the changes of the
schema as prisma/migrations/<timestamp>_<name>/migration.sql and applies
it. It never resets the database: when it must, it says why and exits 130.

Usage

  $ ppy migrate dev [options]

Options

  -h, --help               Show this help
  -n, --name NAME          Name the migration
      --create-only        Create a new migration but do not apply it
      --accept-data-loss   Create and apply a migration that loses data
                           without the confirmation prompt (beyond Prisma,
                           for scripts and CI)
      --schema FILE        The Prisma schema to use
      --skip-seed          Do not run the seed that seed.autoRun of
                           prisma.config.ts runs when migrate dev created
                           the database (PRISMA_MIGRATE_SKIP_SEED=1 too)

Examples

  $ ppy migrate dev --name add_user_bio
  $ ppy migrate dev --create-only
`
