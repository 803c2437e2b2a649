package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// orderBy renders scalar orderings (the ones every caller can build).
func orderBy(q string, ords []request.Order) []sqltree.Order {
	var out []sqltree.Order
	for _, o := range ords {
		out = append(out, sqltree.Order{X: sqltree.Col{Table: q, Name: o.Field.DBName}, Desc: o.Desc})
	}
	return out
}

// orderByX renders orderings, relation ones as correlated subqueries.
func (x *planner) orderByX(q string, ords []request.Order) []sqltree.Order {
	var out []sqltree.Order
	for _, o := range ords {
		out = append(out, sqltree.Order{X: x.ordExpr(q, o), Desc: o.Desc, Nulls: o.Nulls})
	}
	return out
}

func (x *planner) ordExpr(q string, o request.Order) sqltree.Expr {
	if o.Rank != nil {
		return rankExpr(q, o.Rank)
	}
	if o.Rel == nil {
		return sqltree.Col{Table: q, Name: o.Field.DBName}
	}
	var alias string
	s, _ := x.relatedSelect(q, o.Rel, func(a string) (sqltree.Expr, error) {
		alias = a
		return sqltree.And{}, nil
	})
	if o.Count {
		s.Columns = []sqltree.SelCol{{X: sqltree.Func{Name: "COUNT", Star: true}}}
	} else {
		s.Columns = []sqltree.SelCol{{X: x.ordExpr(alias, *o.Sub)}}
	}
	return sqltree.Sub{Q: s}
}

// cursorCond keeps the rows at or after the cursor row (whose ordering
// values are vals) in the given order. A NULL ordering value compares as
// the database orders it: nullsLargest is the dialect's placement when the
// order names none (sqltree.NullsLargest).
func cursorCond(q string, ords []request.Order, vals []any, nullsLargest bool) sqltree.Expr {
	var or sqltree.Or
	for i, o := range ords {
		var and sqltree.And
		for j := 0; j < i; j++ {
			and = append(and, sameAs(sqltree.Col{Table: q, Name: ords[j].Field.DBName}, vals[j]))
		}
		and = append(and, beyond(sqltree.Col{Table: q, Name: o.Field.DBName}, o, vals[i], i == len(ords)-1, nullsLargest))
		or = append(or, and)
	}
	return or
}

// sameAs is `c = v`, or `c IS NULL` for a NULL v.
func sameAs(c sqltree.Col, v any) sqltree.Expr {
	if v == nil {
		return sqltree.IsNull{X: c}
	}
	return sqltree.Eq(c, sqltree.Param{V: v})
}

// beyond keeps the values of c that come after v in o's order (orEqual: or
// equal to it).
func beyond(c sqltree.Col, o request.Order, v any, orEqual, nullsLargest bool) sqltree.Expr {
	last := o.Nulls == "last" || (o.Nulls == "" && nullsLargest != o.Desc)
	if v == nil {
		// After a NULL come the values when NULLs are first, nothing when last.
		var e sqltree.Expr = sqltree.Bool(false)
		if !last {
			e = sqltree.IsNull{X: c, Not: true}
		}
		if orEqual {
			return sqltree.Or{e, sqltree.IsNull{X: c}}
		}
		return e
	}
	op := ">"
	if o.Desc {
		op = "<"
	}
	if orEqual {
		op += "="
	}
	var e sqltree.Expr = sqltree.Bin{L: c, Op: op, R: sqltree.Param{V: v}}
	if last && o.Field.Optional {
		e = sqltree.Or{e, sqltree.IsNull{X: c}}
	}
	return e
}
