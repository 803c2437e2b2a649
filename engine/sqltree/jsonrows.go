package sqltree

import "strings"

// The relation-join load strategy reads a row's related rows in the same
// statement, each relation as one JSON value built by a correlated
// subquery: an object for a to-one relation, an array of objects for a
// to-many one. Each dialect spells the aggregation (JSONRowsDialect); the
// planner decodes the JSON back into typed values with the schema.

// JSONEnc is how a member's value is written into JSON so that it reads
// back as the value the column holds.
type JSONEnc int

const (
	// JSONAsIs: numbers, strings, booleans and timestamps as the database
	// writes them into JSON (read back with the field's type).
	JSONAsIs JSONEnc = iota
	// JSONHex: bytes, as hexadecimal text (JSON has no binary type).
	JSONHex
	// JSONText: a JSON column's text, as a JSON string, so that a JSON
	// string value stays distinct from other JSON text.
	JSONText
	// JSONNested: a JSON value made by a nested JSONObject or JSONRows,
	// embedded as JSON rather than as its text.
	JSONNested
)

// JSONMember is one key of a JSONObject.
type JSONMember struct {
	Key string // a schema name: a field's or "_count"
	X   Expr
	Enc JSONEnc
}

// JSONObject builds a JSON object of its members, in order.
type JSONObject []JSONMember

// JSONRows is a correlated scalar subquery reading the rows of Q (its
// From, Joins, Where, OrderBy, Limit and Offset; Columns are ignored) as
// one JSON value of Obj per row: with List an array in Q's order (an empty
// array when there are none), else the first row's object or NULL.
type JSONRows struct {
	Q    *Select
	Obj  JSONObject
	List bool
}

func (JSONObject) isExpr() {}
func (JSONRows) isExpr()   {}

// JSONAgg is the parts of a to-many JSONRows a dialect puts together.
type JSONAgg struct {
	Object func() // the row's JSON object
	From   func() // " FROM ... [JOIN ...] [WHERE ...]"
	Order  func() // the ORDER BY terms, without the keyword (never empty)
	Limit  *int64
	Offset *int64
}

// JSONRowsDialect spells the relation-join strategy's JSON values.
type JSONRowsDialect interface {
	// JSONObjectFunc is the function building an object from key, value
	// arguments (json_build_object, JSON_OBJECT, json_object).
	JSONObjectFunc() string
	// JSONMember renders a member's value, x, encoded as enc.
	JSONMember(w func(string), x func(), enc JSONEnc)
	// JSONArrayAgg renders the scalar subquery of a to-many JSONRows: the
	// objects of the rows in order, paged by Limit and Offset, or an empty
	// array.
	JSONArrayAgg(w func(string), a JSONAgg)
}

func (r *renderer) jsonRowsExpr(e Expr) bool {
	switch e := e.(type) {
	case JSONObject:
		r.jsonObject(e)
	case JSONRows:
		if !e.List {
			one := int64(1)
			r.w("(SELECT ")
			r.jsonObject(e.Obj)
			r.from(e.Q)
			r.w(r.d.LimitOffset(&one, nil))
			r.w(")")
			return true
		}
		r.d.JSONArrayAgg(r.w, JSONAgg{
			Object: func() { r.jsonObject(e.Obj) },
			From:   func() { r.from(e.Q) },
			Order:  func() { r.orderList(e.Q.OrderBy) },
			Limit:  e.Q.Limit,
			Offset: e.Q.Offset,
		})
	default:
		return false
	}
	return true
}

func (r *renderer) jsonObject(o JSONObject) {
	r.w(r.d.JSONObjectFunc())
	r.w("(")
	for i, m := range o {
		if i > 0 {
			r.w(", ")
		}
		r.w("'" + strings.ReplaceAll(m.Key, "'", "''") + "', ")
		r.d.JSONMember(r.w, func() { r.expr(m.X) }, m.Enc)
	}
	r.w(")")
}

// lateral renders a Join of a Lateral subquery (the relation-join
// strategy's relations on PostgreSQL).
func (r *renderer) lateral(j Join) {
	r.w(" LEFT JOIN LATERAL ")
	r.expr(j.Lateral)
	r.w(" AS ")
	r.ident(j.Table.Alias)
	r.w("(")
	r.ident(j.LateralCol)
	r.w(") ON ")
	r.expr(j.On)
}
