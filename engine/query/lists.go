package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Scalar lists (String[], Int[], enums ...; PostgreSQL only: the schema
// refuses them elsewhere). A list value is bound as one argument
// (driver.List, an array literal), so `has`, `hasEvery` and `hasSome` are
// array operators against it (https://www.postgresql.org/docs/current/functions-array.html).

// coerceList converts a list argument for a scalar list field.
func coerceList(m *schema.Model, f *schema.Field, path string, v any) (any, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, perr.Validationf(m.Name, path, "expected a list of %s for field `%s`, got %s", expectName(f.Element()), f.Name, request.TypeName(v))
	}
	el := f.Element()
	out := make(driver.List, len(items))
	for i, it := range items {
		p := path + "[" + itoa(i) + "]"
		if it == nil {
			return nil, perr.Validationf(m.Name, p, "a scalar list cannot hold null")
		}
		c, err := coerce(m, el, p, it)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

var listOps = []string{"equals", "has", "hasEvery", "hasSome", "isEmpty"}

// listFilter is the filter on a scalar list field: a list (equals) or an
// operator dict.
func (x *planner) listFilter(m *schema.Model, f *schema.Field, col sqltree.Expr, val any, path string) (sqltree.Expr, error) {
	ops, isOps := val.(map[string]any)
	if !isOps {
		ops = map[string]any{"equals": val}
	}
	ops = request.CanonOps(ops)
	var and sqltree.And
	for _, op := range request.SortedKeys(ops) {
		p, v := request.JoinPath(path, op), ops[op]
		var e sqltree.Expr
		switch op {
		case "equals":
			if v == nil {
				e = sqltree.IsNull{X: col}
				break
			}
			l, err := coerceList(m, f, p, v)
			if err != nil {
				return nil, err
			}
			e = sqltree.Eq(col, sqltree.Param{V: l})
		case "has":
			if v == nil {
				return nil, perr.Validationf(m.Name, p, "expected %s, got null", expectName(f.Element()))
			}
			l, err := coerceList(m, f, p, []any{v})
			if err != nil {
				return nil, err
			}
			e = sqltree.Bin{L: col, Op: "@>", R: sqltree.Param{V: l}}
		case "hasEvery", "hasSome":
			l, err := coerceList(m, f, p, v)
			if err != nil {
				return nil, err
			}
			e = sqltree.Bin{L: col, Op: map[string]string{"hasEvery": "@>", "hasSome": "&&"}[op], R: sqltree.Param{V: l}}
		case "isEmpty":
			b, err := request.AsBool(m, p, v)
			if err != nil {
				return nil, err
			}
			n := sqltree.Func{Name: "cardinality", Args: []sqltree.Expr{col}}
			if b {
				e = sqltree.Eq(n, sqltree.Raw("0"))
			} else {
				e = sqltree.Bin{L: n, Op: ">", R: sqltree.Raw("0")}
			}
		default:
			return nil, perr.Validationf(m.Name, p, "unknown filter operator `%s` for scalar list `%s`; expected one of %v", op, f.Name, listOps)
		}
		and = append(and, e)
	}
	if len(and) == 1 {
		return and[0], nil
	}
	return and, nil
}

// listAssign is an update of a scalar list: a list, {'set': list} or
// {'push': value or list} (appended in SQL, so concurrent pushes keep
// every value).
func (x *planner) listAssign(m *schema.Model, f *schema.Field, v any, path string) (sqltree.Expr, error) {
	ops, isMap := v.(map[string]any)
	if !isMap {
		l, err := coerceList(m, f, path, v)
		return sqltree.Param{V: l}, err
	}
	if len(ops) != 1 {
		return nil, perr.Validationf(m.Name, path, "expected exactly one of [set push], got %d operations", len(ops))
	}
	for op, arg := range ops {
		p := request.JoinPath(path, op)
		switch op {
		case "set":
			l, err := coerceList(m, f, p, arg)
			return sqltree.Param{V: l}, err
		case "push":
			items, isList := arg.([]any)
			if !isList {
				items = []any{arg}
			}
			l, err := coerceList(m, f, p, items)
			if err != nil {
				return nil, err
			}
			// COALESCE: pushing onto a list never set starts it.
			return sqltree.Func{Name: "array_cat", Args: []sqltree.Expr{
				sqltree.Func{Name: "COALESCE", Args: []sqltree.Expr{sqltree.Col{Name: f.DBName}, sqltree.Raw("'{}'")}},
				sqltree.Param{V: l}}}, nil
		default:
			return nil, perr.Validationf(m.Name, p, "unknown update operation `%s` for scalar list `%s`; expected set or push", op, f.Name)
		}
	}
	return nil, nil
}
