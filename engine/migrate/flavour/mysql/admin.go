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

// ResetStatements drops every table with foreign key checks off (a session
// setting: the statements run on one connection).
func (Flavour) ResetStatements(live *sqlschema.Schema, _ string) []string {
	out := []string{"SET FOREIGN_KEY_CHECKS = 0"}
	for _, t := range live.Tables {
		out = append(out, "DROP TABLE "+quote(t.Name))
	}
	return append(out, "DROP TABLE IF EXISTS `_prisma_migrations`", "SET FOREIGN_KEY_CHECKS = 1")
}
