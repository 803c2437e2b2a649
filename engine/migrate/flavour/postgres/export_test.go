package postgres

import "github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

// DescribeDefault exposes describeDefault to the external tests.
func DescribeDefault(expr string, c *sqlschema.Column) (*sqlschema.Default, bool) {
	return describeDefault(expr, c, false)
}
