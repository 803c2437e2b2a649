package mysql

import (
	"regexp"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

var numberRE = regexp.MustCompile(`^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$`)

// describeDefault turns COLUMN_DEFAULT into the spelling a schema
// calculated from Prisma holds. MariaDB (since 10.2.7) quotes string
// literals, prints expressions as SQL and says NULL when there is no
// default; MySQL 8 prints literals bare and marks expressions
// DEFAULT_GENERATED in EXTRA. CURRENT_TIMESTAMP is now(), spelled with
// the column's precision; booleans are true/false; numbers lose the
// zeros MySQL pads decimals with (1.500000 → 1.5).
// References: https://mariadb.com/kb/en/information-schema-columns-table/,
// https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html
func (f Flavour) describeDefault(v string, c *sqlschema.Column, extra string, mariadb bool) *sqlschema.Default {
	v = strings.TrimSpace(v)
	generated := strings.Contains(extra, "default_generated")
	if mariadb && strings.EqualFold(v, "NULL") {
		return nil
	}
	l := strings.ToLower(v)
	if (mariadb || generated) && (strings.HasPrefix(l, "current_timestamp") || l == "now()" || strings.HasPrefix(l, "now(")) {
		return &sqlschema.Default{Kind: sqlschema.DefaultNow, SQL: f.NowDefault(c.Type)}
	}
	if !mariadb && !generated {
		// A MySQL 8 literal, printed without quotes.
		if lit, ok := plainLiteral(v, c.Family); ok {
			return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: lit}
		}
		return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: sqlschema.StringLiteral(v)}
	}
	if isQuoted(v) {
		return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: v}
	}
	if lit, ok := plainLiteral(v, c.Family); ok {
		return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: lit}
	}
	return &sqlschema.Default{Kind: sqlschema.DefaultExpr, SQL: v}
}

// plainLiteral reads an unquoted number or boolean for a column of
// family fam.
func plainLiteral(v string, fam sqlschema.Family) (string, bool) {
	if fam == sqlschema.Boolean {
		switch strings.ToLower(v) {
		case "1", "true", "b'1'":
			return "true", true
		case "0", "false", "b'0'":
			return "false", true
		}
		return "", false
	}
	switch fam {
	case sqlschema.Int, sqlschema.BigInt, sqlschema.Float, sqlschema.Decimal:
		if numberRE.MatchString(v) {
			return trimNumber(v), true
		}
	}
	return "", false
}

// trimNumber drops the zeros ending a decimal fraction, and the point
// when nothing is left after it.
func trimNumber(v string) string {
	if !strings.Contains(v, ".") || strings.ContainsAny(v, "eE") {
		return v
	}
	v = strings.TrimRight(v, "0")
	v = strings.TrimSuffix(v, ".")
	if v == "" || v == "-" || v == "+" {
		return "0"
	}
	return v
}

// isQuoted reports whether v is one string literal in single quotes,
// a quote inside it doubled.
func isQuoted(v string) bool {
	if len(v) < 2 || v[0] != '\'' || v[len(v)-1] != '\'' {
		return false
	}
	in := v[1 : len(v)-1]
	for i := 0; i < len(in); i++ {
		if in[i] == '\'' {
			if i+1 < len(in) && in[i+1] == '\'' {
				i++
				continue
			}
			return false
		}
	}
	return true
}
