package postgres

import (
	"context"
	"fmt"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func (Flavour) CreateDatabase(name string) string { return "CREATE DATABASE " + quote(name) }
func (Flavour) DropDatabase(name string) string   { return "DROP DATABASE IF EXISTS " + quote(name) }

// MigrationsTableDDL is Prisma's _prisma_migrations (schema-engine's
// postgres flavour); it lands in the connection's schema.
func (Flavour) MigrationsTableDDL() string {
	return `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`
}

// advisoryLockID is Prisma's key for pg_advisory_lock, so that ppy and
// Prisma never migrate the same database at once.
const advisoryLockID = 72707369

// Lock takes Prisma's advisory lock. q must stay on one connection (a Tx)
// for the lock to mean anything; the release runs on the same q.
func (Flavour) Lock(ctx context.Context, q driver.Querier) (func(), error) {
	if _, err := q.Exec(ctx, fmt.Sprintf("SELECT pg_advisory_lock(%d)", advisoryLockID), nil); err != nil {
		return nil, fmt.Errorf("cannot take the migration advisory lock: %w", err)
	}
	return func() {
		_, _ = q.Exec(context.WithoutCancel(ctx), fmt.Sprintf("SELECT pg_advisory_unlock(%d)", advisoryLockID), nil)
	}, nil
}

// Guard: scripts name tables without their schema, so the transaction
// resolves them in the namespace whatever the connection's search_path.
func (Flavour) Guard(namespace string) sqlschema.Guard {
	return sqlschema.Guard{Setup: "SET LOCAL search_path TO " + quote(namespace)}
}

// ResetStatements drop the namespace with its tables, types and sequences,
// as Prisma's reset does, and create it again.
func (Flavour) ResetStatements(_ *sqlschema.Schema, namespace string) []string {
	return []string{"DROP SCHEMA IF EXISTS " + quote(namespace) + " CASCADE", "CREATE SCHEMA " + quote(namespace)}
}
