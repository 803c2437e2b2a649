package mysql

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// ColumnType spells Prisma's types as MySQL's; an enum is an inline
// ENUM('A', 'B') column type, arguments are joined by ", ".
func (Flavour) ColumnType(scalar, native, enum string, enumValues []string) (string, sqlschema.Family) {
	if enum != "" {
		vals := make([]string, len(enumValues))
		for i, v := range enumValues {
			vals[i] = sqlschema.StringLiteral(v)
		}
		return "ENUM(" + strings.Join(vals, ", ") + ")", sqlschema.EnumFamily
	}
	fam := sqlschema.ScalarFamily(scalar)
	if native != "" {
		name, args := sqlschema.NativeParts(native)
		unsigned := strings.HasPrefix(name, "Unsigned")
		name = strings.ToUpper(strings.TrimPrefix(name, "Unsigned"))
		if len(args) > 0 {
			name += "(" + strings.Join(args, ", ") + ")"
		}
		if unsigned {
			name += " UNSIGNED"
		}
		return name, fam
	}
	switch scalar {
	case "String":
		return "VARCHAR(191)", fam
	case "Boolean":
		return "BOOLEAN", fam
	case "Int":
		return "INTEGER", fam
	case "BigInt":
		return "BIGINT", fam
	case "Float":
		return "DOUBLE", fam
	case "Decimal":
		return "DECIMAL(65, 30)", fam
	case "DateTime":
		return "DATETIME(3)", fam
	case "Json":
		return "JSON", fam
	case "Bytes":
		return "LONGBLOB", fam
	}
	return "VARCHAR(191)", fam
}

// NowDefault: CURRENT_TIMESTAMP with the column's fractional precision
// (DATETIME(3) → CURRENT_TIMESTAMP(3)).
func (Flavour) NowDefault(typ string) string {
	p := "0"
	if _, rest, ok := strings.Cut(typ, "("); ok {
		p = strings.TrimSuffix(rest, ")")
	}
	return "CURRENT_TIMESTAMP(" + p + ")"
}

// LiteralDefault: MySQL stores no default for Json and Bytes columns as
// Prisma renders them.
func (Flavour) LiteralDefault(c *sqlschema.Column, literals []string) (string, bool) {
	if len(literals) != 1 || c.Family == sqlschema.JSON || c.Family == sqlschema.Bytes {
		return "", false
	}
	if c.Family == sqlschema.DateTime {
		// DATETIME takes no zone: '2024-01-02 03:04:05 +00:00' is refused.
		if utc, ok := strings.CutSuffix(literals[0], " +00:00'"); ok {
			return utc + "'", true
		}
	}
	return literals[0], true
}
