package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
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

// relationFilter builds some/every/none (to-many), is/isNot and the
// shorthand (to-one) relation filters as EXISTS subqueries.
func (x *planner) relationFilter(m *schema.Model, q string, f *schema.Field, val any, path string) (sqltree.Expr, error) {
	rel := f.Relation.Model
	sub := func(w any, p string, every bool) (*sqltree.Select, error) {
		return x.relatedSelect(q, f, func(a string) (sqltree.Expr, error) {
			e, err := x.where(rel, a, w, p)
			if err != nil || !every {
				return e, err
			}
			// A related row violates `every` unless the filter is true for it.
			return sqltree.NotTrue{X: e}, nil
		})
	}
	if f.List {
		mp, err := request.AsMap(m, path, val)
		if err != nil {
			return nil, err
		}
		var and sqltree.And
		for _, k := range request.SortedKeys(mp) {
			op := request.Canon(k)
			p := request.JoinPath(path, k)
			var s *sqltree.Select
			switch op {
			case "some", "none":
				s, err = sub(mp[k], p, false)
			case "every":
				s, err = sub(mp[k], p, true)
			default:
				return nil, perr.Validationf(m.Name, p, "unknown to-many relation filter `%s`; expected some, every or none", k)
			}
			if err != nil {
				return nil, err
			}
			and = append(and, sqltree.Exists{Q: s, Not: op != "some"})
		}
		if len(and) == 1 {
			return and[0], nil
		}
		return and, nil
	}
	// To-one.
	if val == nil {
		return x.toOneNull(q, f, false)
	}
	mp, err := request.AsMap(m, path, val)
	if err != nil {
		return nil, err
	}
	isOps := len(mp) > 0
	for k := range mp {
		if c := request.Canon(k); c != "is" && c != "isNot" {
			isOps = false
		}
	}
	if !isOps {
		s, err := sub(mp, path, false)
		if err != nil {
			return nil, err
		}
		return sqltree.Exists{Q: s}, nil
	}
	var and sqltree.And
	for _, k := range request.SortedKeys(mp) {
		not := request.Canon(k) == "isNot"
		p := request.JoinPath(path, k)
		if mp[k] == nil {
			e, err := x.toOneNull(q, f, not)
			if err != nil {
				return nil, err
			}
			and = append(and, e)
			continue
		}
		s, err := sub(mp[k], p, false)
		if err != nil {
			return nil, err
		}
		and = append(and, sqltree.Exists{Q: s, Not: not})
	}
	if len(and) == 1 {
		return and[0], nil
	}
	return and, nil
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
