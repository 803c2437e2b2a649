package sqlite

import "github.com/caspian-prisma/caspian-prisma/engine/sqltree"

// The Json filters, as Prisma spells them for SQLite: a path is a JSON path
// string bound as an argument to `->` (JSON text) and `->>` (an SQL value).
// SQLite has no JSON containment operator, and Prisma offers no
// array_contains there (Supports(JSONContainment) is false).
// https://sqlite.org/json1.html#jptr

func (Dialect) JSONPath(w func(string), x func(), arg func(any), p sqltree.JSONPath) {
	w("(")
	x()
	if p.Text {
		w(" ->> ")
	} else {
		w(" -> ")
	}
	arg(p.Path)
	w(")")
}

// JSONEq compares minified texts: json() minifies the argument the way
// `->` and json() give stored values back.
func (Dialect) JSONEq(w func(string), x func(), arg func(any), v any, not bool) {
	x()
	if not {
		w(" <> json(")
	} else {
		w(" = json(")
	}
	arg(v)
	w(")")
}

// jsonTypes are json_type's names per JSON type.
var jsonTypes = map[string]string{
	sqltree.JSONString: "= 'text'",
	sqltree.JSONArray:  "= 'array'",
	sqltree.JSONNumber: "IN ('integer', 'real')",
}

func (Dialect) JSONTypeIs(w func(string), x func(), typ string) {
	w("json_type(")
	x()
	w(") " + jsonTypes[typ])
}

// JSONArrayContains is never planned for SQLite (see above).
func (Dialect) JSONArrayContains(func(string), func(), func(any), any) {
	panic("sqlite: JSONArrayContains is planned only where Supports(JSONContainment)")
}

func (Dialect) JSONArrayElem(w func(string), x func(), _ func(any), last bool) {
	w("(")
	x()
	if last {
		w(" -> '$[#-1]')")
	} else {
		w(" -> '$[0]')")
	}
}

// JSONCompare compares the SQL value `->>` yields (INTEGER, REAL or TEXT)
// with the bound number or string.
func (Dialect) JSONCompare(w func(string), path func(bool), arg func(any), op string, v any) {
	path(true)
	w(" " + op + " ")
	arg(v)
}
