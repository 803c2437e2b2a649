package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/history"
)

// dbExecute runs a SQL script on the datasource: `ppy db execute --file F`
// or `--stdin`. The script is split into statements and run in one
// transaction where the database rolls DDL back, so a failing script
// changes nothing there (beyond Prisma, which sends it as one command).
func (r *run) dbExecute(args []string) int {
	fs := flag.NewFlagSet("db execute", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	file := fs.String("file", "", "")
	stdin := fs.Bool("stdin", false, "")
	if done, code := r.parseFlags(fs, dbExecuteHelp, args); done {
		return code
	}
	if (*file == "") == !*stdin {
		fmt.Fprintf(r.err, "Error: exactly one of --stdin or --file must be given.\n\n%s", dbExecuteHelp)
		return exitUsage
	}
	var script []byte
	var err error
	if *stdin {
		if r.in == nil {
			return r.fail("--stdin was given but there is no standard input")
		}
		script, err = io.ReadAll(r.in)
	} else {
		path := *file
		if !filepath.IsAbs(path) {
			path = filepath.Join(r.cwd, path)
		}
		script, err = os.ReadFile(path)
	}
	if err != nil {
		return r.fail("Could not read the script: %v", err)
	}
	ctx := r.ctx
	t, code, ok := r.openTarget(ctx, *schemaFlag, false)
	if !ok {
		return code
	}
	defer t.close()
	stmts := history.Split(string(script), t.f.BackslashEscapes())
	run := func(q driver.Querier) error {
		for _, s := range stmts {
			if s.Empty() || (t.f.Caps().TransactionalDDL && s.TransactionControl()) {
				continue
			}
			if _, err := q.Exec(ctx, s.SQL, nil); err != nil {
				return fmt.Errorf("%v\n\nFailed statement:\n%s", err, s.SQL)
			}
		}
		return nil
	}
	if t.f.Caps().TransactionalDDL {
		err = history.InTransaction(ctx, t.f, t.pool, pgSchema(t.u.raw), func(tx driver.Tx) error { return run(tx) })
	} else {
		err = run(t.pool)
	}
	if err != nil {
		return r.fail("%s", t.u.scrub(err.Error()))
	}
	fmt.Fprintln(r.out, "Script executed successfully.")
	return exitOK
}

const dbExecuteHelp = `Execute native commands to your database

Runs a SQL script on the database of DATABASE_URL (resolved like every
command). On SQLite and PostgreSQL the script runs in one transaction: if a
statement fails, nothing of the script stays.

Usage

  $ ppy db execute [options]

Options

  -h, --help        Show this help
      --file FILE   The SQL script to run
      --stdin       Read the script from standard input
      --schema FILE The Prisma schema whose datasource to use

Examples

  $ ppy db execute --file ./script.sql
  $ echo 'TRUNCATE TABLE dev;' | ppy db execute --stdin
`
