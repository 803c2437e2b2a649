package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
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

// listAssign is an update of a scalar list: a list, {'set': list} or
// {'push': value or list} (appended in SQL, so concurrent pushes keep
// every value).
func (x *planner) listAssign(m *schema.Model, f *schema.Field, v any, path string) (sqltree.Expr, error) {
	ops, isMap := v.(map[string]any)
	if !isMap {
		l, err := request.CoerceList(m, f, path, v)
		return sqltree.Param{V: bindList(l)}, err
	}
	if len(ops) != 1 {
		return nil, perr.Validationf(m.Name, path, "expected exactly one of [set push], got %d operations", len(ops))
	}
	for op, arg := range ops {
		p := request.JoinPath(path, op)
		switch op {
		case "set":
			l, err := request.CoerceList(m, f, p, arg)
			return sqltree.Param{V: bindList(l)}, err
		case "push":
			items, isList := arg.([]any)
			if !isList {
				items = []any{arg}
			}
			l, err := request.CoerceList(m, f, p, items)
			if err != nil {
				return nil, err
			}
			// COALESCE: pushing onto a list never set starts it.
			return sqltree.Func{Name: "array_cat", Args: []sqltree.Expr{
				sqltree.Func{Name: "COALESCE", Args: []sqltree.Expr{sqltree.Col{Name: f.DBName}, sqltree.Raw("'{}'")}},
				sqltree.Param{V: bindList(l)}}}, nil
		default:
			return nil, perr.Validationf(m.Name, p, "unknown update operation `%s` for scalar list `%s`; expected set or push", op, f.Name)
		}
	}
	return nil, nil
}
