package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// link says how the rows of a relation field's model connect to the
// related rows: equal parent and child key columns, or (implicit m-n) a join
// table row pointing at both.
type link struct {
	parent   []*schema.Field // key fields on the field's own model
	child    []*schema.Field // key fields on the related model
	m2m      bool
	table    string // join table (m-n)
	schema   string // its database schema (multi-schema PostgreSQL), else ""
	joinCol  string // join-table column pointing at the parent
	otherCol string // join-table column pointing at the child
}

func linkOf(f *schema.Field) link {
	r := f.Relation
	owner, rel := f.Model, r.Model
	switch {
	case r.Kind == schema.ManyToMany:
		return link{parent: owner.IDFields(), child: rel.IDFields(), m2m: true,
			table: r.JoinTable, schema: r.JoinSchema, joinCol: r.JoinColumn, otherCol: r.OtherColumn}
	case r.HoldsFK():
		return link{parent: fieldsOf(owner, r.Fields), child: fieldsOf(rel, r.References)}
	default:
		b := r.Back.Relation
		return link{parent: fieldsOf(owner, b.References), child: fieldsOf(rel, b.Fields)}
	}
}

func fieldsOf(m *schema.Model, names []string) []*schema.Field {
	out := make([]*schema.Field, len(names))
	for i, n := range names {
		out[i] = m.Field(n)
	}
	return out
}

// relatedExists builds `EXISTS (SELECT 1 FROM related WHERE <linked to q> AND cond)`
// where cond is made by fn from the related model's alias.
func (x *planner) relatedSelect(q string, f *schema.Field, fn func(alias string) (sqltree.Expr, error)) (*sqltree.Select, error) {
	l := linkOf(f)
	rel := f.Relation.Model
	a := x.alias()
	s := &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Raw("1")}}}
	var conds sqltree.And
	if l.m2m {
		j := x.alias()
		s.From = sqltree.Table{Schema: l.schema, Name: l.table, Alias: j}
		s.Joins = []sqltree.Join{{Table: sqltree.Table{Schema: rel.Schema, Name: rel.DBName, Alias: a},
			On: sqltree.Eq(sqltree.Col{Table: a, Name: l.child[0].DBName}, sqltree.Col{Table: j, Name: l.otherCol})}}
		conds = append(conds, sqltree.Eq(sqltree.Col{Table: j, Name: l.joinCol}, sqltree.Col{Table: q, Name: l.parent[0].DBName}))
	} else {
		s.From = sqltree.Table{Schema: rel.Schema, Name: rel.DBName, Alias: a}
		for i := range l.parent {
			conds = append(conds, sqltree.Eq(sqltree.Col{Table: a, Name: l.child[i].DBName}, sqltree.Col{Table: q, Name: l.parent[i].DBName}))
		}
	}
	if fn != nil {
		c, err := fn(a)
		if err != nil {
			return nil, err
		}
		if and, ok := c.(sqltree.And); !ok || len(and) > 0 {
			conds = append(conds, c)
		}
	}
	s.Where = conds
	return s, nil
}

// renderRelation is a relation filter on the table or alias q:
// some/every/none (to-many) and is/isNot (to-one) as EXISTS subqueries.
func (x *planner) renderRelation(q string, r *request.Relation) (sqltree.Expr, error) {
	var and sqltree.And
	for _, t := range r.Ops {
		if t.Where == nil {
			e, err := x.toOneNull(q, r.Field, t.Op == request.IsNot)
			if err != nil {
				return nil, err
			}
			and = append(and, e)
			continue
		}
		s, err := x.relatedSelect(q, r.Field, func(a string) (sqltree.Expr, error) {
			e, err := x.renderWhere(a, t.Where)
			if err != nil || t.Op != request.Every {
				return e, err
			}
			// A related row violates `every` unless the filter is true for it.
			return sqltree.NotTrue{X: e}, nil
		})
		if err != nil {
			return nil, err
		}
		and = append(and, sqltree.Exists{Q: s, Not: t.Op == request.Every || t.Op == request.None || t.Op == request.IsNot})
	}
	return one(and), nil
}

// toOneNull is "the relation is absent" (or present, when not).
func (x *planner) toOneNull(q string, f *schema.Field, not bool) (sqltree.Expr, error) {
	if f.Relation.HoldsFK() {
		var and sqltree.And
		for _, fn := range f.Relation.Fields {
			and = append(and, sqltree.IsNull{X: sqltree.Col{Table: q, Name: f.Model.Field(fn).DBName}, Not: not})
		}
		if len(and) == 1 {
			return and[0], nil
		}
		return and, nil
	}
	s, err := x.relatedSelect(q, f, nil)
	if err != nil {
		return nil, err
	}
	return sqltree.Exists{Q: s, Not: !not}, nil
}
