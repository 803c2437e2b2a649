package postgres

import (
	"context"
	"fmt"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func (Flavour) CreateDatabase(name string) string { return "CREATE DATABASE " + quote(name) }
func (Flavour) MaintenanceDatabase() string       { return "postgres" }

func (Flavour) DropDatabase(name string) string { return "DROP DATABASE IF EXISTS " + quote(name) }

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

func (Flavour) BackslashEscapes() bool { return false }

// EnsureNamespace creates the schema when it does not exist (checked first:
// CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the
// schema is there).
func (Flavour) EnsureNamespace(ctx context.Context, q driver.Querier, namespace string) error {
	if namespace == "" {
		namespace = "public"
	}
	rows, err := q.Query(ctx, "SELECT 1 FROM pg_namespace WHERE nspname = $1", []any{namespace}, []driver.Type{driver.TypeInt})
	if err != nil {
		return fmt.Errorf("cannot look up the schema %q: %w", namespace, err)
	}
	if len(rows) > 0 {
		return nil
	}
	if _, err := q.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+quote(namespace), nil); err != nil {
		return fmt.Errorf("cannot create the schema %q: %w", namespace, err)
	}
	return nil
}

// ResetDatabase drops the schema with everything in it (tables, types,
// sequences, views) and creates it again, as Prisma's reset does.
func (Flavour) ResetDatabase(ctx context.Context, q driver.Querier, namespace string) error {
	if namespace == "" {
		namespace = "public"
	}
	for _, s := range []string{"DROP SCHEMA IF EXISTS " + quote(namespace) + " CASCADE", "CREATE SCHEMA " + quote(namespace)} {
		if _, err := q.Exec(ctx, s, nil); err != nil {
			return fmt.Errorf("cannot reset the database (%s): %w", s, err)
		}
	}
	return nil
}

// ListTables lists the tables, views and enum types of the schema (PostGIS's
// spatial_ref_sys is ignored, as by Prisma).
func (Flavour) ListTables(ctx context.Context, q driver.Querier, namespace string) ([]string, error) {
	if namespace == "" {
		namespace = "public"
	}
	rows, err := q.Query(ctx, `SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 `+
		`AND table_name NOT IN ('_prisma_migrations', 'spatial_ref_sys') `+
		`UNION ALL SELECT t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e' ORDER BY 1`,
		[]any{namespace}, []driver.Type{driver.TypeString})
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
