// Package sqlite is the SQLite flavour of the migration engine: Prisma's
// SQLite DDL (foreign keys inline in CREATE TABLE, tables redefined for any
// change SQLite's ALTER TABLE cannot make), the description of a live
// database from sqlite_master and the pragma table functions, and the
// migration table. It must not import a driver.
// Reference: https://www.sqlite.org/lang_altertable.html
package sqlite

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Flavour is the SQLite flavour.
type Flavour struct{}

func (Flavour) Provider() string    { return "sqlite" }
func (Flavour) DisplayName() string { return "SQLite" }
func (Flavour) DefaultPort() int    { return 0 }

// IdentLimit: SQLite has no identifier limit; Prisma uses a large one so
// that names are never cut.
func (Flavour) IdentLimit() int { return 10000 }

func (Flavour) Quote(name string) string { return quote(name) }

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (Flavour) Placeholder(n int) string { return "?" + strconv.Itoa(n) }

func (Flavour) Caps() sqlschema.Caps {
	return sqlschema.Caps{
		DropIndexesOfDroppedTables: true,
		EmbeddedFile:               true,
		TransactionalDDL:           true,
		ShadowInMemory:             true,
		IntegerPKAutoIncrements:    true,
	}
}
