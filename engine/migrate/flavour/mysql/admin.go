package mysql

import (
	"context"
	"fmt"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func (Flavour) CreateDatabase(name string) string {
	return "CREATE DATABASE " + quote(name) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}
func (Flavour) MaintenanceDatabase() string { return "" }

func (Flavour) DropDatabase(name string) string { return "DROP DATABASE IF EXISTS " + quote(name) }

// MigrationsTableDDL is Prisma's _prisma_migrations for MySQL.
func (Flavour) MigrationsTableDDL() string {
	return "CREATE TABLE `_prisma_migrations` (\n" +
		"    `id`                      VARCHAR(36) PRIMARY KEY NOT NULL,\n" +
		"    `checksum`                VARCHAR(64) NOT NULL,\n" +
		"    `finished_at`             DATETIME(3),\n" +
		"    `migration_name`          VARCHAR(255) NOT NULL,\n" +
		"    `logs`                    TEXT,\n" +
		"    `rolled_back_at`          DATETIME(3),\n" +
		"    `started_at`              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),\n" +
		"    `applied_steps_count`     INTEGER UNSIGNED NOT NULL DEFAULT 0\n" +
		") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

// Lock takes Prisma's named lock (GET_LOCK('prisma_migrate', 10)); q must
// stay on one connection.
func (Flavour) Lock(ctx context.Context, q driver.Querier) (func(), error) {
	rows, err := q.Query(ctx, "SELECT GET_LOCK('prisma_migrate', 10)", nil, []driver.Type{driver.TypeInt})
	if err != nil {
		return nil, fmt.Errorf("cannot take the migration lock: %w", err)
	}
	if len(rows) != 1 || rows[0][0] != int64(1) {
		return nil, fmt.Errorf("timed out after 10s waiting for the migration lock: another migration is running on this database")
	}
	return func() {
		_, _ = q.Exec(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK('prisma_migrate')", nil)
	}, nil
}

func (Flavour) Guard(string) sqlschema.Guard { return sqlschema.Guard{} }

// BackslashEscapes: MySQL's default sql_mode reads \' inside '...'.
func (Flavour) BackslashEscapes() bool { return true }

// EnsureNamespace: the database is the namespace; the CLI creates it.
func (Flavour) EnsureNamespace(context.Context, driver.Querier, string) error { return nil }

// ResetDatabase drops every view and table of the current database with
// FOREIGN_KEY_CHECKS off (a session setting: q must be one connection).
// Dropping tables rather than the database keeps its grants and options.
func (Flavour) ResetDatabase(ctx context.Context, q driver.Querier, _ string) error {
	rows, err := q.Query(ctx, "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
		nil, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot list the tables of the database: %w", err)
	}
	stmts := []string{"SET FOREIGN_KEY_CHECKS = 0"}
	for _, r := range rows {
		if typ, _ := r[1].(string); typ == "VIEW" {
			name, _ := r[0].(string)
			stmts = append(stmts, "DROP VIEW "+quote(name))
		}
	}
	for _, r := range rows {
		if typ, _ := r[1].(string); typ != "VIEW" {
			name, _ := r[0].(string)
			stmts = append(stmts, "DROP TABLE "+quote(name))
		}
	}
	defer func() { _, _ = q.Exec(context.WithoutCancel(ctx), "SET FOREIGN_KEY_CHECKS = 1", nil) }()
	for _, s := range stmts {
		if _, err := q.Exec(ctx, s, nil); err != nil {
			return fmt.Errorf("cannot reset the database (%s): %w", s, err)
		}
	}
	return nil
}

// ListTables lists the tables and views of the current database.
func (Flavour) ListTables(ctx context.Context, q driver.Querier, _ string) ([]string, error) {
	rows, err := q.Query(ctx, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_prisma_migrations' ORDER BY TABLE_NAME",
		nil, []driver.Type{driver.TypeString})
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
