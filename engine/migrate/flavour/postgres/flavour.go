// Package postgres is the PostgreSQL flavour of the migration engine:
// Prisma's PostgreSQL DDL (enum types, SERIAL columns, named primary keys,
// ALTER TABLE clauses, enum re-creation), the description of a live schema
// from pg_catalog, databases, the migration table and the advisory lock.
// It must not import a driver.
// Reference: https://www.postgresql.org/docs/current/sql-altertable.html
package postgres

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Flavour is the PostgreSQL flavour.
type Flavour struct{}

func (Flavour) Provider() string    { return "postgresql" }
func (Flavour) DisplayName() string { return "PostgreSQL" }
func (Flavour) DefaultPort() int    { return 5432 }

// IdentLimit is NAMEDATALEN-1
// (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
func (Flavour) IdentLimit() int { return 63 }

func (Flavour) Quote(name string) string { return quote(name) }

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (Flavour) Placeholder(n int) string { return "$" + strconv.Itoa(n) }

func (Flavour) Caps() sqlschema.Caps {
	return sqlschema.Caps{
		RenameIndexes:       true,
		RenameForeignKeys:   true,
		AlterColumns:        true,
		AddForeignKeys:      true,
		EnumTypes:           true,
		NamedPrimaryKeys:    true,
		TransactionalDDL:    true,
		Namespaces:          true,
		JoinTablePrimaryKey: true,
	}
}
