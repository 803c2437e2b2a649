package mysql

import (
	"context"
	"errors"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Describe reads the live database into a sqlschema.Schema.
func (Flavour) Describe(ctx context.Context, q driver.Querier, namespace string) (*sqlschema.Schema, error) {
	return nil, errors.New("describing a mysql database is not implemented yet")
}
