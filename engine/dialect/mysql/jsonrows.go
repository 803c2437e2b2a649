package mysql

import "github.com/caspian-prisma/caspian-prisma/engine/sqltree"

// The relation-join strategy's JSON for MySQL/MariaDB: JSON_OBJECT per row
// and JSON_ARRAYAGG over the rows, ordered and paged inside the aggregate
// (MariaDB 10.5+). A derived table cannot be used for paging: MariaDB
// does not let one refer to the outer query's columns, which a related
// read's condition does.
// https://mariadb.com/kb/en/json_arrayagg/

func (Dialect) JSONObjectFunc() string { return "JSON_OBJECT" }

// JSONMember: bytes as hex (JSON_OBJECT would write them as a string of
// raw bytes), a JSON column as its text.
func (Dialect) JSONMember(w func(string), x func(), enc sqltree.JSONEnc) {
	switch enc {
	case sqltree.JSONHex:
		w("HEX(")
		x()
		w(")")
	case sqltree.JSONText:
		w("CAST(")
		x()
		w(" AS CHAR)")
	default:
		x()
	}
}

func (d Dialect) JSONArrayAgg(w func(string), a sqltree.JSONAgg) {
	w("(SELECT COALESCE(JSON_ARRAYAGG(")
	a.Object()
	w(" ORDER BY ")
	a.Order()
	w(d.LimitOffset(a.Limit, a.Offset))
	w("), JSON_ARRAY())")
	a.From()
	w(")")
}
