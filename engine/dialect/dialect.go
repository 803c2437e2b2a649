// Package dialect is the one place that turns a provider name into a
// sqltree.Dialect. Everything downstream asks the Dialect for capabilities
// and spellings instead of comparing provider names.
//
// It must not import database drivers or connectors.
package dialect

import (
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/dialect/postgres"
	"github.com/caspian-prisma/caspian-prisma/engine/dialect/sqlite"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// For returns the dialect of a provider ("postgres" is accepted for "postgresql").
func For(provider string) (sqltree.Dialect, error) {
	switch provider {
	case schema.SQLite:
		return sqlite.Dialect{}, nil
	case schema.PostgreSQL, "postgres":
		return postgres.Dialect{}, nil
	case schema.MySQL:
		return mysql.Dialect{}, nil
	}
	return nil, fmt.Errorf("unsupported provider %q", provider)
}
