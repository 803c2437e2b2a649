package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

var countTypes = []driver.Type{driver.TypeBigInt}

// agg is one requested aggregate: _sum.amount, _count._all, ...
type agg struct {
	kind  string        // _count, _sum, _avg, _min, _max
	f     *schema.Field // nil for _count._all
	typ   driver.Type
	bare  bool // `_count: True` as a whole: the result is a plain int
	alias string
}

var aggFuncs = map[string]string{"_count": "COUNT", "_sum": "SUM", "_avg": "AVG", "_min": "MIN", "_max": "MAX"}

func (g agg) expr(q string) sqltree.Expr {
	if g.f == nil {
		return sqltree.Func{Name: "COUNT", Star: true}
	}
	return sqltree.Func{Name: aggFuncs[g.kind], Args: []sqltree.Expr{sqltree.Col{Table: q, Name: g.f.DBName}}}
}

func isNumeric(f *schema.Field) bool {
	if f.Kind != schema.ScalarField {
		return false
	}
	switch f.Type {
	case schema.Int, schema.BigInt, schema.Float, schema.Decimal:
		return true
	}
	return false
}

// parseAggs reads _count/_sum/_avg/_min/_max.
func parseAggs(m *schema.Model, a args) ([]agg, error) {
	var out []agg
	for _, kind := range request.AggregateKinds {
		v, ok := a[kind]
		if !ok {
			continue
		}
		if b, isBool := v.(bool); isBool && kind == "_count" {
			if b {
				out = append(out, agg{kind: kind, typ: driver.TypeBigInt, bare: true})
			}
			continue
		}
		mp, err := request.AsMap(m, kind, v)
		if err != nil {
			return nil, err
		}
		for _, k := range request.SortedKeys(mp) {
			p := request.JoinPath(kind, k)
			if b, err := request.AsBool(m, p, mp[k]); err != nil {
				return nil, err
			} else if !b {
				continue
			}
			if k == "_all" && kind == "_count" {
				out = append(out, agg{kind: kind, typ: driver.TypeBigInt})
				continue
			}
			f := m.Field(k)
			if f == nil || f.Kind == schema.RelationField {
				return nil, perr.UnknownField(m.Name, p, k, request.ScalarNames(m))
			}
			g := agg{kind: kind, f: f}
			switch kind {
			case "_count":
				g.typ = driver.TypeBigInt
			case "_sum", "_avg":
				if !isNumeric(f) {
					return nil, perr.Validationf(m.Name, p, "`%s` needs a numeric field; `%s` is %s", kind, k, f.TypeName)
				}
				g.typ = plan.DriverType(f)
				if kind == "_avg" && f.Type != schema.Decimal {
					g.typ = driver.TypeFloat
				}
				if kind == "_sum" && f.Type == schema.Int {
					g.typ = driver.TypeBigInt
				}
			default:
				g.typ = plan.DriverType(f)
			}
			out = append(out, g)
		}
	}
	for i := range out {
		out[i].alias = "a" + itoa(i)
	}
	return out, nil
}

// putAgg stores one aggregate result in Prisma's output shape.
func putAgg(dst map[string]any, g agg, v any) {
	if g.bare {
		dst["_count"] = exec.ToInt64(v)
		return
	}
	sub, _ := dst[g.kind].(map[string]any)
	if sub == nil {
		sub = map[string]any{}
		dst[g.kind] = sub
	}
	name := "_all"
	if g.f != nil {
		name = g.f.Name
	}
	switch {
	case g.kind == "_count":
		v = exec.ToInt64(v)
	case g.f != nil && v != nil && g.typ == plan.DriverType(g.f):
		v = exec.Decode(g.f, v)
	}
	sub[name] = v
}

// aggSource returns the statement an aggregate reads FROM: the table
// filtered by where, or a subquery when take/skip/cursor limit the rows
// first (its plan, whose cursor runs first, is returned with it).
func (x *planner) aggSource(m *schema.Model, a args, cols []*schema.Field) (*sqltree.Select, string, *plan.Read, error) {
	_, hasTake := a["take"]
	_, hasSkip := a["skip"]
	_, hasCursor := a["cursor"]
	q := m.DBName
	if !hasTake && !hasSkip && !hasCursor {
		where, err := x.where(m, q, a["where"], "where")
		if err != nil {
			return nil, "", nil, err
		}
		return &sqltree.Select{From: sqltree.Table{Schema: m.Schema, Name: q}, Where: where}, q, nil, nil
	}
	p, err := x.planWhere(m, a, "")
	if err != nil {
		return nil, "", nil, err
	}
	inner := p.Select
	for _, f := range cols {
		inner.Columns = append(inner.Columns, sqltree.SelCol{X: sqltree.Col{Table: q, Name: f.DBName}})
	}
	if len(inner.Columns) == 0 {
		inner.Columns = []sqltree.SelCol{{X: sqltree.Raw("1"), Alias: "_one"}}
	}
	return &sqltree.Select{FromSub: inner, From: sqltree.Table{Alias: "sub"}}, "sub", p, nil
}

func aggCols(aggs []agg) []*schema.Field {
	var out []*schema.Field
	seen := map[string]bool{}
	for _, g := range aggs {
		if g.f != nil && !seen[g.f.Name] {
			seen[g.f.Name] = true
			out = append(out, g.f)
		}
	}
	return out
}

func (x *planner) countAction(m *schema.Model, a args) (any, error) {
	var aggs []agg
	_, sel := a["select"]
	if sel {
		var err error
		if aggs, err = parseAggs(m, args{"_count": a["select"]}); err != nil {
			return nil, err
		}
	} else {
		aggs = []agg{{kind: "_count", typ: driver.TypeBigInt, bare: true, alias: "a0"}}
	}
	p, err := x.planAggregate(m, a, aggs, func(res map[string]any) any {
		if !sel {
			return res["_count"]
		}
		if c, ok := res["_count"].(map[string]any); ok {
			return c
		}
		return map[string]any{}
	})
	if err != nil {
		return nil, err
	}
	return x.aggregated(p)
}

func (x *planner) aggregateAction(m *schema.Model, a args) (any, error) {
	aggs, err := parseAggs(m, a)
	if err != nil {
		return nil, err
	}
	p, err := x.planAggregate(m, a, aggs, func(res map[string]any) any { return res })
	if err != nil {
		return nil, err
	}
	return x.aggregated(p)
}

// aggregated answers a planned aggregation: its plan when explaining,
// else its result.
func (x *planner) aggregated(p *plan.Aggregate) (any, error) {
	if x.planOnly {
		return p, nil
	}
	return x.run.Aggregate(p)
}

// planAggregate plans aggs over the rows a selects; answer makes the
// reply of their values in Prisma's shape. No aggregate asked reads nothing.
func (x *planner) planAggregate(m *schema.Model, a args, aggs []agg, answer func(map[string]any) any) (*plan.Aggregate, error) {
	shape := func(rows [][]any) any {
		out := map[string]any{}
		var vals []any
		if len(rows) > 0 {
			vals = rows[0]
		}
		for i, g := range aggs {
			var v any
			if vals != nil {
				v = vals[i]
			}
			putAgg(out, g, v)
		}
		return answer(out)
	}
	if len(aggs) == 0 {
		return &plan.Aggregate{Model: m, Shape: shape}, nil
	}
	s, q, rows, err := x.aggSource(m, a, aggCols(aggs))
	if err != nil {
		return nil, err
	}
	p := &plan.Aggregate{Model: m, Rows: rows, Select: s, Shape: shape}
	for _, g := range aggs {
		s.Columns = append(s.Columns, sqltree.SelCol{X: g.expr(q), Alias: g.alias})
		p.Types = append(p.Types, g.typ)
	}
	return p, nil
}

func (x *planner) groupByAction(m *schema.Model, a args) (any, error) {
	q := m.DBName
	var by []*schema.Field
	for i, v := range request.AsList(a["by"]) {
		name, _ := v.(string)
		f := m.Field(name)
		if f == nil || f.Kind == schema.RelationField {
			return nil, perr.UnknownField(m.Name, "by["+itoa(i)+"]", name, request.ScalarNames(m))
		}
		by = append(by, f)
	}
	if len(by) == 0 {
		return nil, perr.Validationf(m.Name, "by", "expected at least one field to group by")
	}
	aggs, err := parseAggs(m, a)
	if err != nil {
		return nil, err
	}
	where, err := x.where(m, q, a["where"], "where")
	if err != nil {
		return nil, err
	}
	s := &sqltree.Select{From: sqltree.Table{Schema: m.Schema, Name: q}, Where: where}
	var types []driver.Type
	for _, f := range by {
		c := sqltree.Col{Table: q, Name: f.DBName}
		s.Columns = append(s.Columns, sqltree.SelCol{X: c})
		s.GroupBy = append(s.GroupBy, c)
		types = append(types, plan.DriverType(f))
	}
	for _, g := range aggs {
		s.Columns = append(s.Columns, sqltree.SelCol{X: g.expr(q), Alias: g.alias})
		types = append(types, g.typ)
	}
	if v, ok := a["having"]; ok {
		h, err := request.ParseHaving(m, v, "having", x.target())
		if err != nil {
			return nil, err
		}
		if s.Having, err = x.having(q, h); err != nil {
			return nil, err
		}
	}
	if o, ok := a["orderBy"]; ok {
		if s.OrderBy, err = groupOrder(m, q, o); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"take", "skip"} {
		if v, ok := a[k]; ok {
			n, err := request.AsInt(m, k, v)
			if err != nil {
				return nil, err
			}
			if k == "take" {
				s.Limit = &n
			} else {
				s.Offset = &n
			}
		}
	}
	return x.aggregated(&plan.Aggregate{Model: m, Select: s, Types: types, Shape: func(rows [][]any) any {
		out := make([]any, len(rows))
		for i, r := range rows {
			o := map[string]any{}
			for j, f := range by {
				o[f.Name] = exec.Decode(f, r[j])
			}
			for j, g := range aggs {
				putAgg(o, g, r[len(by)+j])
			}
			out[i] = o
		}
		return out
	}})
}

// having renders groupBy's having (request.ParseHaving) on alias q: a
// grouped field's filter on its column, an aggregate's on the aggregate.
func (x *planner) having(q string, h *request.Having) (sqltree.Expr, error) {
	var and sqltree.And
	for _, c := range h.Conds {
		if l := c.Logic; l != nil {
			var parts []sqltree.Expr
			for _, item := range l.Items {
				e, err := x.having(q, item)
				if err != nil {
					return nil, err
				}
				parts = append(parts, e)
			}
			switch l.Op {
			case request.And:
				and = append(and, sqltree.And(parts))
			case request.Or:
				and = append(and, sqltree.Or(parts))
			default:
				for _, e := range parts {
					and = append(and, sqltree.Not{X: e})
				}
			}
			continue
		}
		var col sqltree.Expr = column(q, c.Field)
		if c.Agg != "" {
			col = sqltree.Func{Name: aggFuncs[c.Agg], Args: []sqltree.Expr{sqltree.Col{Table: q, Name: c.Field.DBName}}}
		}
		e, err := x.renderField(c.Filter, col)
		if err != nil {
			return nil, err
		}
		and = append(and, e)
	}
	return and, nil
}

// groupOrder orders groups by grouped fields or by aggregates
// ({'_count': {'id': 'desc'}}).
func groupOrder(m *schema.Model, q string, v any) ([]sqltree.Order, error) {
	var out []sqltree.Order
	for i, item := range request.AsList(v) {
		p := "orderBy[" + itoa(i) + "]"
		mp, err := request.AsMap(m, p, item)
		if err != nil {
			return nil, err
		}
		for _, k := range request.SortedKeys(mp) {
			if fn, isAgg := aggFuncs[k]; isAgg {
				sub, err := request.AsMap(m, request.JoinPath(p, k), mp[k])
				if err != nil {
					return nil, err
				}
				os, err := request.ParseOrder(m, sub, request.JoinPath(p, k))
				if err != nil {
					return nil, err
				}
				for _, o := range os {
					if o.Field == nil {
						return nil, perr.Validationf(m.Name, request.JoinPath(p, k), "aggregates are ordered by scalar fields")
					}
					out = append(out, sqltree.Order{X: sqltree.Func{Name: fn, Args: []sqltree.Expr{sqltree.Col{Table: q, Name: o.Field.DBName}}}, Desc: o.Desc})
				}
				continue
			}
			os, err := request.ParseOrder(m, map[string]any{k: mp[k]}, p)
			if err != nil {
				return nil, err
			}
			if request.HasRelOrder(os) || os[0].Rank != nil {
				return nil, perr.Validationf(m.Name, request.JoinPath(p, k), "groups are ordered by grouped fields or aggregates")
			}
			out = append(out, orderBy(q, os)...)
		}
	}
	return out, nil
}
