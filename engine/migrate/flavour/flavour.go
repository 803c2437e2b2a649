// Package flavour is the one place that turns a provider name into the
// migration engine's dialect value. A Flavour knows everything about one
// database that migrations need: how types, defaults and names are spelled,
// how a live database is described, how diff steps become SQL, how a
// database is created, reset and locked, and what the database can do. Code
// above asks the Flavour (or its Caps) and never compares provider names.
//
// Each dialect lives in a sub-package with the same file set (flavour.go:
// names and capabilities; types.go: Prisma types as SQL; render.go: steps as
// SQL; describe.go: the live database as a sqlschema.Schema; admin.go:
// databases, reset, migration table, lock). They import engine/driver's
// interfaces and sqlschema, never a driver.
package flavour

import (
	"context"
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/postgres"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/sqlite"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Flavour is one database dialect for migrations.
type Flavour interface {
	Provider() string    // "sqlite", "postgresql", "mysql"
	DisplayName() string // "SQLite", "PostgreSQL", "MySQL"
	DefaultPort() int    // 0 for an embedded database
	IdentLimit() int     // identifier length limit in bytes
	Quote(name string) string
	Placeholder(n int) string // the n-th (1-based) bind parameter
	Caps() sqlschema.Caps

	// ColumnType spells a Prisma scalar type (String, Int... or "" for an
	// enum) with its native type attribute ("VarChar(255)" or "") as SQL;
	// enum is the enum's database name and values when the field is one.
	ColumnType(scalar, native, enum string, enumValues []string) (string, sqlschema.Family)
	// NowDefault spells now() for a column of type typ.
	NowDefault(typ string) string
	// LiteralDefault spells a literal default from its rendered values
	// (one, or a list's elements); ok is false when the database stores no
	// such default (MySQL Json and Bytes).
	LiteralDefault(c *sqlschema.Column, literals []string) (sql string, ok bool)

	// Render turns sorted steps into statements; namespace is the
	// PostgreSQL schema.
	Render(steps []sqlschema.Step, namespace string) []sqlschema.Statement

	// Describe reads the tables, enums, keys, indexes and foreign keys of
	// the live database (the PostgreSQL schema namespace), leaving out
	// the dialect's own tables, views and _prisma_migrations.
	Describe(ctx context.Context, q driver.Querier, namespace string) (*sqlschema.Schema, error)

	// CreateDatabase and DropDatabase are the statements that create and
	// drop a database on the server ("" where the dialect has none).
	CreateDatabase(name string) string
	DropDatabase(name string) string
	// MaintenanceDatabase is the database to connect to for creating
	// another ("postgres" on PostgreSQL; "" for none: MySQL connects
	// without one, SQLite needs no server).
	MaintenanceDatabase() string
	// MigrationsTableDDL creates _prisma_migrations exactly as Prisma does.
	MigrationsTableDDL() string
	// Guard is what a script's connection needs around the transaction
	// a script runs in, for the namespace the script is meant for.
	Guard(namespace string) Guard
	// Lock takes the migration advisory lock on q's connection; release
	// gives it back. A dialect without one returns a no-op.
	Lock(ctx context.Context, q driver.Querier) (release func(), err error)

	// EnsureNamespace creates the namespace (the PostgreSQL schema) that
	// migrations and _prisma_migrations land in when it is missing; a
	// no-op where the database is the namespace.
	EnsureNamespace(ctx context.Context, q driver.Querier, namespace string) error
	// ResetDatabase empties the database for `migrate reset`: every table,
	// view and (PostgreSQL) type and sequence goes, _prisma_migrations
	// included. q must stay on one connection (a Tx): MySQL's
	// FOREIGN_KEY_CHECKS is a session setting.
	ResetDatabase(ctx context.Context, q driver.Querier, namespace string) error
	// ListTables names the user tables and views of the database (the
	// PostgreSQL schema namespace), leaving out the dialect's own and
	// _prisma_migrations: Prisma's "is the database empty" check (P3005).
	// Cheaper than Describe and independent of it.
	ListTables(ctx context.Context, q driver.Querier, namespace string) ([]string, error)
	// BackslashEscapes: a backslash escapes the next character inside a
	// '...' string literal (MySQL's default), which a script splitter must
	// know to find the end of the literal.
	BackslashEscapes() bool
}

// Guard is run on the script's connection: Before ahead of the transaction,
// After once it ended; Check inside it before commit must return no row.
// SQLite cannot switch foreign keys off inside a transaction, and a
// redefined table would trip them (https://www.sqlite.org/lang_altertable.html#otheralter).
type Guard = sqlschema.Guard

// For returns the flavour of a provider ("postgres" is accepted for "postgresql").
func For(provider string) (Flavour, error) {
	switch provider {
	case "sqlite":
		return sqlite.Flavour{}, nil
	case "postgresql", "postgres":
		return postgres.Flavour{}, nil
	case "mysql":
		return mysql.Flavour{}, nil
	}
	return nil, fmt.Errorf("unsupported provider %q: expected sqlite, postgresql or mysql", provider)
}
