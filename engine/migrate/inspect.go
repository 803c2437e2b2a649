package migrate

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// migrationsTable is Prisma's migration history table: db push does not count
// it as a difference, and --force-reset drops it like Prisma's reset does.
const migrationsTable = "_prisma_migrations"

// liveTables lists the base tables of the database (the PostgreSQL schema
// schemaName) with their column names in order, leaving out SQLite's own
// tables.
func liveTables(ctx context.Context, q driver.Querier, provider, schemaName string) (map[string][]string, error) {
	var sql string
	var args []any
	switch provider {
	case schema.SQLite:
		sql = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p ` +
			`WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, p.cid`
	case schema.PostgreSQL:
		sql = `SELECT t.table_name::text, c.column_name::text FROM information_schema.tables t ` +
			`LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name ` +
			`WHERE t.table_schema = $1 AND t.table_type = 'BASE TABLE' ORDER BY t.table_name, c.ordinal_position`
		args = []any{schemaName}
	case schema.MySQL:
		sql = "SELECT t.TABLE_NAME, c.COLUMN_NAME FROM information_schema.TABLES t " +
			"LEFT JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME " +
			"WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION"
	default:
		return nil, fmt.Errorf("unsupported provider %q", provider)
	}
	rows, err := q.Query(ctx, sql, args, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot list the tables of the database: %w", err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		name, _ := r[0].(string)
		if name == "" {
			continue
		}
		col, _ := r[1].(string)
		cols := out[name] // a table without columns still counts
		if col != "" {
			cols = append(cols, col)
		}
		out[name] = cols
	}
	return out, nil
}

// pgEnums lists the enum types of a PostgreSQL schema.
func pgEnums(ctx context.Context, q driver.Querier, schemaName string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace `+
		`WHERE n.nspname = $1 AND t.typtype = 'e' ORDER BY t.typname`, []any{schemaName}, []driver.Type{driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot list the enum types of the database: %w", err)
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		if s, ok := r[0].(string); ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// drift compares the live tables with the ones the schema creates.
type drift struct {
	missing []string // in the schema, not in the database
	extra   []string // in the database, not in the schema
	changed []string // in both with different column sets
}

func (d drift) empty() bool { return len(d.missing)+len(d.extra)+len(d.changed) == 0 }

func compare(want *database, live map[string][]string) drift {
	var d drift
	names := map[string]bool{}
	for _, t := range want.tables {
		names[t.name] = true
		cols, ok := live[t.name]
		if !ok {
			d.missing = append(d.missing, t.name)
			continue
		}
		var wantCols []string
		for _, c := range t.columns {
			wantCols = append(wantCols, c.name)
		}
		if !sameSet(wantCols, cols) {
			d.changed = append(d.changed, t.name)
		}
	}
	for n := range live {
		if !names[n] && n != migrationsTable {
			d.extra = append(d.extra, n)
		}
	}
	sort.Strings(d.extra)
	return d
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s]--; seen[s] < 0 {
			return false
		}
	}
	return true
}

func (d drift) describe() string {
	var parts []string
	if len(d.missing) > 0 {
		parts = append(parts, "tables to create: "+strings.Join(d.missing, ", "))
	}
	if len(d.extra) > 0 {
		parts = append(parts, "tables not in the schema: "+strings.Join(d.extra, ", "))
	}
	if len(d.changed) > 0 {
		parts = append(parts, "tables whose columns differ: "+strings.Join(d.changed, ", "))
	}
	return strings.Join(parts, "; ")
}
