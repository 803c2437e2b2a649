package postgres

import (
	"regexp"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// describeDefault turns a default as pg_get_expr prints it into the
// spelling a schema calculated from Prisma holds: nextval(...) is
// SERIAL (no default, autoIncrement true); CURRENT_TIMESTAMP and now()
// are now(); literals lose the casts PostgreSQL adds ('x'::text → 'x',
// '-1'::integer → -1, '{}'::jsonb → '{}') and lists are written
// ARRAY[...]::TYPE[] as Prisma writes them; anything else is an
// expression, verbatim.
func describeDefault(expr string, c *sqlschema.Column, autoIncrement bool) (*sqlschema.Default, bool) {
	e := strings.TrimSpace(expr)
	if strings.HasPrefix(e, "nextval(") {
		return nil, true
	}
	if strings.EqualFold(e, "CURRENT_TIMESTAMP") || strings.EqualFold(e, "now()") {
		return &sqlschema.Default{Kind: sqlschema.DefaultNow, SQL: "CURRENT_TIMESTAMP"}, autoIncrement
	}
	if c.List {
		if elems, ok := arrayLiteral(e, c.Family); ok {
			return &sqlschema.Default{Kind: sqlschema.DefaultValue,
				SQL: "ARRAY[" + strings.Join(elems, ", ") + "]::" + c.Type + "[]"}, autoIncrement
		}
	} else if lit, ok := scalarLiteral(e, c.Family); ok {
		return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: lit}, autoIncrement
	}
	return &sqlschema.Default{Kind: sqlschema.DefaultExpr, SQL: e}, autoIncrement
}

var (
	numberRE = regexp.MustCompile(`^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`)
	// castsRE matches what may follow a literal: casts to a type name,
	// schema-qualified or quoted, with modifiers, words ("timestamp(3)
	// without time zone", "double precision") and array brackets.
	castsRE = regexp.MustCompile(`^(?:::(?:(?:"(?:[^"]|"")*"|[a-z_][a-z0-9_$]*)\.)?(?:"(?:[^"]|"")*"|[a-z_][a-z0-9_$]*(?:\(\d+(?:,\s*\d+)?\))?(?: [a-z_][a-z0-9_$]*(?:\(\d+(?:,\s*\d+)?\))?)*)(?:\[\])*)*$`)
)

// scalarLiteral recognises a literal with optional casts and parentheses
// and returns it as Prisma renders it.
func scalarLiteral(e string, fam sqlschema.Family) (string, bool) {
	e = stripParens(strings.TrimSpace(e))
	lit, rest, ok := leadingLiteral(e)
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if rest != "" && !castsRE.MatchString(rest) {
		return "", false
	}
	if strings.HasPrefix(lit, "'") {
		inner := strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
		if isNumeric(fam) && numberRE.FindString(inner) == inner {
			return inner, true
		}
		if fam == sqlschema.Boolean {
			switch strings.ToLower(inner) {
			case "true", "t":
				return "true", true
			case "false", "f":
				return "false", true
			}
		}
	}
	return lit, true
}

// leadingLiteral cuts a string, number or boolean literal off the front
// of e, after parentheses around it ("(-1)::integer").
func leadingLiteral(e string) (lit, rest string, ok bool) {
	if strings.HasPrefix(e, "(") {
		if end := matchingParen(e); end > 0 {
			lit, rest, ok := leadingLiteral(strings.TrimSpace(e[1:end]))
			if rest = strings.TrimSpace(rest); ok && (rest == "" || castsRE.MatchString(rest)) {
				return lit, e[end+1:], true
			}
		}
		return "", "", false
	}
	if strings.HasPrefix(e, "'") {
		for i := 1; i < len(e); i++ {
			if e[i] == '\'' {
				if i+1 < len(e) && e[i+1] == '\'' {
					i++
					continue
				}
				return e[:i+1], e[i+1:], true
			}
		}
		return "", "", false
	}
	if n := numberRE.FindString(e); n != "" {
		return n, e[len(n):], true
	}
	for _, b := range []string{"true", "false"} {
		if len(e) >= len(b) && strings.EqualFold(e[:len(b)], b) && (len(e) == len(b) || !isWordByte(e[len(b)])) {
			return b, e[len(b):], true
		}
	}
	return "", "", false
}

// arrayLiteral reads a list default, ARRAY[...] or '{...}', with casts,
// into its elements as Prisma renders them.
func arrayLiteral(e string, fam sqlschema.Family) ([]string, bool) {
	e = stripParens(strings.TrimSpace(e))
	if strings.HasPrefix(e, "ARRAY[") {
		end := matchingBracket(e, len("ARRAY"))
		if end < 0 {
			return nil, false
		}
		if rest := strings.TrimSpace(e[end+1:]); rest != "" && !castsRE.MatchString(rest) {
			return nil, false
		}
		elems := []string{}
		for _, el := range splitTop(e[len("ARRAY["):end]) {
			lit, ok := scalarLiteral(el, fam)
			if !ok {
				return nil, false
			}
			elems = append(elems, lit)
		}
		return elems, true
	}
	lit, rest, ok := leadingLiteral(e)
	if !ok || !strings.HasPrefix(lit, "'{") || (strings.TrimSpace(rest) != "" && !castsRE.MatchString(strings.TrimSpace(rest))) {
		return nil, false
	}
	return arrayText(strings.ReplaceAll(lit[1:len(lit)-1], "''", "'"), fam)
}

// arrayText reads a one-dimensional array's text form ({a,"b c",NULL}).
func arrayText(s string, fam sqlschema.Family) ([]string, bool) {
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil, false
	}
	s = s[1 : len(s)-1]
	elems := []string{}
	if strings.TrimSpace(s) == "" {
		return elems, true
	}
	var raw []string
	var quoted []bool
	for i := 0; i < len(s); {
		var b strings.Builder
		q := false
		if s[i] == '"' {
			q = true
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
				i++
			}
			i++ // closing quote
		} else {
			for i < len(s) && s[i] != ',' {
				if s[i] == '{' || s[i] == '"' {
					return nil, false // nested arrays
				}
				b.WriteByte(s[i])
				i++
			}
		}
		raw, quoted = append(raw, b.String()), append(quoted, q)
		if i < len(s) && s[i] != ',' {
			return nil, false
		}
		i++
	}
	for k, v := range raw {
		switch {
		case !quoted[k] && strings.EqualFold(v, "NULL"):
			elems = append(elems, "NULL")
		case isNumeric(fam):
			elems = append(elems, v)
		case fam == sqlschema.Boolean:
			elems = append(elems, map[string]string{"t": "true", "f": "false"}[v])
		default:
			elems = append(elems, sqlschema.StringLiteral(v))
		}
	}
	return elems, true
}

func isNumeric(f sqlschema.Family) bool {
	return f == sqlschema.Int || f == sqlschema.BigInt || f == sqlschema.Float || f == sqlschema.Decimal
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// stripParens removes parentheses wrapping the whole of e.
func stripParens(e string) string {
	for strings.HasPrefix(e, "(") && matchingParen(e) == len(e)-1 {
		e = strings.TrimSpace(e[1 : len(e)-1])
	}
	return e
}

// matchingParen is the index of the parenthesis closing e[0], or -1.
func matchingParen(e string) int { return matching(e, 0, '(', ')') }

// matchingBracket is the index of the bracket closing e[open], or -1.
func matchingBracket(e string, open int) int { return matching(e, open, '[', ']') }

func matching(e string, open int, o, c byte) int {
	depth := 0
	inStr := false
	for i := open; i < len(e); i++ {
		switch ch := e[i]; {
		case inStr:
			if ch == '\'' {
				inStr = false // a doubled quote re-enters at once
			}
		case ch == '\'':
			inStr = true
		case ch == o:
			depth++
		case ch == c:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits s at the commas outside strings, parentheses and
// brackets.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	inStr := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case inStr:
			if ch == '\'' {
				inStr = false
			}
		case ch == '\'':
			inStr = true
		case ch == '(' || ch == '[':
			depth++
		case ch == ')' || ch == ']':
			depth--
		case ch == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, strings.TrimSpace(s[start:]))
	}
	return out
}
