package sqlite

import (
	"context"
	"fmt"
	"sort"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// CreateDatabase: a SQLite database is a file, created by opening it.
func (Flavour) CreateDatabase(string) string { return "" }
func (Flavour) MaintenanceDatabase() string  { return "" }

func (Flavour) DropDatabase(string) string { return "" }

// MigrationsTableDDL is Prisma's, byte for byte (prisma-oracle
// migrate-dev/sqlite/_prisma_migrations.json).
func (Flavour) MigrationsTableDDL() string {
	return `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`
}

// Lock: SQLite serialises writers itself; Prisma takes no lock.
func (Flavour) Lock(context.Context, driver.Querier) (func(), error) { return func() {}, nil }

// Guard: foreign keys cannot be switched off inside a transaction, and a
// redefined table trips them; they are checked once before commit instead
// (https://www.sqlite.org/pragma.html#pragma_foreign_key_check).
func (Flavour) Guard(string) sqlschema.Guard {
	return sqlschema.Guard{Before: "PRAGMA foreign_keys=OFF", After: "PRAGMA foreign_keys=ON", Check: "PRAGMA foreign_key_check"}
}

// EnsureNamespace: the file is the namespace.
func (Flavour) EnsureNamespace(context.Context, driver.Querier, string) error { return nil }

func (Flavour) BackslashEscapes() bool { return false }

// ResetDatabase drops every view and table (indexes and triggers go with
// their tables). Foreign keys are deferred (PRAGMA foreign_keys cannot be
// switched off inside a transaction) and tables go children first:
// dropping a table deletes its rows, and SQLite then looks up the parents
// of each foreign key it holds.
func (Flavour) ResetDatabase(ctx context.Context, q driver.Querier, _ string) error {
	rows, err := q.Query(ctx, `SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
		nil, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot list the tables of the database: %w", err)
	}
	var views []string
	tables := map[string]bool{}
	for _, r := range rows {
		typ, _ := r[0].(string)
		name, _ := r[1].(string)
		if typ == "view" {
			views = append(views, name)
		} else {
			tables[name] = true
		}
	}
	order, err := dropOrder(ctx, q, tables)
	if err != nil {
		return err
	}
	stmts := []string{"PRAGMA defer_foreign_keys = ON"}
	for _, v := range views {
		stmts = append(stmts, "DROP VIEW "+quote(v))
	}
	for _, t := range order {
		stmts = append(stmts, "DROP TABLE "+quote(t))
	}
	for _, s := range stmts {
		if _, err := q.Exec(ctx, s, nil); err != nil {
			return fmt.Errorf("cannot reset the database (%s): %w", s, err)
		}
	}
	return nil
}

// dropOrder orders the tables so that each comes before the tables its
// foreign keys point at; tables caught in a cycle come last, by name.
func dropOrder(ctx context.Context, q driver.Querier, tables map[string]bool) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT m.name, f."table" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f `+
		`WHERE m.type = 'table'`, nil, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot read the foreign keys of the database: %w", err)
	}
	parents := map[string]map[string]bool{}
	refs := map[string]int{}
	for _, r := range rows {
		child, _ := r[0].(string)
		parent, _ := r[1].(string)
		if !tables[child] || child == parent {
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
	left := make([]string, 0, len(tables))
	for t := range tables {
		left = append(left, t)
	}
	sort.Strings(left)
	var order []string
	for len(left) > 0 {
		var next []string
		for _, n := range left {
			if refs[n] == 0 {
				order = append(order, n)
				for p := range parents[n] {
					refs[p]--
				}
			} else {
				next = append(next, n)
			}
		}
		if len(next) == len(left) {
			return append(order, next...), nil
		}
		left = next
	}
	return order, nil
}

// ListTables lists tables and views but SQLite's own (sqlite_*).
func (Flavour) ListTables(ctx context.Context, q driver.Querier, _ string) ([]string, error) {
	return names(q.Query(ctx, `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\' `+
		`AND name <> '_prisma_migrations' ORDER BY name`, nil, []driver.Type{driver.TypeString}))
}

func names(rows [][]any, err error) ([]string, error) {
	if err != nil {
		return nil, fmt.Errorf("cannot list the tables of the database: %w", err)
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		s, _ := r[0].(string)
		out = append(out, s)
	}
	return out, nil
}
