package query

import (
	"errors"

	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The relation-join load strategy (Prisma's relationLoadStrategy: "join"):
// a read and all its included relations and relation counts in ONE
// statement, each relation a correlated subquery that builds JSON
// (sqltree.JSONRows), decoded back with the schema's field types
// (engine/exec/join.go). The default strategy, "query", runs one statement per
// relation (relplan.go).
//
// What one statement cannot express falls back to "query" for the whole
// read, as the results must not differ: a nested cursor or distinct (Prisma
// pages those in memory too), a negative nested take (read backwards), and
// a related object of more than maxJSONMembers members.

// maxJSONMembers: PostgreSQL functions take at most 100 arguments
// (FUNC_MAX_ARGS), and json_build_object takes two per member.
const maxJSONMembers = 50

// errNoJoin says that a read cannot be one statement: plan it by queries.
var errNoJoin = errors.New("relation load strategy: falls back to query")

// planJoin makes p (planned by planWhere, with Fields and Types) read sel's
// relations and counts in its own statement; errNoJoin when it cannot.
func (x *planner) planJoin(p *plan.Read, sel *request.Selection) error {
	q := p.Model.DBName
	j, cols, err := x.joinLevel(q, sel)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if i < len(j.Rels) {
			if x.d.Supports(sqltree.LateralJoin) {
				// As Prisma does on PostgreSQL: each relation a LATERAL
				// derived table of the root rows, its JSON a column of it.
				a := x.alias()
				p.Select.Joins = append(p.Select.Joins, sqltree.Join{Table: sqltree.Table{Alias: a},
					Lateral: c, LateralCol: "__d", On: sqltree.Bool(true)})
				c = sqltree.Col{Table: a, Name: "__d"}
			}
			p.Types = append(p.Types, driver.TypeJSON)
		} else {
			p.Types = append(p.Types, driver.TypeBigInt)
		}
		p.Select.Columns = append(p.Select.Columns, sqltree.SelCol{X: c})
	}
	p.Keep = keepOf(sel)
	p.Join = j
	return nil
}

// joinLevel builds, for the rows of alias q, one JSONRows per relation of
// sel and one count subquery per relation count, in that order.
func (x *planner) joinLevel(q string, sel *request.Selection) (*plan.Join, []sqltree.Expr, error) {
	j := &plan.Join{}
	var cols []sqltree.Expr
	for _, r := range sel.Rels {
		jr, e, err := x.joinRel(q, r)
		if err != nil {
			return nil, nil, err
		}
		j.Rels = append(j.Rels, jr)
		cols = append(cols, e)
	}
	for _, c := range sel.Counts {
		e, err := x.joinCount(q, c)
		if err != nil {
			return nil, nil, err
		}
		j.Counts = append(j.Counts, c.Field)
		cols = append(cols, e)
	}
	return j, cols, nil
}

func (x *planner) joinRel(q string, r *request.Rel) (*plan.JoinRel, sqltree.Expr, error) {
	f := r.Field
	rel := f.Relation.Model
	if _, ok := r.Args["cursor"]; ok {
		return nil, nil, errNoJoin
	}
	if _, ok := r.Args["distinct"]; ok {
		return nil, nil, errNoJoin
	}
	var a string
	s, err := x.relatedSelect(q, f, func(alias string) (sqltree.Expr, error) {
		a = alias
		return x.where(rel, alias, r.Args["where"], f.Name+".where")
	})
	if err != nil {
		return nil, nil, err
	}
	if f.List {
		for _, k := range []string{"take", "skip"} {
			v, ok := r.Args[k]
			if !ok {
				continue
			}
			n, err := request.AsInt(rel, f.Name+"."+k, v)
			if err != nil {
				return nil, nil, err
			}
			if n < 0 {
				if k == "skip" {
					return nil, nil, perr.Validationf(rel.Name, f.Name+".skip", "expected a non-negative integer, got %d", n)
				}
				return nil, nil, errNoJoin
			}
			if k == "take" {
				s.Limit = &n
			} else {
				s.Offset = &n
			}
		}
		ords, err := request.ParseOrder(rel, r.Args["orderBy"], f.Name+".orderBy")
		if err != nil {
			return nil, nil, err
		}
		if err := x.rankable(rel, ords, false, ""); err != nil {
			return nil, nil, err
		}
		// Included to-many relations come back in primary-key order unless
		// ordered, as with the query strategy.
		s.OrderBy = x.orderByX(a, request.WithPK(rel, ords))
	}
	sub, cols, err := x.joinLevel(a, r.Sel)
	if err != nil {
		return nil, nil, err
	}
	jr := &plan.JoinRel{Field: f, Fields: r.Sel.Scalars, Join: *sub}
	var obj sqltree.JSONObject
	for _, sf := range r.Sel.Scalars {
		obj = append(obj, sqltree.JSONMember{Key: sf.Name, X: sqltree.Col{Table: a, Name: sf.DBName}, Enc: jsonEnc(sf)})
	}
	for i, c := range cols {
		if i < len(sub.Rels) {
			obj = append(obj, sqltree.JSONMember{Key: sub.Rels[i].Field.Name, X: c, Enc: sqltree.JSONNested})
		}
	}
	if len(sub.Counts) > 0 {
		var counts sqltree.JSONObject
		for i, cf := range sub.Counts {
			counts = append(counts, sqltree.JSONMember{Key: cf.Name, X: cols[len(sub.Rels)+i]})
		}
		if len(counts) > maxJSONMembers {
			return nil, nil, errNoJoin
		}
		obj = append(obj, sqltree.JSONMember{Key: "_count", X: counts, Enc: sqltree.JSONNested})
	}
	if len(obj) > maxJSONMembers {
		return nil, nil, errNoJoin
	}
	if len(obj) == 0 {
		// An empty selection still tells a related row from none.
		obj = sqltree.JSONObject{{Key: "_", X: sqltree.Raw("1")}}
	}
	return jr, sqltree.JSONRows{Q: s, Obj: obj, List: f.List}, nil
}

// joinCount is the number of rows of c's relation linked to the row of q.
func (x *planner) joinCount(q string, c *request.Count) (sqltree.Expr, error) {
	rel := c.Field.Relation.Model
	s, err := x.relatedSelect(q, c.Field, func(alias string) (sqltree.Expr, error) {
		return x.where(rel, alias, c.Where, "_count.select."+c.Field.Name+".where")
	})
	if err != nil {
		return nil, err
	}
	s.Columns = []sqltree.SelCol{{X: sqltree.Func{Name: "COUNT", Star: true}}}
	return sqltree.Sub{Q: s}, nil
}

// jsonEnc is how a field's value goes into JSON so that it reads back
// exactly (jsonValue).
func jsonEnc(f *schema.Field) sqltree.JSONEnc {
	if f.ScalarList() {
		return sqltree.JSONAsIs
	}
	switch plan.DriverType(f) {
	case driver.TypeBytes:
		return sqltree.JSONHex
	case driver.TypeJSON:
		return sqltree.JSONText
	}
	return sqltree.JSONAsIs
}
