package sqlite

import "github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

// ColumnType: SQLite has no native type attributes; enums are TEXT
// (types.from-empty.sqlite.sql).
func (Flavour) ColumnType(scalar, native, enum string, enumValues []string) (string, sqlschema.Family) {
	if enum != "" {
		return "TEXT", sqlschema.String
	}
	switch scalar {
	case "String":
		return "TEXT", sqlschema.String
	case "Boolean":
		return "BOOLEAN", sqlschema.Boolean
	case "Int":
		return "INTEGER", sqlschema.Int
	case "BigInt":
		return "BIGINT", sqlschema.BigInt
	case "Float":
		return "REAL", sqlschema.Float
	case "Decimal":
		return "DECIMAL", sqlschema.Decimal
	case "DateTime":
		return "DATETIME", sqlschema.DateTime
	case "Json":
		return "JSONB", sqlschema.JSON
	case "Bytes":
		return "BLOB", sqlschema.Bytes
	}
	return "TEXT", sqlschema.String
}

func (Flavour) NowDefault(string) string { return "CURRENT_TIMESTAMP" }

func (Flavour) LiteralDefault(c *sqlschema.Column, literals []string) (string, bool) {
	if len(literals) != 1 {
		return "", false
	}
	return literals[0], true
}

// Family tells the family of a declared column type, by SQLite's type
// affinity names as Prisma writes them.
func Family(typ string) sqlschema.Family {
	switch typ {
	case "TEXT":
		return sqlschema.String
	case "BOOLEAN":
		return sqlschema.Boolean
	case "INTEGER", "INT":
		return sqlschema.Int
	case "BIGINT":
		return sqlschema.BigInt
	case "REAL", "DOUBLE", "FLOAT":
		return sqlschema.Float
	case "DECIMAL", "NUMERIC":
		return sqlschema.Decimal
	case "DATETIME", "DATE", "TIMESTAMP":
		return sqlschema.DateTime
	case "JSONB", "JSON":
		return sqlschema.JSON
	case "BLOB":
		return sqlschema.Bytes
	}
	return sqlschema.Unsupported
}
