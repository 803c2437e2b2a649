package sqlite

import "github.com/caspian-prisma/caspian-prisma/engine/sqltree"

// The relation-join strategy's JSON for SQLite: json_object per row and
// json_group_array over the rows, ordered by the aggregate's own ORDER BY
// (SQLite 3.44+); a paged relation numbers its rows (ROW_NUMBER) in a
// derived table, so the page is cut by LIMIT/OFFSET in that order and
// aggregated in it.
// https://sqlite.org/json1.html#jgrouparray

func (Dialect) JSONObjectFunc() string { return "json_object" }

// JSONMember: json_object refuses BLOBs, so bytes go as hex (NULL kept); a value made
// by a subquery has lost its JSON subtype and would be embedded as a
// string without json().
func (Dialect) JSONMember(w func(string), x func(), enc sqltree.JSONEnc) {
	switch enc {
	case sqltree.JSONHex:
		// hex(NULL) is '', which would read as empty bytes.
		w("CASE WHEN ")
		x()
		w(" IS NULL THEN NULL ELSE hex(")
		x()
		w(") END")
	case sqltree.JSONNested:
		w("json(")
		x()
		w(")")
	default:
		x()
	}
}

func (d Dialect) JSONArrayAgg(w func(string), a sqltree.JSONAgg) {
	if a.Limit == nil && a.Offset == nil {
		w("(SELECT json_group_array(")
		a.Object()
		w(" ORDER BY ")
		a.Order()
		w(")")
		a.From()
		w(")")
		return
	}
	w(`(SELECT json_group_array(json("__t"."__d") ORDER BY "__t"."__o") FROM (SELECT `)
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
