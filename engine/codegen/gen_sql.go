package codegen

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// sqlPyType spells a TypedSQL type ("Int", "String[]", "Unknown") in Python.
// Results and arguments share the spelling: a raw query's values are the
// database's, so a Json argument is any JSON value and a Decimal a Decimal.
func sqlPyType(t string, nullable bool) string {
	list := strings.HasSuffix(t, "[]")
	base := map[string]string{
		"Int": "int", "BigInt": "int", "Float": "float", "Decimal": "Decimal", "Boolean": "bool",
		"String": "str", "DateTime": "datetime", "Json": "Any", "Bytes": "bytes",
	}[strings.TrimSuffix(t, "[]")]
	if base == "" {
		return "Any" // Unknown: the database does not say (MySQL and SQLite parameters, untyped expressions)
	}
	if list {
		base = "List[" + base + "]"
	}
	return optional(base, nullable)
}

// sqlEnumType spells a value of the schema's enum en in Python: the
// generated enum class for a result (the client decodes enum fields to its
// members), its <Enum>Input alias for an argument (a member or one of its
// literal names, as the client's filters take them).
func sqlEnumType(en, t string, nullable, arg bool) string {
	py := en
	if arg {
		py += "Input"
	}
	if strings.HasSuffix(t, "[]") {
		py = "List[" + py + "]"
	}
	return optional(py, nullable)
}

func sqlColumnType(c SQLColumn) string {
	if c.Enum != "" {
		return sqlEnumType(c.Enum, c.Type, c.Nullable, false)
	}
	return sqlPyType(c.Type, c.Nullable)
}

func sqlParamType(p SQLParam) string {
	if p.Enum != "" {
		return sqlEnumType(p.Enum, p.Type, p.Nullable, true)
	}
	return sqlPyType(p.Type, p.Nullable)
}

// sqlPy is sql.py: a result TypedDict and a function per query. The
// function only binds its arguments; the runtime's query_raw_typed runs the
// statement and decodes each column by its type.
func (g *gen) sqlPy(queries []SQLQuery) string {
	var w pyWriter
	w.docstring(`Typed raw SQL: a function per .sql file of prisma/sql (ppy generate --sql),
typed from the database's own description of the statement. Run one with

    rows = await prisma.query_raw_typed(get_users(18))

The SQL keeps the database's placeholders ($1 on PostgreSQL, ? on MySQL and
SQLite); arguments are always bound, never spliced.`)
	w.line("from __future__ import annotations")
	w.line("")
	body := w.String()
	w = pyWriter{}
	var all []string
	enums, inputs := map[string]bool{}, map[string]bool{}
	for _, q := range queries {
		result := pascal(q.Name) + "Result"
		all = append(all, q.Name, result)
		w.line("")
		w.line("")
		var fields []tdField
		for _, c := range q.Columns {
			fields = append(fields, tdField{Key: c.Name, Type: sqlColumnType(c)})
		}
		w.typedDict(result, fmt.Sprintf("A row of %s (%s).", q.Name, q.File), fields, true)
		w.line("")
		w.line("")
		w.line("_%s_SQL = %s", strings.ToUpper(q.Name), pyStr(q.SQL))
		var cols []string
		for _, c := range q.Columns {
			if c.Enum != "" {
				// The runtime decodes the column's values to the enum's members.
				cols = append(cols, fmt.Sprintf("(%s, %s, %s)", pyStr(c.Name), pyStr(c.Type), c.Enum))
				enums[c.Enum] = true
				continue
			}
			cols = append(cols, fmt.Sprintf("(%s, %s)", pyStr(c.Name), pyStr(c.Type)))
		}
		w.line("_%s_COLUMNS = %s", strings.ToUpper(q.Name), pyTuple(cols))
		if hasListParam(q) {
			var types []string
			for _, p := range q.Params {
				types = append(types, pyStr(p.Type))
			}
			w.line("_%s_PARAMS = %s", strings.ToUpper(q.Name), pyTuple(types))
		}
		w.line("")
		w.line("")
		var args, names []string
		for _, p := range q.Params {
			args = append(args, p.Name+": "+sqlParamType(p))
			names = append(names, p.Name)
			if p.Enum != "" {
				inputs[p.Enum+"Input"] = true
			}
		}
		w.line("def %s(%s) -> TypedSql[%s]:", q.Name, strings.Join(args, ", "), result)
		w.in()
		doc := fmt.Sprintf("The statement of %s, to run with prisma.query_raw_typed:\n\n%s", q.File, indentText(strings.TrimSpace(q.SQL), "    "))
		if len(q.Params) > 0 {
			doc += "\n\nArgs:"
			for _, p := range q.Params {
				d := p.Type
				if p.Enum != "" {
					d = p.Enum + strings.TrimPrefix(p.Type, "String")
				}
				if p.Doc != "" {
					d = p.Doc + " (" + p.Type + ")"
				}
				doc += fmt.Sprintf("\n    %s: %s", p.Name, d)
			}
		}
		w.docstring(doc)
		if hasListParam(q) {
			// The runtime binds a list argument as an array only when told
			// its parameter is a list (other lists go as JSON).
			w.line("return TypedSql(%s, _%s_SQL, [%s], _%s_COLUMNS, _%s_PARAMS)", pyStr(q.Name), strings.ToUpper(q.Name),
				strings.Join(names, ", "), strings.ToUpper(q.Name), strings.ToUpper(q.Name))
		} else {
			w.line("return TypedSql(%s, _%s_SQL, [%s], _%s_COLUMNS)", pyStr(q.Name), strings.ToUpper(q.Name), strings.Join(names, ", "), strings.ToUpper(q.Name))
		}
		w.out()
	}
	defs := w.String()
	imports := ""
	if usedNames(defs, "datetime") != nil {
		imports += "from datetime import datetime\n"
	}
	if usedNames(defs, "Decimal") != nil {
		imports += "from decimal import Decimal\n"
	}
	imports += importLine("typing", usedNames(defs, "Any", "List", "Optional", "TypedDict"))
	local := importLine(".enums", slices.Sorted(maps.Keys(enums))) + importLine(".types", slices.Sorted(maps.Keys(inputs)))
	if local != "" {
		local = "\n" + local
	}
	var tail pyWriter
	tail.line("")
	tail.allList(all)
	return g.header() + body + imports + "\n" + "from caspian_prisma.typedsql import TypedSql\n" + local + "\n" + tail.String() + defs
}

func hasListParam(q SQLQuery) bool {
	for _, p := range q.Params {
		if strings.HasSuffix(p.Type, "[]") {
			return true
		}
	}
	return false
}

func indentText(s, pad string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = pad + strings.TrimRight(l, " \t\r")
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// pyTuple is a tuple literal as black writes it: (), (a,), (a, b).
func pyTuple(items []string) string {
	switch len(items) {
	case 0:
		return "()"
	case 1:
		return "(" + items[0] + ",)"
	}
	return "(" + strings.Join(items, ", ") + ")"
}
