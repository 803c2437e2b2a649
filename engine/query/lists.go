package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// Scalar lists (String[], Int[], enums ...; PostgreSQL only: the schema
// refuses them elsewhere). A list value is bound as one argument
// (driver.List, an array literal), so `has`, `hasEvery` and `hasSome` are
// array operators against it (https://www.postgresql.org/docs/current/functions-array.html).

// renderList is the scalar-list filter l on col.
func renderList(l *request.ListFilter, col sqltree.Expr) sqltree.Expr {
	var and sqltree.And
	for _, o := range l.Ops {
		var e sqltree.Expr
		switch o.Op {
		case request.OpEquals:
			if o.Value == nil {
				e = sqltree.IsNull{X: col}
				break
			}
			e = sqltree.Eq(col, sqltree.Param{V: bindList(o.Value.(request.List))})
		case "has", "hasEvery":
			e = sqltree.Bin{L: col, Op: "@>", R: sqltree.Param{V: bindList(o.Value.(request.List))}}
		case "hasSome":
			e = sqltree.Bin{L: col, Op: "&&", R: sqltree.Param{V: bindList(o.Value.(request.List))}}
		case "isEmpty":
			n := sqltree.Func{Name: "cardinality", Args: []sqltree.Expr{col}}
			if o.Value.(bool) {
				e = sqltree.Eq(n, sqltree.Raw("0"))
			} else {
				e = sqltree.Bin{L: n, Op: ">", R: sqltree.Raw("0")}
			}
		}
		and = append(and, e)
	}
	return one(and)
}
