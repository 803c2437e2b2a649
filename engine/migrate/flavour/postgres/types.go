package postgres

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// ColumnType spells Prisma's types as PostgreSQL's, upper-case, with
// arguments joined by a bare comma as Prisma writes them ("DECIMAL(65,30)").
// An enum column's type is the quoted enum name.
func (Flavour) ColumnType(scalar, native, enum string, enumValues []string) (string, sqlschema.Family) {
	if enum != "" {
		return quote(enum), sqlschema.EnumFamily
	}
	fam := sqlschema.ScalarFamily(scalar)
	if native != "" {
		name, args := sqlschema.NativeParts(native)
		switch name {
		case "DoublePrecision":
			name = "DOUBLE PRECISION"
		default:
			name = strings.ToUpper(name)
		}
		if len(args) > 0 {
			return name + "(" + strings.Join(args, ",") + ")", fam
		}
		return name, fam
	}
	switch scalar {
	case "String":
		return "TEXT", fam
	case "Boolean":
		return "BOOLEAN", fam
	case "Int":
		return "INTEGER", fam
	case "BigInt":
		return "BIGINT", fam
	case "Float":
		return "DOUBLE PRECISION", fam
	case "Decimal":
		return "DECIMAL(65,30)", fam
	case "DateTime":
		return "TIMESTAMP(3)", fam
	case "Json":
		return "JSONB", fam
	case "Bytes":
		return "BYTEA", fam
	}
	return "TEXT", fam
}

func (Flavour) NowDefault(string) string { return "CURRENT_TIMESTAMP" }

// LiteralDefault: lists are ARRAY[...]::TYPE[].
func (Flavour) LiteralDefault(c *sqlschema.Column, literals []string) (string, bool) {
	if c.List {
		return "ARRAY[" + strings.Join(literals, ", ") + "]::" + c.Type + "[]", true
	}
	if len(literals) != 1 {
		return "", false
	}
	if c.Family == sqlschema.Bytes {
		return `'\x` + strings.TrimPrefix(literals[0], "'"), true // bytea's hex input format
	}
	return literals[0], true
}
