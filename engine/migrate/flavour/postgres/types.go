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
	fam := family(scalar)
	if native != "" {
		name, args := nativeParts(native)
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

func family(scalar string) sqlschema.Family {
	switch scalar {
	case "String":
		return sqlschema.String
	case "Boolean":
		return sqlschema.Boolean
	case "Int":
		return sqlschema.Int
	case "BigInt":
		return sqlschema.BigInt
	case "Float":
		return sqlschema.Float
	case "Decimal":
		return sqlschema.Decimal
	case "DateTime":
		return sqlschema.DateTime
	case "Json":
		return sqlschema.JSON
	case "Bytes":
		return sqlschema.Bytes
	}
	return sqlschema.Unsupported
}

// nativeParts splits "VarChar(255)" into "VarChar" and ["255"].
func nativeParts(native string) (string, []string) {
	name, rest, ok := strings.Cut(native, "(")
	if !ok {
		return strings.TrimSpace(native), nil
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ")")
	var args []string
	for _, a := range strings.Split(rest, ",") {
		if a = strings.TrimSpace(a); a != "" {
			args = append(args, a)
		}
	}
	return strings.TrimSpace(name), args
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
	return literals[0], true
}
