package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// ord is one ordering term: a scalar field, or (when rel is set) a field of
// a to-one related record (sub) or the number of to-many related records.
type ord struct {
	f     *schema.Field
	desc  bool
	rel   *schema.Field
	sub   *ord // to-one: the ordering on the related model
	count bool // to-many: order by _count
	nulls string
	rank  *relevance // _relevance: full-text relevance (search.go)
}

// parseOrder reads orderBy: a dict or a list of dicts of field -> 'asc'|'desc'
// (or {'sort': 'asc'|'desc'}), and `_relevance` terms.
func parseOrder(m *schema.Model, v any, path string) ([]ord, error) {
	var out []ord
	for i, item := range request.AsList(v) {
		p := path
		if _, isList := v.([]any); isList {
			p = path + "[" + itoa(i) + "]"
		}
		mp, err := request.AsMap(m, p, item)
		if err != nil {
			return nil, err
		}
		for _, k := range request.SortedKeys(mp) {
			f := m.Field(k)
			kp := request.JoinPath(p, k)
			if k == relevanceKey {
				o, err := parseRelevance(m, mp[k], kp)
				if err != nil {
					return nil, err
				}
				out = append(out, o)
				continue
			}
			if f == nil {
				return nil, perr.UnknownField(m.Name, kp, k, request.ScalarNames(m))
			}
			if f.Kind == schema.RelationField {
				o, err := parseRelOrder(m, f, mp[k], kp)
				if err != nil {
					return nil, err
				}
				out = append(out, o)
				continue
			}
			dir := mp[k]
			nulls := ""
			if sm, ok := dir.(map[string]any); ok {
				dir = sm["sort"]
				if n, has := sm["nulls"]; has {
					if n != "first" && n != "last" {
						return nil, perr.Validationf(m.Name, request.JoinPath(kp, "nulls"), "expected 'first' or 'last', got %v", n)
					}
					nulls = n.(string)
				}
			}
			switch dir {
			case "asc":
				out = append(out, ord{f: f, nulls: nulls})
			case "desc":
				out = append(out, ord{f: f, desc: true, nulls: nulls})
			default:
				return nil, perr.Validationf(m.Name, kp, "expected 'asc' or 'desc', got %v", dir)
			}
		}
	}
	return out, nil
}

// parseRelOrder reads {'author': {'name': 'asc'}} or {'posts': {'_count': 'desc'}}.
func parseRelOrder(m *schema.Model, f *schema.Field, v any, path string) (ord, error) {
	mp, err := request.AsMap(m, path, v)
	if err != nil {
		return ord{}, err
	}
	if f.List {
		dir, ok := mp["_count"]
		if !ok || len(mp) != 1 {
			return ord{}, perr.Validationf(m.Name, path, "a to-many relation is ordered by {'_count': 'asc'|'desc'}")
		}
		switch dir {
		case "asc", "desc":
			return ord{rel: f, count: true, desc: dir == "desc"}, nil
		}
		return ord{}, perr.Validationf(m.Name, request.JoinPath(path, "_count"), "expected 'asc' or 'desc', got %v", dir)
	}
	subs, err := parseOrder(f.Relation.Model, mp, path)
	if err != nil {
		return ord{}, err
	}
	if len(subs) != 1 {
		return ord{}, perr.Validationf(m.Name, path, "expected exactly one field to order by")
	}
	return ord{rel: f, sub: &subs[0], desc: subs[0].desc}, nil
}

// uniqueOrder reports whether the ordering fields include the primary key or
// every field of a unique constraint made only of required fields.
func uniqueOrder(m *schema.Model, ords []ord) bool {
	has := map[string]bool{}
	for _, o := range ords {
		if o.f != nil {
			has[o.f.Name] = true
		}
	}
	all := func(names []string) bool {
		for _, n := range names {
			if !has[n] {
				return false
			}
		}
		return len(names) > 0
	}
	if all(m.PrimaryKey.Fields) {
		return true
	}
	for _, u := range m.Uniques {
		req := true
		for _, n := range u.Fields {
			if f := m.Field(n); f == nil || f.Optional {
				req = false
			}
		}
		if req && all(u.Fields) {
			return true
		}
	}
	return false
}

// withPK appends the primary key ascending when the order is not unique.
func withPK(m *schema.Model, ords []ord) []ord {
	if uniqueOrder(m, ords) {
		return ords
	}
	has := map[string]bool{}
	for _, o := range ords {
		if o.f != nil {
			has[o.f.Name] = true
		}
	}
	for _, f := range m.IDFields() {
		if !has[f.Name] {
			ords = append(ords, ord{f: f})
		}
	}
	return ords
}

func reverse(ords []ord) []ord {
	out := make([]ord, len(ords))
	for i, o := range ords {
		o.desc = !o.desc
		switch o.nulls {
		case "first":
			o.nulls = "last"
		case "last":
			o.nulls = "first"
		}
		out[i] = o
	}
	return out
}

// orderBy renders scalar orderings (the ones every caller can build).
func orderBy(q string, ords []ord) []sqltree.Order {
	var out []sqltree.Order
	for _, o := range ords {
		out = append(out, sqltree.Order{X: sqltree.Col{Table: q, Name: o.f.DBName}, Desc: o.desc})
	}
	return out
}

// orderByX renders orderings, relation ones as correlated subqueries.
func (x *exec) orderByX(q string, ords []ord) []sqltree.Order {
	var out []sqltree.Order
	for _, o := range ords {
		out = append(out, sqltree.Order{X: x.ordExpr(q, o), Desc: o.desc, Nulls: o.nulls})
	}
	return out
}

func (x *exec) ordExpr(q string, o ord) sqltree.Expr {
	if o.rank != nil {
		return rankExpr(q, o.rank)
	}
	if o.rel == nil {
		return sqltree.Col{Table: q, Name: o.f.DBName}
	}
	var alias string
	s, _ := x.relatedSelect(q, o.rel, func(a string) (sqltree.Expr, error) {
		alias = a
		return sqltree.And{}, nil
	})
	if o.count {
		s.Columns = []sqltree.SelCol{{X: sqltree.Func{Name: "COUNT", Star: true}}}
	} else {
		s.Columns = []sqltree.SelCol{{X: x.ordExpr(alias, *o.sub)}}
	}
	return sqltree.Sub{Q: s}
}

func hasRelOrder(ords []ord) bool {
	for _, o := range ords {
		if o.rel != nil {
			return true
		}
	}
	return false
}

// cursorCond keeps the rows at or after the cursor row (whose ordering
// values are vals) in the given order. A NULL ordering value compares as
// the database orders it: nullsLargest is the dialect's placement when the
// order names none (sqltree.NullsLargest).
func cursorCond(q string, ords []ord, vals []any, nullsLargest bool) sqltree.Expr {
	var or sqltree.Or
	for i, o := range ords {
		var and sqltree.And
		for j := 0; j < i; j++ {
			and = append(and, sameAs(sqltree.Col{Table: q, Name: ords[j].f.DBName}, vals[j]))
		}
		and = append(and, beyond(sqltree.Col{Table: q, Name: o.f.DBName}, o, vals[i], i == len(ords)-1, nullsLargest))
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
func beyond(c sqltree.Col, o ord, v any, orEqual, nullsLargest bool) sqltree.Expr {
	last := o.nulls == "last" || (o.nulls == "" && nullsLargest != o.desc)
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
	if o.desc {
		op = "<"
	}
	if orEqual {
		op += "="
	}
	var e sqltree.Expr = sqltree.Bin{L: c, Op: op, R: sqltree.Param{V: v}}
	if last && o.f.Optional {
		e = sqltree.Or{e, sqltree.IsNull{X: c}}
	}
	return e
}
