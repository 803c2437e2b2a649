package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Filters are read by engine/request (request.ParseWhere: the tree, its
// values coerced, its mistakes refused with their argument paths) and
// rendered here as sqltree expressions, where the dialect is known: what
// it cannot do (full-text search, JSON containment, a NaN) is refused
// while rendering, naming the path the tree kept. The form of a Json path
// is the dialect's too, but it is read with the filter (request.Target).

// MaxFilterDepth bounds how deeply filters nest (request.MaxFilterDepth).
const MaxFilterDepth = request.MaxFilterDepth

// where builds the filter of a `where` dict on model m, whose columns are
// qualified by q (a table name or alias). A nil or empty where is true.
func (x *planner) where(m *schema.Model, q string, v any, path string) (sqltree.Expr, error) {
	w, err := request.ParseWhere(m, v, path, x.target())
	if err != nil {
		return nil, err
	}
	return x.renderWhere(q, w)
}

// target is what engine/request must know of the dialect to read a filter.
func (x *planner) target() request.Target {
	return request.Target{Provider: x.d.Provider(), JSONPathKeys: x.d.Supports(sqltree.JSONPathKeys)}
}

// renderWhere is the expression of w on the table or alias q.
func (x *planner) renderWhere(q string, w *request.Where) (sqltree.Expr, error) {
	var out sqltree.And
	for _, c := range w.Conds {
		var e sqltree.Expr
		var err error
		switch c := c.(type) {
		case *request.Logic:
			if c.Op == request.Not {
				// Each item negated on its own, beside the other conditions.
				for _, item := range c.Items {
					e, err := x.renderWhere(q, item)
					if err != nil {
						return nil, err
					}
					out = append(out, sqltree.Not{X: e})
				}
				continue
			}
			e, err = x.renderLogic(q, c)
		case *request.Compound:
			var and sqltree.And
			for _, s := range c.Fields {
				fe, err := x.renderScalar(s, column(q, s.Field))
				if err != nil {
					return nil, err
				}
				and = append(and, fe)
			}
			e = and
		case *request.Relation:
			e, err = x.renderRelation(q, c)
		default:
			e, err = x.renderField(c, column(q, fieldOf(c)))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	if out == nil {
		return sqltree.And{}, nil
	}
	return out, nil
}

// renderLogic is AND (nothing: true) or OR (nothing: false) over c's items.
func (x *planner) renderLogic(q string, c *request.Logic) (sqltree.Expr, error) {
	x.noteList(c.Path, len(c.Items))
	items := make([]sqltree.Expr, 0, len(c.Items))
	for _, item := range c.Items {
		e, err := x.renderWhere(q, item)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
	}
	if c.Op == request.Or {
		return sqltree.Or(items), nil
	}
	if len(items) == 0 {
		return sqltree.And(nil), nil
	}
	return sqltree.And(items), nil
}

func column(q string, f *schema.Field) sqltree.Col { return sqltree.Col{Table: q, Name: f.DBName} }

// fieldOf is the field of a field's filter.
func fieldOf(c request.Cond) *schema.Field {
	switch c := c.(type) {
	case *request.Scalar:
		return c.Field
	case *request.JSONFilter:
		return c.Field
	case *request.ListFilter:
		return c.Field
	}
	panic("query: not a field's filter")
}

// fieldFilter reads and renders the filter v on field f of m, applied
// to col (groupBy's having: a grouped field's column or an aggregate).
func (x *planner) fieldFilter(m *schema.Model, f *schema.Field, col sqltree.Expr, v any, path string) (sqltree.Expr, error) {
	c, err := request.ParseField(m, f, v, path, x.target())
	if err != nil {
		return nil, err
	}
	return x.renderField(c, col)
}

// renderField applies a field's filter (request.ParseField) to col: its
// column, or an aggregate of it in groupBy's having.
func (x *planner) renderField(c request.Cond, col sqltree.Expr) (sqltree.Expr, error) {
	switch c := c.(type) {
	case *request.Scalar:
		return x.renderScalar(c, col)
	case *request.JSONFilter:
		return x.renderJSON(c, col)
	case *request.ListFilter:
		return renderList(c, col), nil
	}
	panic("query: not a field's filter")
}

// one is a single expression as itself, several as their conjunction
// (none: an empty one, true).
func one(and sqltree.And) sqltree.Expr {
	if len(and) == 1 {
		return and[0]
	}
	return and
}

// renderScalar is a scalar filter on col.
func (x *planner) renderScalar(s *request.Scalar, col sqltree.Expr) (sqltree.Expr, error) {
	var and sqltree.And
	for i := range s.Ops {
		e, err := x.renderScalarOp(s, &s.Ops[i], col)
		if err != nil {
			return nil, err
		}
		and = append(and, e)
	}
	return one(and), nil
}

var cmpOps = map[string]string{"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

var likeKinds = map[string]int{request.OpContains: sqltree.Contains, request.OpStartsWith: sqltree.StartsWith, request.OpEndsWith: sqltree.EndsWith}

// renderScalarOp is one operator of s on col.
func (x *planner) renderScalarOp(s *request.Scalar, o *request.ScalarOp, col sqltree.Expr) (sqltree.Expr, error) {
	m, f := s.Field.Model, s.Field
	lower := func(e sqltree.Expr) sqltree.Expr {
		if s.Insensitive {
			return sqltree.Lower{X: e}
		}
		return e
	}
	param := func(v any, p string) (sqltree.Expr, error) {
		b, err := x.bindable(m, f, p, v)
		if err != nil {
			return nil, err
		}
		return lower(sqltree.Param{V: b}), nil
	}
	switch o.Op {
	case request.OpEquals:
		if o.Value == nil {
			return sqltree.IsNull{X: col}, nil
		}
		p, err := param(o.Value, o.Path)
		if err != nil {
			return nil, err
		}
		return sqltree.Eq(lower(col), p), nil
	case request.OpNot:
		if o.Not != nil {
			e, err := x.renderScalar(o.Not, col)
			if err != nil {
				return nil, err
			}
			return sqltree.Not{X: e}, nil
		}
		if o.Value == nil {
			return sqltree.IsNull{X: col, Not: true}, nil
		}
		p, err := param(o.Value, o.Path)
		if err != nil {
			return nil, err
		}
		return sqltree.Bin{L: lower(col), Op: "<>", R: p}, nil
	case request.OpIn, request.OpNotIn:
		x.noteList(o.Path, len(o.Values))
		items := make([]sqltree.Expr, len(o.Values))
		for i, v := range o.Values {
			p, err := param(v, request.Index(o.Path, i))
			if err != nil {
				return nil, err
			}
			items[i] = p
		}
		if len(items) == 0 {
			items = nil
		}
		return sqltree.In{X: lower(col), List: items, Not: o.Op == request.OpNotIn}, nil
	case request.OpLt, request.OpLte, request.OpGt, request.OpGte:
		p, err := param(o.Value, o.Path)
		if err != nil {
			return nil, err
		}
		return sqltree.Bin{L: lower(col), Op: cmpOps[o.Op], R: p}, nil
	case request.OpSearch:
		return x.search(m, f, col, o)
	case request.OpContains, request.OpStartsWith, request.OpEndsWith:
		return sqltree.Like{X: col, Value: o.Value.(string), Kind: likeKinds[o.Op], Insensitive: s.Insensitive}, nil
	}
	return nil, perr.Validationf(m.Name, o.Path, "unknown filter operator `%s`", o.Op)
}

func itoa(i int) string { return sqltree.Itoa(int64(i)) }
