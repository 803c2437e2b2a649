package codegen

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// SQLQuery is one .sql file of prisma/sql, typed: the input of the
// generated sql.py (Prisma's TypedSQL,
// https://www.prisma.io/docs/orm/prisma-client/using-raw-sql/typedsql).
type SQLQuery struct {
	Name    string // the function name: the file name without .sql
	File    string // the path shown in docstrings and errors (prisma/sql/x.sql)
	SQL     string // the statement as written, the database's placeholders kept
	Params  []SQLParam
	Columns []SQLColumn
}

// SQLParam is one argument of a generated function, in placeholder order.
type SQLParam struct {
	Name     string // a Python name
	Type     string // Prisma's scalar name ("Int", "DateTime", "String[]") or "Unknown"
	Nullable bool   // an annotation's `?`: the function takes None too
	Doc      string // the annotation's description
	// Enum is the schema's enum the database types the parameter with
	// (PostgreSQL enum types; Type is then "String" or "String[]"), else "".
	Enum string
}

// SQLColumn is one result column.
type SQLColumn struct {
	Name     string
	Type     string // as SQLParam.Type
	Nullable bool
	Enum     string // as SQLParam.Enum
}

// sqlTypes are the types a `-- @param {Type}` annotation may name (Prisma's
// scalar types).
var sqlTypes = map[string]bool{
	"Int": true, "BigInt": true, "Float": true, "Decimal": true, "Boolean": true, "String": true,
	"DateTime": true, "Json": true, "Bytes": true,
}

// paramLine is Prisma's parameter annotation:
//
//	-- @param {Int} $1:minAge? optional description
var paramLine = regexp.MustCompile(`^\s*--\s*@param\s+(.*)$`)
var paramSpec = regexp.MustCompile(`^\{([A-Za-z]+(?:\[\])?)\}\s+\$([0-9]+)(?::([^\s?]+)(\?)?)?(?:\s+(.*))?$`)

// SQLParamAnnotation is a parsed `-- @param` line.
type SQLParamAnnotation struct {
	Line     int
	Position int // 1-based
	Type     string
	Name     string // "" when not given
	Nullable bool
	Doc      string
}

// ParseSQLAnnotations reads the `-- @param` lines of a .sql file. A line it
// cannot read is an error naming the line and saying the form (the caller
// names the file).
func ParseSQLAnnotations(text string) ([]SQLParamAnnotation, error) {
	var out []SQLParamAnnotation
	seen := map[int]int{}
	for i, l := range strings.Split(text, "\n") {
		m := paramLine.FindStringSubmatch(strings.TrimRight(l, "\r"))
		if m == nil {
			continue
		}
		at := fmt.Sprintf("line %d", i+1)
		s := paramSpec.FindStringSubmatch(strings.TrimSpace(m[1]))
		if s == nil {
			return nil, fmt.Errorf("%s: cannot read the @param annotation %q; write it as `-- @param {Int} $1:name optional description`", at, strings.TrimSpace(l))
		}
		typ := strings.TrimSuffix(s[1], "[]")
		if !sqlTypes[typ] {
			return nil, fmt.Errorf("%s: unknown type {%s} in @param; use one of Int, BigInt, Float, Decimal, Boolean, String, DateTime, Json, Bytes", at, s[1])
		}
		pos, _ := strconv.Atoi(s[2])
		if pos < 1 {
			return nil, fmt.Errorf("%s: @param positions start at $1", at)
		}
		if prev, ok := seen[pos]; ok {
			return nil, fmt.Errorf("%s: $%d is annotated twice (first on line %d)", at, pos, prev)
		}
		seen[pos] = i + 1
		if s[3] != "" && !isPyName(s[3]) {
			return nil, fmt.Errorf("%s: @param name %q is not a Python name; use letters, digits and _", at, s[3])
		}
		out = append(out, SQLParamAnnotation{Line: i + 1, Position: pos, Type: s[1], Name: s[3], Nullable: s[4] == "?", Doc: strings.TrimSpace(s[5])})
	}
	return out, nil
}

// ApplySQLAnnotations overrides the database's parameter types and names
// with the annotations, checking they name parameters the statement has,
// and names the rest (the database's own name for a named SQLite
// parameter, else arg<N>).
func ApplySQLAnnotations(q *SQLQuery, anns []SQLParamAnnotation) error {
	for _, a := range anns {
		if a.Position > len(q.Params) {
			return fmt.Errorf("line %d: @param $%d, but the statement has %d parameter(s)", a.Line, a.Position, len(q.Params))
		}
		p := &q.Params[a.Position-1]
		// The annotation's type replaces the database's, enum included.
		p.Type, p.Nullable, p.Doc, p.Enum = a.Type, a.Nullable, a.Doc, ""
		if a.Name != "" {
			p.Name = a.Name
		}
	}
	seen := map[string]int{}
	for i := range q.Params {
		p := &q.Params[i]
		if !isPyName(p.Name) {
			p.Name = fmt.Sprintf("arg%d", i+1)
		}
		if j, ok := seen[p.Name]; ok {
			return fmt.Errorf("parameters $%d and $%d are both named %s", j+1, i+1, p.Name)
		}
		seen[p.Name] = i
	}
	return nil
}

// CheckSQLColumns refuses a result with two columns of one name: a row is
// a dict, so one value would hide the other.
func CheckSQLColumns(q *SQLQuery) error {
	seen := map[string]int{}
	for i, c := range q.Columns {
		if j, ok := seen[c.Name]; ok {
			return fmt.Errorf("result columns %d and %d are both named %q: give one another name with AS", j+1, i+1, c.Name)
		}
		seen[c.Name] = i
	}
	return nil
}

// SQLParamName is the Python name the database's placeholder suggests: a
// named SQLite parameter (":id", "@id", "$id") gives "id"; "?1" and "$1" none.
func SQLParamName(placeholder string) string {
	n := strings.TrimLeft(placeholder, ":@$?")
	if isPyName(n) {
		return n
	}
	return ""
}

// CheckSQLName refuses a file whose name cannot be a Python function
// name, as Prisma refuses one that is not a JavaScript identifier.
func CheckSQLName(name string) error {
	if !isPyName(name) || strings.HasPrefix(name, "_") {
		return fmt.Errorf("the file name must be a Python name not starting with _ (letters, digits and _), because it becomes the function name %q", name)
	}
	for _, r := range sqlReserved {
		if name == r {
			return fmt.Errorf("the name %s is taken by the generated sql module; rename the file", name)
		}
	}
	return nil
}

// CheckSQLEnumNames refuses a query whose function or result name is an
// enum class or enum input alias that sql.py imports for some query: the
// definition would replace the import.
func CheckSQLEnumNames(queries []SQLQuery) error {
	imported := map[string]bool{}
	for _, q := range queries {
		for _, c := range q.Columns {
			if c.Enum != "" {
				imported[c.Enum] = true
			}
		}
		for _, p := range q.Params {
			if p.Enum != "" {
				imported[p.Enum+"Input"] = true
			}
		}
	}
	for _, q := range queries {
		for _, n := range []string{q.Name, pascal(q.Name) + "Result"} {
			if imported[n] {
				return fmt.Errorf("%s: the name %s is taken by the enum type sql.py imports from the client; rename the file", q.File, n)
			}
		}
	}
	return nil
}

// sqlReserved are names sql.py imports or defines itself.
var sqlReserved = []string{"Any", "Decimal", "List", "Optional", "TypedDict", "TypedSql", "annotations", "datetime"}
