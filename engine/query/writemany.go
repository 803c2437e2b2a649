package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The writes of many rows, planned (plan.Write) as their one-row
// counterparts in writeplan.go are.

// planUpdateMany plans updateMany: one UPDATE answering the rows it
// changed, or, with nothing to set, the COUNT of the rows that match (as
// Prisma answers). With `limit` the keys of the first rows in key order are
// read first and the statement matches those (in one transaction).
// updateManyAndReturn reads the keys of the matching rows, updates them and
// reads them back in key order: the same rows are returned even when the
// update changes what the filter looks at.
func (x *planner) planUpdateMany(m *schema.Model, a args, andReturn bool) (*plan.Write, error) {
	where, err := x.where(m, m.DBName, a["where"], "where")
	if err != nil {
		return nil, err
	}
	data, err := request.AsMap(m, "data", a["data"])
	if err != nil {
		return nil, err
	}
	var sel *request.Selection
	if andReturn {
		if sel, err = request.ParseSelection(m, a["select"], a["include"], a["omit"], ""); err != nil {
			return nil, err
		}
	}
	limit, err := limitOf(m, a)
	if err != nil {
		return nil, err
	}
	d, err := request.ParseUpdate(m, data, "data", false)
	if err != nil {
		return nil, err
	}
	w := &plan.Write{Model: m, Result: plan.ResultCount}
	set, _, err := x.setClause(w, m, d)
	if err != nil {
		return nil, err
	}
	stmt := func(e sqltree.Expr) plan.Step {
		if len(set) == 0 {
			return plan.Step{Stmt: countWhere(m, e), Types: countTypes, Reply: !andReturn}
		}
		return plan.Step{Stmt: &sqltree.Update{Schema: m.Schema, Table: m.DBName, Set: set, Where: e}, Reply: !andReturn}
	}
	if limit == nil && !andReturn {
		w.Steps = []plan.Step{stmt(where)}
		return w, nil
	}
	w.Atomic = true
	keys := x.keysStep(w, m, where, limit)
	if andReturn {
		w.Result = plan.ResultRows
		if len(set) > 0 {
			up := stmt(nil)
			up.Keys = keys
			w.Steps = append(w.Steps, up)
		}
		p, err := x.planRead(m, args{}, sel, "")
		if err != nil {
			return nil, err
		}
		p.Select.OrderBy = orderBy(m.DBName, request.WithPK(m, nil))
		w.Steps = append(w.Steps, plan.Step{Read: p, Keys: keys, Reply: true})
		return w, nil
	}
	up := stmt(nil)
	up.Keys = keys
	w.Steps = append(w.Steps, up)
	return w, nil
}

// limitOf reads updateMany/deleteMany's `limit` (nil without one).
func limitOf(m *schema.Model, a args) (*int64, error) {
	v, ok := a["limit"]
	if !ok {
		return nil, nil
	}
	n, err := request.AsInt(m, "limit", v)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, perr.Validationf(m.Name, "limit", "expected a non-negative integer, got %d", n)
	}
	return &n, nil
}

// keysStep adds the read of the keys of the rows matching where, in key
// order, the first limit of them when limit is set; later steps match
// those rows through the Keys returned.
func (x *planner) keysStep(w *plan.Write, m *schema.Model, where sqltree.Expr, limit *int64) *plan.Keys {
	s := &sqltree.Select{From: sqltree.Table{Schema: m.Schema, Name: m.DBName}, Where: where,
		OrderBy: orderBy(m.DBName, request.WithPK(m, nil)), Limit: limit}
	types := columns(s, m.DBName, m.IDFields(), nil)
	n := x.tag()
	w.Steps = append(w.Steps, plan.Step{Stmt: s, Fields: m.IDFields(), Types: types, N: n, ID: n})
	keys := &plan.Keys{Step: n}
	for _, f := range m.IDFields() {
		keys.Cols = append(keys.Cols, sqltree.Col{Table: m.DBName, Name: f.DBName})
	}
	return keys
}

// countWhere counts the rows of m matching e.
func countWhere(m *schema.Model, e sqltree.Expr) *sqltree.Select {
	return &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Func{Name: "COUNT", Star: true}}},
		From: sqltree.Table{Schema: m.Schema, Name: m.DBName}, Where: e}
}

// planDeleteMany plans deleteMany: one DELETE; with `limit`, of the first
// rows in key order, whose keys are read first (in one transaction).
func (x *planner) planDeleteMany(m *schema.Model, a args) (*plan.Write, error) {
	where, err := x.where(m, m.DBName, a["where"], "where")
	if err != nil {
		return nil, err
	}
	limit, err := limitOf(m, a)
	if err != nil {
		return nil, err
	}
	w := &plan.Write{Model: m, Result: plan.ResultCount}
	del := plan.Step{Stmt: &sqltree.Delete{Schema: m.Schema, Table: m.DBName, Where: where}, Reply: true}
	if limit != nil {
		w.Atomic = true
		del.Stmt = &sqltree.Delete{Schema: m.Schema, Table: m.DBName}
		del.Keys = x.keysStep(w, m, where, limit)
	}
	w.Steps = append(w.Steps, del)
	return w, nil
}

// createMany plans and runs createMany and createManyAndReturn.
func (x *planner) createMany(m *schema.Model, a args, andReturn bool) (any, error) {
	var sel *request.Selection
	if andReturn {
		if !x.d.Supports(sqltree.Returning) {
			return nil, perr.Validationf(m.Name, "", "createManyAndReturn is not supported on %s (no RETURNING)", x.d.Provider())
		}
		var err error
		if sel, err = request.ParseSelection(m, a["select"], a["include"], a["omit"], ""); err != nil {
			return nil, err
		}
	}
	skip := false
	if v, ok := a["skipDuplicates"]; ok {
		b, err := request.AsBool(m, "skipDuplicates", v)
		if err != nil {
			return nil, err
		}
		skip = b
	}
	res, err := x.wrote(x.planCreateMany(m, a, sel, skip, andReturn))
	return res, err
}

// planCreateMany plans createMany: one INSERT per column set and chunk
// under the dialect's parameter limit, in one transaction when there are
// several. createManyAndReturn has each INSERT return the selected columns
// (it is refused where the dialect has no RETURNING); when it reads
// relations, each row is inserted and read back in the request's shape.
func (x *planner) planCreateMany(m *schema.Model, a args, sel *request.Selection, skip, andReturn bool) (*plan.Write, error) {
	groups, err := x.insertGroups(m, request.AsList(a["data"]), nil, "data")
	if err != nil {
		return nil, err
	}
	w := &plan.Write{Model: m, Result: plan.ResultCount}
	switch {
	case !andReturn:
		x.insertSteps(w, m, groups, skip, nil)
	case x.canReturn(sel):
		w.Result, w.Keep, w.Atomic = plan.ResultRows, keepOf(sel), true
		x.insertSteps(w, m, groups, skip, sel)
	default:
		w.Result, w.Atomic = plan.ResultRows, true
		// Row by row: a row skipped as a duplicate returns no key, and is
		// not read back.
		cols, types := returningCols(m.IDFields())
		for _, g := range groups {
			for i := range g.rows {
				ins := g.chunk(m, i, i+1, skip)
				ins.Returning = cols
				n := x.tag()
				w.Steps = append(w.Steps, plan.Step{Stmt: ins, Model: m, Fields: m.IDFields(), Types: types, N: n, ID: n})
				then := &plan.Write{Model: m}
				if err := x.readBack(then, m, identOf(m, fieldRefs(m, m.IDFields(), n)), sel); err != nil {
					return nil, err
				}
				w.Steps = append(w.Steps, plan.Step{Branch: &plan.Branch{Found: n, Then: then.Steps}})
			}
		}
	}
	w.Atomic = w.Atomic || len(w.Steps) > 1
	return w, nil
}
