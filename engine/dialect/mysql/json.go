package mysql

import "github.com/caspian-prisma/caspian-prisma/engine/sqltree"

// The Json filters, as Prisma spells them for MySQL: a path is a JSON path
// string bound as an argument, containment is JSON_CONTAINS. The same SQL
// serves MariaDB, whose JSON is text: JSON_EXTRACT returns normalised text
// there, and JSON_UNQUOTE the string's text.
// https://dev.mysql.com/doc/refman/8.0/en/json-search-functions.html
// https://mariadb.com/kb/en/json-functions/

func (Dialect) JSONPath(w func(string), x func(), arg func(any), p sqltree.JSONPath) {
	if p.Text {
		w("JSON_UNQUOTE(")
	}
	w("JSON_EXTRACT(")
	x()
	w(", ")
	arg(p.Path)
	w(")")
	if p.Text {
		w(")")
	}
}

// JSONEq is containment both ways. MySQL's `=` compares JSON values, but
// MariaDB's compares a string scalar JSON_EXTRACT returns as its unquoted
// text, unequal to the same string from the argument and equal to a number
// of the same digits; JSON_CONTAINS compares JSON values on both. (Arrays
// then equal in any order, as sets.)
func (Dialect) JSONEq(w func(string), x func(), arg func(any), v any, not bool) {
	if not {
		w("NOT ")
	}
	w("(JSON_CONTAINS(")
	x()
	w(", ")
	arg(v)
	w(") AND JSON_CONTAINS(")
	arg(v)
	w(", ")
	x()
	w("))")
}

// jsonTypes are JSON_TYPE's names per JSON type; a number is any of
// MySQL's numeric JSON types (MariaDB has INTEGER and DOUBLE).
var jsonTypes = map[string]string{
	sqltree.JSONString: "= 'STRING'",
	sqltree.JSONArray:  "= 'ARRAY'",
	sqltree.JSONNumber: "IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL')",
}

func (Dialect) JSONTypeIs(w func(string), x func(), typ string) {
	w("JSON_TYPE(")
	x()
	w(") " + jsonTypes[typ])
}

func (Dialect) JSONArrayContains(w func(string), x func(), arg func(any), v any) {
	w("JSON_CONTAINS(")
	x()
	w(", ")
	arg(v)
	w(")")
}

// JSONArrayElem: the last element's index is computed from JSON_LENGTH:
// MariaDB 10.11 returned NULL for `$[last]` over a table's rows (while it
// answered it for a literal).
func (Dialect) JSONArrayElem(w func(string), x func(), _ func(any), last bool) {
	w("JSON_EXTRACT(")
	x()
	if last {
		w(", CONCAT('$[', JSON_LENGTH(")
		x()
		w(") - 1, ']'))")
	} else {
		w(", '$[0]')")
	}
}

// JSONCompare compares the unquoted text with the bound value: MySQL and
// MariaDB compare a string with a number as numbers, and two strings as
// strings. (JSON_EXTRACT's own result would compare as text on MariaDB.)
func (Dialect) JSONCompare(w func(string), path func(bool), arg func(any), op string, v any) {
	path(true)
	w(" " + op + " ")
	arg(v)
}
