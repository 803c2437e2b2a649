package exec

import (
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Read runs a read plan: the cursor step, the statement, then the
// relations of the rows it returns.
func (x *Runner) Read(p *plan.Read) ([]row, error) {
	s, ok, err := x.WithCursor(p)
	if err != nil || !ok {
		return []row{}, err
	}
	rows, err := x.Rows(p.Model, s, p.Fields, p.Types)
	if err != nil {
		return nil, err
	}
	if p.Join != nil {
		if err := stitchJoined(p.Join, rows); err != nil {
			return nil, err
		}
	}
	if p.Distinct != nil {
		// Distinct is applied in memory, as Prisma does, so that it composes
		// with any ordering; take/skip then apply to the distinct rows.
		rows = pageRows(distinctRows(rows, p.Distinct), p.Take, p.Skip)
	}
	if p.Backwards {
		for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
			rows[i], rows[j] = rows[j], rows[i]
		}
	}
	if err := x.loadRelations(p, rows); err != nil {
		return nil, err
	}
	Shape(p.Keep, rows)
	return rows, nil
}

// WithCursor runs p's cursor step and returns p's statement with the
// cursor condition; false when the cursor row does not exist.
func (x *Runner) WithCursor(p *plan.Read) (*sqltree.Select, bool, error) {
	if p.Cursor == nil {
		return p.Select, true, nil
	}
	c := p.Cursor
	rows, err := x.Query(p.Model, c.Select, c.Types)
	if err != nil || len(rows) == 0 {
		return nil, false, err
	}
	s := *p.Select
	s.Where = sqltree.Conj(s.Where, c.Cond(rows[0]))
	return &s, true, nil
}

// loadRelations loads every planned relation and relation count of rows
// and stitches the results into rows.
func (x *Runner) loadRelations(p *plan.Read, rows []row) error {
	if len(rows) == 0 {
		return nil
	}
	for _, r := range p.Rels {
		if err := x.loadRel(r, rows); err != nil {
			return err
		}
	}
	for _, c := range p.Counts {
		if err := x.loadCount(c, rows); err != nil {
			return err
		}
	}
	return nil
}

func (x *Runner) loadRel(r *plan.Rel, parents []row) error {
	f, rel := r.Field, r.Read.Model
	keys := parentKeys(parents, r.Parent)
	base := r.Read.Select
	inSQL := len(keys) == 1 && r.Limit != nil
	if inSQL {
		c := *base
		c.Limit, c.Offset = r.Limit, r.Offset
		base = &c
	}
	var children []row
	if len(keys) > 0 {
		for _, chunk := range x.chunks(keys, len(r.Keys), x.paramCount(base.Where)) {
			rows, err := x.Rows(rel, plan.Keyed(base, r.Keys, chunk), r.Read.Fields, r.Read.Types)
			if err != nil {
				return err
			}
			children = append(children, rows...)
		}
	}
	// Group children by the parent key they point at.
	groups := map[string][]row{}
	for _, c := range children {
		var k string
		if r.M2M {
			k = KeyOf(row{"k": Decode(r.Parent[0], normKey(r.Parent[0], c[extraKey(0)]))}, []*schema.Field{{Name: "k"}})
			delete(c, extraKey(0))
		} else {
			k = keyOfAs(c, r.Child, r.Parent)
		}
		groups[k] = append(groups[k], c)
	}
	if !inSQL {
		for k, g := range groups {
			groups[k] = pageNested(r, g)
		}
	}
	if err := x.loadRelations(r.Read, children); err != nil {
		return err
	}
	Shape(r.Read.Keep, children)
	for _, p := range parents {
		var k string
		if r.M2M {
			k = KeyOf(row{"k": p[r.Parent[0].Name]}, []*schema.Field{{Name: "k"}})
		} else {
			k = KeyOf(p, r.Parent)
		}
		g := groups[k]
		if f.List {
			p[f.Name] = ListOf(g)
		} else if len(g) > 0 {
			p[f.Name] = g[0]
		} else {
			p[f.Name] = nil
		}
	}
	return nil
}

// pageNested applies a nested include's cursor, distinct, take and skip to
// the related rows of one parent (the query fetched them all, in order).
func pageNested(r *plan.Rel, g []row) []row {
	rel := r.Read.Model
	if r.Cursor != nil {
		start := -1
		for i, row := range g {
			match := true
			for k, v := range r.Cursor {
				if f := rel.Field(k); f == nil || !equalValue(row[k], v) {
					match = false
				}
			}
			if match {
				start = i
				break
			}
		}
		if start < 0 {
			return nil
		}
		g = g[start:]
	}
	if len(r.Distinct) > 0 {
		g = distinctRows(g, r.Distinct)
	}
	take := r.Take
	if take != nil && *take < 0 {
		// Backwards: the last n rows, in the requested order.
		if n := -*take; int64(len(g)) > n {
			g = g[int64(len(g))-n:]
		}
		take = nil
	}
	return pageRows(g, take, r.Skip)
}

// loadCount fills row["_count"][relation] with the number of related rows.
func (x *Runner) loadCount(c *plan.Count, parents []row) error {
	keys := parentKeys(parents, c.Parent)
	counts := map[string]int64{}
	if len(keys) > 0 {
		for _, chunk := range x.chunks(keys, len(c.Keys), x.paramCount(c.Select.Where)) {
			rows, err := x.Query(c.Field.Relation.Model, plan.Keyed(c.Select, c.Keys, chunk), c.Types)
			if err != nil {
				return err
			}
			for _, r := range rows {
				tmp := row{}
				for i, pf := range c.Parent {
					tmp[pf.Name] = Decode(pf, r[i])
				}
				counts[KeyOf(tmp, c.Parent)] = ToInt64(r[len(r)-1])
			}
		}
	}
	for _, p := range parents {
		cm, _ := p["_count"].(map[string]any)
		if cm == nil {
			cm = map[string]any{}
			p["_count"] = cm
		}
		cm[c.Field.Name] = counts[KeyOf(p, c.Parent)]
	}
	return nil
}

// Aggregate runs a planned count, aggregate or groupBy.
func (x *Runner) Aggregate(a *plan.Aggregate) (any, error) {
	s := a.Select
	if s == nil {
		return a.Shape(nil), nil
	}
	if a.Rows != nil && a.Rows.Cursor != nil {
		inner, ok, err := x.WithCursor(a.Rows)
		if err != nil {
			return nil, err
		}
		if !ok {
			return a.Shape(nil), nil
		}
		c := *s
		c.FromSub = inner
		s = &c
	}
	rows, err := x.Query(a.Model, s, a.Types)
	if err != nil {
		return nil, err
	}
	return a.Shape(rows), nil
}
