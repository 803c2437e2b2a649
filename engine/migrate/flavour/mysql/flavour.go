// Package mysql is the MySQL (and MariaDB) flavour of the migration engine.
// No offline oracle of Prisma's MySQL output exists, so the DDL follows
// Prisma's MySQL rules (prisma-engines' MySQL renderer and published
// migrations): VARCHAR(191) strings, DATETIME(3), enums inline as ENUM(...),
// indexes and the primary key inside CREATE TABLE, the utf8mb4 table
// options, MODIFY for column changes. Every rule is proven on MariaDB by the
// apply-and-re-diff tests. It must not import a driver.
// Reference: https://dev.mysql.com/doc/refman/8.0/en/alter-table.html
package mysql

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Flavour is the MySQL flavour.
type Flavour struct{}

func (Flavour) Provider() string    { return "mysql" }
func (Flavour) DisplayName() string { return "MySQL" }
func (Flavour) DefaultPort() int    { return 3306 }

// IdentLimit: https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html
func (Flavour) IdentLimit() int { return 64 }

func (Flavour) Quote(name string) string { return quote(name) }

func quote(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func (Flavour) Placeholder(int) string { return "?" }

func (Flavour) Caps() sqlschema.Caps {
	return sqlschema.Caps{
		RenameIndexes:          true,
		SetDefaultIsRestrict:   true,
		ForeignKeysNeedIndexes: true,
		AlterColumns:           true,
		AddForeignKeys:         true,
	}
}
