package postgres

import (
	"encoding/json"
	"strconv"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// The Json filters, as Prisma spells them for PostgreSQL: a path is a list
// of keys (`#>` for JSON, `#>>` for text), containment is `@>`.
// https://www.postgresql.org/docs/current/functions-json.html

// JSONPath casts the column to jsonb first: a no-op for Prisma's jsonb
// columns, and what lets a json (@db.Json) column take `#>` and `@>` too.
// The keys are bound, as a text array.
func (Dialect) JSONPath(w func(string), x func(), arg func(any), p sqltree.JSONPath) {
	w("(CAST(")
	x()
	if p.Text {
		w(" AS jsonb) #>> ARRAY[")
	} else {
		w(" AS jsonb) #> ARRAY[")
	}
	for i, k := range p.Keys {
		if i > 0 {
			w(", ")
		}
		arg(k)
	}
	w("]::text[])")
}

// JSONEq: jsonb equality ignores formatting and key order.
func (Dialect) JSONEq(w func(string), x func(), arg func(any), v any, not bool) {
	x()
	if not {
		w(" <> CAST(")
	} else {
		w(" = CAST(")
	}
	arg(v)
	w(" AS jsonb)")
}

func (Dialect) JSONTypeIs(w func(string), x func(), typ string) {
	w("jsonb_typeof(")
	x()
	w(") = '" + typ + "'")
}

// JSONArrayContains: `@>` also finds a scalar among an array's elements
// (https://www.postgresql.org/docs/current/datatype-json.html#JSON-CONTAINMENT).
func (Dialect) JSONArrayContains(w func(string), x func(), arg func(any), v any) {
	x()
	w(" @> CAST(")
	arg(v)
	w(" AS jsonb)")
}

func (Dialect) JSONArrayElem(w func(string), x func(), _ func(any), last bool) {
	w("(")
	x()
	if last {
		w(" -> -1)")
	} else {
		w(" -> 0)")
	}
}

// JSONCompare compares jsonb with jsonb: numbers numerically, strings as
// strings (the caller also tests the type, as jsonb orders types first).
func (Dialect) JSONCompare(w func(string), path func(bool), arg func(any), op string, v any) {
	path(false)
	w(" " + op + " CAST(")
	arg(jsonText(v))
	w(" AS jsonb)")
}

// jsonText is the JSON text of a number or string bound for a comparison.
func jsonText(v any) driver.JSON {
	switch t := v.(type) {
	case int64:
		return driver.JSON(strconv.FormatInt(t, 10))
	case float64:
		return driver.JSON(strconv.FormatFloat(t, 'g', -1, 64))
	case string:
		b, _ := json.Marshal(t) // a string always encodes
		return driver.JSON(b)
	}
	return driver.JSON("null")
}
