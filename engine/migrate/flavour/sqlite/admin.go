package sqlite

import (
	"context"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// CreateDatabase: a SQLite database is a file, created by opening it.
func (Flavour) CreateDatabase(string) string { return "" }
func (Flavour) DropDatabase(string) string   { return "" }

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

// ResetStatements drops every table; foreign keys are off meanwhile (Guard).
func (Flavour) ResetStatements(live *sqlschema.Schema, _ string) []string {
	var out []string
	for _, t := range live.Tables {
		out = append(out, "DROP TABLE "+quote(t.Name))
	}
	return append(out, `DROP TABLE IF EXISTS "_prisma_migrations"`)
}
