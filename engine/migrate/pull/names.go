package pull

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Identifiers Prisma can print as they are: a letter, then letters, digits
// and underscores. Anything else is sanitised: leading non-letters are
// dropped and every other invalid character becomes "_", and the original
// name goes into @map/@@map.
var (
	badStart = regexp.MustCompile(`^[^a-zA-Z]+`)
	badChar  = regexp.MustCompile(`[^_a-zA-Z0-9]`)
)

func needsSanitation(s string) bool { return badStart.MatchString(s) || badChar.MatchString(s) }

func sanitize(s string) string {
	if !needsSanitation(s) {
		return s
	}
	return badChar.ReplaceAllString(badStart.ReplaceAllString(s, ""), "_")
}

// reserved are the names a model or enum cannot take: the scalar types and
// the client's own names (schema/declare.go). Prisma renames such a table
// to Renamed<name> with an @@map.
var reserved = map[string]bool{}

func init() {
	for _, n := range strings.Fields("String Boolean Int BigInt Float Decimal DateTime Json Bytes Unsupported " +
		"PrismaClient break case catch class const continue debugger default delete do else enum export extends " +
		"false finally for function if implements import in instanceof interface let new null package private " +
		"protected public return super switch this throw true try typeof var void while with yield") {
		reserved[n] = true
	}
}

// typeName is the Prisma name of a table or enum from the database.
func typeName(dbName string) string {
	if reserved[dbName] {
		return "Renamed" + dbName
	}
	return sanitize(dbName)
}

// constraintName is Prisma's default name of an index, unique constraint or
// foreign key, <table>_<cols><suffix>, the table and columns cut so that the
// whole fits limit bytes (engine/migrate/names.go).
func constraintName(table string, columns []string, suffix string, limit int) string {
	return truncate(table+"_"+strings.Join(columns, "_"), limit-len(suffix)) + suffix
}

func pkName(table string, limit int) string {
	return truncate(table, limit-len("_pkey")) + "_pkey"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// quote is a Prisma string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// unquoteSQL reads a SQL string literal ('it”s' → it's); ok is false when s
// is not one.
func unquoteSQL(s string) (string, bool) {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}
	inner := s[1 : len(s)-1]
	// A lone quote inside means s is an expression such as 'a' || 'b'.
	if strings.Count(strings.ReplaceAll(inner, "''", ""), "'") > 0 {
		return "", false
	}
	return strings.ReplaceAll(inner, "''", "'"), true
}

// pascal turns a PostgreSQL operator class (jsonb_path_ops) into Prisma's
// spelling (JsonbPathOps).
func pascal(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
