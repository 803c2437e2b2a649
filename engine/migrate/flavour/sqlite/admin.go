package sqlite

import (
	"context"

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
