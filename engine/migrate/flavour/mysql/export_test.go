package mysql

import "github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

// ColumnTypeOf and DescribeDefault expose the describer's parsers to the
// external tests.
func ColumnTypeOf(colType string) (string, sqlschema.Family) { return describedType(colType) }

func DescribeDefault(v string, c *sqlschema.Column, extra string, mariadb bool) *sqlschema.Default {
	return Flavour{}.describeDefault(v, c, extra, mariadb)
}
