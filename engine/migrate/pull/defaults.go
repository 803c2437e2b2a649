package pull

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

var (
	number    = regexp.MustCompile(`^-?\d+(\.\d+)?([eE][-+]?\d+)?$`)
	arrayExpr = regexp.MustCompile(`(?s)^ARRAY\[(.*?)\](::[^\[\]]*\[\])?$`)
)

// defaultArg is the argument of @default(...) for a column ("" for none):
// autoincrement(), now(), a literal, or dbgenerated("expr") for anything
// else. enumValue maps an enum's database value to its Prisma name.
func defaultArg(c *sqlschema.Column, enumValue func(string) string) string {
	if c.AutoIncrement {
		return "autoincrement()"
	}
	d := c.Default
	if d == nil {
		return ""
	}
	switch d.Kind {
	case sqlschema.DefaultNow:
		return "now()"
	case sqlschema.DefaultExpr:
		return "dbgenerated(" + quote(d.SQL) + ")"
	}
	s := strings.TrimSpace(d.SQL)
	if strings.EqualFold(s, "NULL") {
		return ""
	}
	if c.List {
		m := arrayExpr.FindStringSubmatch(s)
		if m == nil {
			return "dbgenerated(" + quote(s) + ")"
		}
		var parts []string
		for _, el := range splitTopLevel(m[1]) {
			v, ok := literalArg(c, el, enumValue)
			if !ok {
				return "dbgenerated(" + quote(s) + ")"
			}
			parts = append(parts, v)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if v, ok := literalArg(c, s, enumValue); ok {
		return v
	}
	return "dbgenerated(" + quote(s) + ")"
}

// literalArg renders one SQL literal as a Prisma value of the column's type.
func literalArg(c *sqlschema.Column, s string, enumValue func(string) string) (string, bool) {
	s = strings.TrimSpace(s)
	switch c.Family {
	case sqlschema.String, sqlschema.JSON:
		if v, ok := unquoteSQL(s); ok {
			return quote(v), true
		}
	case sqlschema.DateTime:
		// Prisma's DateTime literals are RFC 3339.
		if v, ok := unquoteSQL(s); ok {
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
				if t, err := time.Parse(layout, v); err == nil {
					return quote(t.UTC().Format(time.RFC3339Nano)), true
				}
			}
		}
	case sqlschema.EnumFamily:
		if v, ok := unquoteSQL(s); ok {
			return enumValue(v), true
		}
	case sqlschema.Int, sqlschema.BigInt:
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return s, true
		}
	case sqlschema.Float, sqlschema.Decimal:
		if number.MatchString(s) {
			return s, true
		}
	case sqlschema.Boolean:
		switch strings.ToLower(s) {
		case "true", "1", "'1'", "'t'", "'true'":
			return "true", true
		case "false", "0", "'0'", "'f'", "'false'":
			return "false", true
		}
	}
	return "", false
}

// splitTopLevel splits an ARRAY[...] body at the commas outside quotes.
func splitTopLevel(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	start, in := 0, false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\'':
			in = !in
		case ch == ',' && !in:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
