package migrate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// PushOptions are `db push`'s flags.
type PushOptions struct {
	// AcceptDataLoss allows changes that lose data. Push cannot alter an
	// existing schema yet, so it changes nothing today; kept for the CLI.
	AcceptDataLoss bool
	// ForceReset drops every table (and, on PostgreSQL, the whole schema with
	// its types) before creating the schema's.
	ForceReset bool
	// Schema is the PostgreSQL schema (?schema= in the URL); "" = "public".
	Schema string
}

// PushResult says what Push did.
type PushResult struct {
	AlreadyInSync bool     // nothing to do
	Reset         bool     // the database was emptied first (ForceReset)
	Dropped       []string // tables dropped by the reset
	Steps         []Step   // statements run, in order
}

// ErrNotEmpty is wrapped by Push's error when the database holds tables that
// differ from the schema: altering an existing schema is not supported yet.
var ErrNotEmpty = errors.New("the database schema differs from the Prisma schema")

// Push makes the database match sch the way `prisma db push` does, for the
// cases supported today: an empty database gets every table, index and
// foreign key; a database whose tables already match is left alone; any
// other database is refused unless ForceReset empties it first.
//
// SQLite and PostgreSQL run everything in one transaction, so a failure
// leaves the database as it was. MySQL commits each DDL statement implicitly.
func Push(ctx context.Context, pool driver.Pool, sch *schema.Schema, opts PushOptions) (PushResult, error) {
	var res PushResult
	provider := pool.Provider()
	if sch.Datasource != nil && sch.Datasource.Provider != provider {
		return res, fmt.Errorf("the schema's datasource provider is %q but the database URL is for %q; use a URL for %s",
			sch.Datasource.Provider, provider, sch.Datasource.Provider)
	}
	schemaName := opts.Schema
	if schemaName == "" {
		schemaName = "public"
	}
	want, err := calculate(sch, identLimit(provider))
	if err != nil {
		return res, err
	}
	steps, err := Steps(sch, Options{Provider: provider, Schema: schemaName})
	if err != nil {
		return res, err
	}
	live, err := liveTables(ctx, pool, provider, schemaName)
	if err != nil {
		return res, err
	}
	userTables := len(live)
	if _, ok := live[migrationsTable]; ok {
		userTables-- // the migration history alone does not make a database non-empty
	}
	if !opts.ForceReset && userTables == 0 && provider == schema.PostgreSQL {
		// Leftover enum types would make CREATE TYPE fail half-way.
		enums, err := pgEnums(ctx, pool, schemaName)
		if err != nil {
			return res, err
		}
		if len(enums) > 0 {
			return res, fmt.Errorf("%w (the schema %q has no tables but holds the types %s). Altering an existing database schema is not supported yet by db push; "+
				"run db push with --force-reset to drop them and create everything from the schema",
				ErrNotEmpty, schemaName, strings.Join(enums, ", "))
		}
	}
	if !opts.ForceReset && userTables > 0 {
		d := compare(want, live)
		if d.empty() {
			res.AlreadyInSync = true
			return res, nil
		}
		return res, fmt.Errorf("%w (%s). Altering an existing database schema is not supported yet by db push; "+
			"run db push with --force-reset to drop all tables and recreate them from the schema (this deletes all data)",
			ErrNotEmpty, d.describe())
	}

	tx, err := pool.Begin(ctx, driver.TxOptions{})
	if err != nil {
		return res, fmt.Errorf("cannot start a transaction: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if opts.ForceReset {
		res.Reset = true
		for n := range live {
			res.Dropped = append(res.Dropped, n)
		}
		sort.Strings(res.Dropped)
		if err := reset(ctx, tx, provider, schemaName, live); err != nil {
			return res, err
		}
	}
	for _, s := range steps {
		if _, err := tx.Exec(ctx, s.SQL, nil); err != nil {
			undo := "nothing was changed (the statements run in one transaction)"
			if provider == schema.MySQL {
				undo = "the statements before it stay applied (MySQL cannot roll back DDL)"
			}
			return res, fmt.Errorf("db push failed on `%s`: %w; %s", strings.TrimSuffix(firstLine(s.SQL), " ("), err, undo)
		}
		res.Steps = append(res.Steps, s)
		if provider == schema.PostgreSQL && s.Label == "CreateSchema" {
			// The tables are created unqualified: make sure they land in
			// the URL's schema whatever the connection's search_path.
			if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+pgQuote(schemaName), nil); err != nil {
				return res, fmt.Errorf("cannot select the schema %q: %w", schemaName, err)
			}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return res, fmt.Errorf("cannot commit the schema changes: %w", err)
	}
	done = true
	return res, nil
}

// reset empties the database inside tx.
func reset(ctx context.Context, tx driver.Tx, provider, schemaName string, live map[string][]string) error {
	var stmts []string
	switch provider {
	case schema.SQLite:
		// Deferred foreign keys can be switched on inside a transaction
		// (foreign_keys cannot) and are checked at commit, when no
		// dangling reference is left.
		// Tables go children first: dropping a table deletes its rows, and
		// SQLite then looks up the parents of every foreign key it holds.
		order, err := sqliteDropOrder(ctx, tx, live)
		if err != nil {
			return err
		}
		stmts = append(stmts, "PRAGMA defer_foreign_keys = ON")
		for _, n := range order {
			stmts = append(stmts, "DROP TABLE "+sqliteQuote(n))
		}
	case schema.PostgreSQL:
		// Like Prisma's reset: the schema goes with its tables, enums and
		// sequences; the first step creates it again.
		stmts = append(stmts, "DROP SCHEMA IF EXISTS "+pgQuote(schemaName)+" CASCADE")
	case schema.MySQL:
		stmts = append(stmts, "SET FOREIGN_KEY_CHECKS = 0")
		for _, n := range sortedNames(live) {
			stmts = append(stmts, "DROP TABLE "+myQuote(n))
		}
		stmts = append(stmts, "SET FOREIGN_KEY_CHECKS = 1")
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s, nil); err != nil {
			return fmt.Errorf("cannot reset the database (%s): %w", s, err)
		}
	}
	return nil
}

func sortedNames(live map[string][]string) []string {
	out := make([]string, 0, len(live))
	for n := range live {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// sqliteDropOrder orders the tables so that each comes before the tables
// its foreign keys point at. Tables caught in a cycle come last, by name.
func sqliteDropOrder(ctx context.Context, q driver.Querier, live map[string][]string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT m.name, f."table" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f `+
		`WHERE m.type = 'table'`, nil, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot read the foreign keys of the database: %w", err)
	}
	parents := map[string]map[string]bool{} // table -> tables it references
	refs := map[string]int{}                // table -> number of other tables referencing it
	for _, r := range rows {
		child, _ := r[0].(string)
		parent, _ := r[1].(string)
		if _, ok := live[child]; !ok || child == parent {
			continue
		}
		if parents[child] == nil {
			parents[child] = map[string]bool{}
		}
		if !parents[child][parent] {
			parents[child][parent] = true
			refs[parent]++
		}
	}
	var order []string
	left := sortedNames(live)
	for len(left) > 0 {
		var next []string
		progressed := false
		for _, n := range left {
			if refs[n] == 0 {
				order = append(order, n)
				for p := range parents[n] {
					refs[p]--
				}
				progressed = true
			} else {
				next = append(next, n)
			}
		}
		if !progressed {
			return append(order, next...), nil
		}
		left = next
	}
	return order, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
