package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// planRelations plans the loading of sel's relations and relation counts
// into p: one statement per relation (an `IN` on the parent keys, chunked
// when it runs) whose rows are stitched to their parents in Go, as Prisma
// does.
func (x *planner) planRelations(p *plan.Read, sel *request.Selection) error {
	p.Keep = keepOf(sel)
	for _, r := range sel.Rels {
		rp, err := x.planRel(r)
		if err != nil {
			return err
		}
		p.Rels = append(p.Rels, rp)
	}
	for _, c := range sel.Counts {
		cp, err := x.planCount(c)
		if err != nil {
			return err
		}
		p.Counts = append(p.Counts, cp)
	}
	return nil
}

func (x *planner) planRel(r *request.Rel) (*plan.Rel, error) {
	f := r.Field
	l := linkOf(f)
	rel := f.Relation.Model
	q := rel.DBName
	out := &plan.Rel{Link: plan.Link{Field: f, Parent: l.parent, Child: l.child, M2M: l.m2m}}
	ints := map[string]*int64{}
	for _, k := range []string{"take", "skip"} {
		if v, ok := r.Args[k]; ok {
			n, err := request.AsInt(rel, f.Name+"."+k, v)
			if err != nil {
				return nil, err
			}
			if k == "skip" && n < 0 {
				return nil, perr.Validationf(rel.Name, f.Name+".skip", "expected a non-negative integer, got %d", n)
			}
			ints[k] = &n
		}
	}
	out.Take, out.Skip = ints["take"], ints["skip"]
	where, err := x.where(rel, q, r.Args["where"], f.Name+".where")
	if err != nil {
		return nil, err
	}
	ords, err := request.ParseOrder(rel, r.Args["orderBy"], f.Name+".orderBy")
	if err != nil {
		return nil, err
	}
	// A nested cursor is found among the loaded rows, so _relevance can page.
	if err := x.rankable(rel, ords, false, ""); err != nil {
		return nil, err
	}
	// Included to-many relations come back in primary-key order unless ordered.
	ords = request.WithPK(rel, ords)
	s := &sqltree.Select{From: sqltree.Table{Schema: rel.Schema, Name: q}, Where: where, OrderBy: x.orderByX(q, ords)}
	read := &plan.Read{Model: rel, Select: s}
	var extra []extraCol
	if l.m2m {
		jt := l.table
		s.Joins = []sqltree.Join{{Table: sqltree.Table{Schema: l.schema, Name: jt},
			On: sqltree.Eq(sqltree.Col{Table: jt, Name: l.otherCol}, sqltree.Col{Table: q, Name: l.child[0].DBName})}}
		out.Keys = []sqltree.Expr{sqltree.Col{Table: jt, Name: l.joinCol}}
		extra = []extraCol{{x: out.Keys[0], typ: plan.DriverType(l.parent[0])}}
		read.Fields = fetchFields(r.Sel)
	} else {
		for _, c := range l.child {
			out.Keys = append(out.Keys, sqltree.Col{Table: q, Name: c.DBName})
		}
		read.Fields = fetchFields(r.Sel, l.child...)
	}
	read.Types = columns(s, q, read.Fields, extra)
	// With one parent, a nested take/skip goes into the SQL itself.
	_, hasCursor := r.Args["cursor"]
	_, hasDistinct := r.Args["distinct"]
	if !hasCursor && !hasDistinct && out.Take != nil && *out.Take >= 0 {
		out.Limit = out.Take
		if out.Skip != nil && *out.Skip >= 0 {
			out.Offset = out.Skip
		}
	}
	out.Cursor, _ = r.Args["cursor"].(map[string]any)
	for _, n := range request.AsList(r.Args["distinct"]) {
		if s, ok := n.(string); ok && rel.Field(s) != nil {
			out.Distinct = append(out.Distinct, rel.Field(s))
		}
	}
	out.Read = read
	return out, x.planRelations(read, r.Sel)
}

func (x *planner) planCount(c *request.Count) (*plan.Count, error) {
	f := c.Field
	l := linkOf(f)
	rel := f.Relation.Model
	a := rel.DBName
	where, err := x.where(rel, a, c.Where, "_count.select."+f.Name+".where")
	if err != nil {
		return nil, err
	}
	out := &plan.Count{Link: plan.Link{Field: f, Parent: l.parent, Child: l.child, M2M: l.m2m}}
	s := &sqltree.Select{Where: where}
	if l.m2m {
		s.From = sqltree.Table{Schema: l.schema, Name: l.table}
		out.Keys = []sqltree.Expr{sqltree.Col{Table: l.table, Name: l.joinCol}}
		s.Joins = []sqltree.Join{{Table: sqltree.Table{Schema: rel.Schema, Name: rel.DBName},
			On: sqltree.Eq(sqltree.Col{Table: a, Name: l.child[0].DBName}, sqltree.Col{Table: l.table, Name: l.otherCol})}}
		out.Types = []driver.Type{plan.DriverType(l.parent[0])}
	} else {
		s.From = sqltree.Table{Schema: rel.Schema, Name: rel.DBName}
		for _, cf := range l.child {
			out.Keys = append(out.Keys, sqltree.Col{Table: a, Name: cf.DBName})
			out.Types = append(out.Types, plan.DriverType(cf))
		}
	}
	s.GroupBy = out.Keys
	for _, kc := range out.Keys {
		s.Columns = append(s.Columns, sqltree.SelCol{X: kc})
	}
	s.Columns = append(s.Columns, sqltree.SelCol{X: sqltree.Func{Name: "COUNT", Star: true}})
	out.Types = append(out.Types, driver.TypeBigInt)
	out.Select = s
	return out, nil
}
