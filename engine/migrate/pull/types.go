package pull

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// sqliteAffinity types the columns SQLite's describer leaves unsupported
// (VARCHAR(255), NVARCHAR, DOUBLE PRECISION...) by the affinity rules of
// https://www.sqlite.org/datatype3.html, refined as Prisma's SQLite
// describer does for the names it knows.
func sqliteAffinity(typ string) sqlschema.Family {
	t := strings.ToUpper(typ)
	switch {
	case strings.HasPrefix(t, "BIGINT") || strings.HasPrefix(t, "UNSIGNED BIG INT") || strings.HasPrefix(t, "INT8"):
		return sqlschema.BigInt
	case strings.HasPrefix(t, "BOOL"):
		return sqlschema.Boolean
	case strings.Contains(t, "INT"):
		return sqlschema.Int
	case strings.Contains(t, "CHAR") || strings.Contains(t, "CLOB") || strings.Contains(t, "TEXT"):
		return sqlschema.String
	case strings.Contains(t, "BLOB"):
		return sqlschema.Bytes
	case strings.Contains(t, "REAL") || strings.Contains(t, "FLOA") || strings.Contains(t, "DOUB"):
		return sqlschema.Float
	case strings.HasPrefix(t, "DECIMAL") || strings.HasPrefix(t, "NUMERIC"):
		return sqlschema.Decimal
	case strings.HasPrefix(t, "DATE") || strings.HasPrefix(t, "TIME"):
		return sqlschema.DateTime
	case strings.HasPrefix(t, "JSON"):
		return sqlschema.JSON
	}
	return sqlschema.Unsupported
}

// splitType cuts "DECIMAL(10,2) UNSIGNED" into "DECIMAL", ["10", "2"] and
// " UNSIGNED".
func splitType(typ string) (name string, args []string, suffix string) {
	open := strings.IndexByte(typ, '(')
	if open < 0 {
		if i := strings.IndexByte(typ, ' '); i >= 0 && !strings.HasPrefix(typ, "DOUBLE PRECISION") {
			return typ[:i], nil, typ[i:]
		}
		return typ, nil, ""
	}
	end := strings.LastIndexByte(typ, ')')
	if end < open {
		return typ, nil, ""
	}
	for _, a := range strings.Split(typ[open+1:end], ",") {
		if a = strings.TrimSpace(a); a != "" {
			args = append(args, a)
		}
	}
	return strings.TrimSpace(typ[:open]), args, typ[end+1:]
}

// pgNative are PostgreSQL's type names with their @db spelling; the
// second value is the argument list Prisma uses by default for the scalar
// (no attribute is printed then).
var pgNative = map[string]struct{ name, def string }{
	"INTEGER": {"Integer", "-"}, "SMALLINT": {"SmallInt", ""}, "OID": {"Oid", ""},
	"BIGINT": {"BigInt", "-"}, "DOUBLE PRECISION": {"DoublePrecision", "-"}, "REAL": {"Real", ""},
	"DECIMAL": {"Decimal", "65,30"}, "MONEY": {"Money", ""}, "BOOLEAN": {"Boolean", "-"},
	"TEXT": {"Text", "-"}, "UUID": {"Uuid", ""}, "INET": {"Inet", ""}, "CITEXT": {"Citext", ""}, "XML": {"Xml", ""},
	"VARCHAR": {"VarChar", ""}, "CHAR": {"Char", ""}, "BIT": {"Bit", ""}, "VARBIT": {"VarBit", ""},
	"TIMESTAMP": {"Timestamp", "3"}, "TIMESTAMPTZ": {"Timestamptz", ""}, "TIME": {"Time", ""}, "TIMETZ": {"Timetz", ""},
	"DATE": {"Date", ""}, "JSON": {"Json", ""}, "JSONB": {"JsonB", "-"}, "BYTEA": {"ByteA", "-"},
}

// mysqlNative: the same for MySQL; UNSIGNED is part of the name.
var mysqlNative = map[string]struct{ name, def string }{
	"INTEGER": {"Int", "-"}, "INT UNSIGNED": {"UnsignedInt", ""}, "SMALLINT": {"SmallInt", ""},
	"SMALLINT UNSIGNED": {"UnsignedSmallInt", ""}, "TINYINT": {"TinyInt", ""}, "TINYINT UNSIGNED": {"UnsignedTinyInt", ""},
	"MEDIUMINT": {"MediumInt", ""}, "MEDIUMINT UNSIGNED": {"UnsignedMediumInt", ""}, "YEAR": {"Year", ""},
	"BIGINT": {"BigInt", "-"}, "BIGINT UNSIGNED": {"UnsignedBigInt", ""},
	"BOOLEAN": {"TinyInt", "-"}, "DECIMAL": {"Decimal", "65,30"}, "FLOAT": {"Float", ""}, "DOUBLE": {"Double", "-"},
	"VARCHAR": {"VarChar", "191"}, "CHAR": {"Char", ""}, "TINYTEXT": {"TinyText", ""}, "TEXT": {"Text", ""},
	"MEDIUMTEXT": {"MediumText", ""}, "LONGTEXT": {"LongText", ""},
	"DATETIME": {"DateTime", "3"}, "TIMESTAMP": {"Timestamp", ""}, "TIME": {"Time", ""}, "DATE": {"Date", ""},
	"JSON": {"Json", "-"}, "LONGBLOB": {"LongBlob", "-"}, "BLOB": {"Blob", ""}, "TINYBLOB": {"TinyBlob", ""},
	"MEDIUMBLOB": {"MediumBlob", ""}, "BINARY": {"Binary", ""}, "VARBINARY": {"VarBinary", ""}, "BIT": {"Bit", ""},
}

// nativeAttr is the @db attribute ("VarChar(255)", without "@db.") a
// column needs, "" when its type is the flavour's default for its scalar.
// The arguments are printed as the database reports them, so that the
// pulled schema calculates back to the very same type (a PostgreSQL
// TIMESTAMP without precision stays @db.Timestamp, not Prisma's
// @db.Timestamp(6)).
func nativeAttr(provider string, c *sqlschema.Column) string {
	var table map[string]struct{ name, def string }
	switch provider {
	case "postgresql":
		table = pgNative
	case "mysql":
		table = mysqlNative
	default:
		return ""
	}
	name, args, suffix := splitType(strings.ToUpper(c.Type))
	key := name + strings.ToUpper(suffix)
	if provider == "postgresql" {
		key = name
	}
	n, ok := table[key]
	if !ok {
		return ""
	}
	joined := strings.Join(args, ",")
	switch {
	case n.def == "-" && len(args) == 0:
		return ""
	case n.def != "" && n.def != "-" && joined == n.def:
		return ""
	}
	if c.Family == sqlschema.Boolean && key == "TINYINT" {
		return "" // TINYINT(1) is the Boolean default
	}
	if len(args) == 0 {
		return n.name
	}
	return n.name + "(" + strings.Join(args, ", ") + ")"
}

// mysqlEnumValues reads the values of ENUM('a', 'b”c').
func mysqlEnumValues(typ string) []string {
	_, rest, ok := strings.Cut(typ, "(")
	if !ok {
		return nil
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ")")
	var out []string
	var cur strings.Builder
	in := false
	for i := 0; i < len(rest); i++ {
		ch := rest[i]
		switch {
		case in && ch == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
			cur.WriteByte('\'')
			i++
		case in && ch == '\\' && i+1 < len(rest):
			cur.WriteByte(rest[i+1])
			i++
		case in && ch == '\'':
			in = false
			out = append(out, cur.String())
			cur.Reset()
		case !in && ch == '\'':
			in = true
		case in:
			cur.WriteByte(ch)
		}
	}
	return out
}
