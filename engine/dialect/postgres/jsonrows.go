package postgres

import "github.com/caspian-prisma/caspian-prisma/engine/sqltree"

// The relation-join strategy's JSON, as Prisma builds it for PostgreSQL:
// json_build_object per row and json_agg over the rows. json_agg takes
// the rows' order from its own ORDER BY; a paged relation numbers its
// rows (ROW_NUMBER) in a derived table, so the page is cut by LIMIT/OFFSET
// in that order and aggregated in it. The read's own relations are LEFT
// JOIN LATERAL derived tables (Supports(LateralJoin)), nested ones scalar
// subqueries inside the JSON.
// https://www.postgresql.org/docs/current/functions-json.html

// JSONObjectFunc: json_build_object takes at most 100 arguments (50
// members); the planner keeps objects under that.
func (Dialect) JSONObjectFunc() string { return "json_build_object" }

// JSONMember: bytea as hex (json would write `\x...` text), a json/jsonb
// column as its text.
func (Dialect) JSONMember(w func(string), x func(), enc sqltree.JSONEnc) {
	switch enc {
	case sqltree.JSONHex:
		w("encode(")
		x()
		w(", 'hex')")
	case sqltree.JSONText:
		w("CAST(")
		x()
		w(" AS text)")
	default:
		x()
	}
}

func (d Dialect) JSONArrayAgg(w func(string), a sqltree.JSONAgg) {
	if a.Limit == nil && a.Offset == nil {
		w("(SELECT COALESCE(json_agg(")
		a.Object()
		w(" ORDER BY ")
		a.Order()
		w("), '[]')")
		a.From()
		w(")")
		return
	}
	w(`(SELECT COALESCE(json_agg("__t"."__d" ORDER BY "__t"."__o"), '[]') FROM (SELECT `)
	a.Object()
	w(` AS "__d", ROW_NUMBER() OVER (ORDER BY `)
	a.Order()
	w(`) AS "__o"`)
	a.From()
	w(" ORDER BY ")
	a.Order()
	w(d.LimitOffset(a.Limit, a.Offset))
	w(`) AS "__t")`)
}
