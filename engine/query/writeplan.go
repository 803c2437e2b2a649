package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Every write is planned whole (plan.Write), then run by engine/exec:
// create, update, delete and upsert of one row, with their nested writes
// (nestedops.go), createMany, updateMany and deleteMany (with limit), and
// updateManyAndReturn / createManyAndReturn.
//
// The values a write makes as it runs (the clock, generated ids) are
// plan.Slots in its plan (x.mint).

// canReturn: the dialect has RETURNING and the request reads no relation,
// so a one-row write is one statement that returns the row (no
// transaction, no re-read), as Prisma does.
func (x *planner) canReturn(sel *request.Selection) bool {
	return x.d.Supports(sqltree.Returning) && len(sel.Rels) == 0 && len(sel.Counts) == 0
}

// scalarOnly: data writes no relation (no nested write).
func scalarOnly(m *schema.Model, data map[string]any) bool {
	for k := range data {
		if f := m.Field(k); f == nil || f.Kind == schema.RelationField {
			return false
		}
	}
	return true
}

// wrote answers a planned write: its plan when explaining, else its result.
func (x *planner) wrote(w *plan.Write, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	if x.planOnly {
		return w, nil
	}
	if x.wfill != nil {
		x.keepWrite(w.Model, w)
	}
	return x.run.Write(w)
}

// planCreate plans a create: one INSERT … RETURNING where the dialect has
// it, nothing is read through relations and nothing is written through
// them, else the INSERT with its nested writes and the row read back.
func (x *planner) planCreate(m *schema.Model, sel *request.Selection, data map[string]any) (*plan.Write, error) {
	if x.canReturn(sel) && scalarOnly(m, data) {
		vals, err := x.createVals(m, data, "data")
		if err != nil {
			return nil, err
		}
		w := &plan.Write{Model: m, Keep: keepOf(sel)}
		w.Steps = []plan.Step{returningStep(m, insertOf(m, vals), sel, missingRecord(m, "The created record was not returned."))}
		return w, nil
	}
	w := &plan.Write{Model: m, Atomic: true}
	id, err := x.createOne(w, m, data, nil, "data")
	if err != nil {
		return nil, err
	}
	return w, x.readBack(w, m, id, sel)
}

// createVals are the values of a create's scalar data at path, defaults
// filled (field name -> bound value).
func (x *planner) createVals(m *schema.Model, data map[string]any, path string) (map[string]any, error) {
	d, err := request.ParseCreate(m, data, path)
	if err != nil {
		return nil, err
	}
	vals, err := x.boundVals(m, d)
	if err != nil {
		return nil, err
	}
	if err := x.fillDefaults(m, vals, path, x.now()); err != nil {
		return nil, err
	}
	return vals, nil
}

// insertOf is the INSERT of one row of vals (field name -> bound value).
func insertOf(m *schema.Model, vals map[string]any) *sqltree.Insert {
	ins := &sqltree.Insert{Schema: m.Schema, Table: m.DBName}
	var r []sqltree.Expr
	for _, f := range m.ScalarFields() {
		if v, ok := vals[f.Name]; ok {
			ins.Columns = append(ins.Columns, f.DBName)
			r = append(r, sqltree.Param{V: v})
		}
	}
	ins.Rows = [][]sqltree.Expr{r}
	return ins
}

// returningStep is s with RETURNING the selection's columns (the key when
// it selects none), answering the write; missing is its error when no row
// comes back.
func returningStep(m *schema.Model, s sqltree.Stmt, sel *request.Selection, missing func() error) plan.Step {
	fields := fetchFields(sel)
	if len(fields) == 0 {
		fields = m.IDFields()
	}
	cols, types := returningCols(fields)
	setReturning(s, cols)
	return plan.Step{Stmt: s, Fields: fields, Types: types, Missing: missing, Reply: true}
}

func returningCols(fields []*schema.Field) ([]string, []driver.Type) {
	cols := make([]string, len(fields))
	types := make([]driver.Type, len(fields))
	for i, f := range fields {
		cols[i], types[i] = f.DBName, plan.DriverType(f)
	}
	return cols, types
}

func setReturning(s sqltree.Stmt, cols []string) {
	switch t := s.(type) {
	case *sqltree.Insert:
		t.Returning = cols
	case *sqltree.Update:
		t.Returning = cols
	case *sqltree.Delete:
		t.Returning = cols
	}
}

// insertKey adds ins to w and returns the new row's key: read back with
// RETURNING where the dialect has it, else the values written, the id the
// database gave an autoincrement key, or the key read by a unique
// constraint whose values were written (a key the database generates).
func (x *planner) insertKey(w *plan.Write, m *schema.Model, ins *sqltree.Insert, vals map[string]any) (ident, error) {
	n := x.tag()
	refs := identOf(m, fieldRefs(m, m.IDFields(), n))
	if x.d.Supports(sqltree.Returning) {
		cols, types := returningCols(m.IDFields())
		ins.Returning = cols
		w.Steps = append(w.Steps, plan.Step{Stmt: ins, Model: m, Fields: m.IDFields(), Types: types, N: n,
			Missing: func() error { return perr.New(perr.Internal, nil, "INSERT into %s returned no row", m.Name) }})
		return refs, nil
	}
	step := plan.Step{Stmt: ins, Model: m}
	id := ident{}
	for _, f := range m.IDFields() {
		switch v, ok := vals[f.Name]; {
		case ok:
			id[f.Name] = v
		case f.Default != nil && f.Default.Kind == schema.DefaultAutoincrement:
			ref := refs[f.Name].(plan.Ref)
			step.InsertID, id[f.Name] = &ref, ref
		default:
			// A key the database generated (dbgenerated): read it by a
			// unique constraint whose values were written.
			w.Steps = append(w.Steps, step)
			and := uniqueWritten(m, vals)
			if and == nil {
				return nil, noKey(m)
			}
			s, types := rowSelect(m, and, m.IDFields())
			w.Steps = append(w.Steps, plan.Step{Stmt: s, Model: m, Fields: m.IDFields(), Types: types, N: n, Missing: func() error { return noKey(m) }})
			return refs, nil
		}
	}
	w.Steps = append(w.Steps, step)
	return id, nil
}

// uniqueWritten matches the row written with vals by the first unique
// constraint all of whose values were written (non-null); nil when none.
func uniqueWritten(m *schema.Model, vals map[string]any) sqltree.Expr {
	for _, u := range m.Uniques {
		var and sqltree.And
		for _, n := range u.Fields {
			v, ok := vals[n]
			if !ok || v == nil {
				and = nil
				break
			}
			and = append(and, sqltree.Eq(sqltree.Col{Table: m.DBName, Name: m.Field(n).DBName}, sqltree.Param{V: v}))
		}
		if and != nil {
			return and
		}
	}
	return nil
}

func noKey(m *schema.Model) error {
	return perr.New(perr.Internal, map[string]any{"modelName": m.Name},
		"cannot read back the new %s row: its key is generated by the database and no unique field was written", m.Name)
}

// missingRecord is a step's Missing: P2025 with cause.
func missingRecord(m *schema.Model, cause string) func() error {
	return func() error { return notFound(m, cause) }
}

// readBack adds the read of the row id in the request's shape as w's answer.
func (x *planner) readBack(w *plan.Write, m *schema.Model, id ident, sel *request.Selection) error {
	p, err := x.planRead(m, args{"_whereExpr": pkWhere(m, m.DBName, id), "take": int64(1), "_noImplicitOrder": true}, sel, "")
	if err != nil {
		return err
	}
	w.Steps = append(w.Steps, plan.Step{Read: p, Reply: true,
		Missing: missingRecord(m, "Record to read back after the write was not found.")})
	return nil
}

// keyOfUnique adds the read of the key of the row a unique where names;
// missing is the error when there is none (without one, the step's ID is
// returned for a Branch).
func (x *planner) keyOfUnique(w *plan.Write, m *schema.Model, where sqltree.Expr, missing func() error) (ident, int) {
	vals, found := x.readRow(w, m, where, m.IDFields(), missing)
	return identOf(m, vals), found
}

// planUpdate plans an update of one row: one UPDATE … RETURNING where it
// can, else the key read, the UPDATE by key with its nested writes, and
// the row read back (by its new key when the data sets it).
func (x *planner) planUpdate(m *schema.Model, a args, sel *request.Selection, data map[string]any) (*plan.Write, error) {
	missing := missingRecord(m, "Record to update not found.")
	if x.canReturn(sel) && scalarOnly(m, data) {
		// This form reads the data first, the other the where (as they
		// always have: the first error found is the one answered).
		d, err := request.ParseUpdate(m, data, "data", false)
		if err != nil {
			return nil, err
		}
		w := &plan.Write{Model: m, Keep: keepOf(sel)}
		set, _, err := x.setClause(w, m, d)
		if err != nil {
			return nil, err
		}
		if len(set) > 0 {
			where, err := x.where(m, m.DBName, a["where"], "where")
			if err != nil {
				return nil, err
			}
			upd := &sqltree.Update{Schema: m.Schema, Table: m.DBName, Set: set, Where: where}
			w.Steps = []plan.Step{returningStep(m, upd, sel, missing)}
			return w, nil
		}
	}
	where, err := x.where(m, m.DBName, a["where"], "where")
	if err != nil {
		return nil, err
	}
	w := &plan.Write{Model: m, Atomic: true}
	id, _ := x.keyOfUnique(w, m, where, missing)
	if id, err = x.updateOne(w, m, id, data, "data"); err != nil {
		return nil, err
	}
	return w, x.readBack(w, m, id, sel)
}

// planUpsert plans an upsert: the key of the row the unique where names,
// then, when there is one, its UPDATE and the row read back by its (new)
// key, else the INSERT and the new row read back, each with its nested
// writes. Both sides are planned (and their data checked) before anything
// runs.
func (x *planner) planUpsert(m *schema.Model, a args, sel *request.Selection, create, update map[string]any) (*plan.Write, error) {
	where, err := x.where(m, m.DBName, a["where"], "where")
	if err != nil {
		return nil, err
	}
	w := &plan.Write{Model: m, Atomic: true}
	id, found := x.keyOfUnique(w, m, where, nil)
	br := &plan.Branch{Found: found}

	then := &plan.Write{Model: m}
	if id, err = x.updateOne(then, m, id, update, "update"); err != nil {
		return nil, err
	}
	if err := x.readBack(then, m, id, sel); err != nil {
		return nil, err
	}

	els := &plan.Write{Model: m}
	nid, err := x.createOne(els, m, create, nil, "create")
	if err != nil {
		return nil, err
	}
	if err := x.readBack(els, m, nid, sel); err != nil {
		return nil, err
	}
	br.Then, br.Else = then.Steps, els.Steps
	w.Steps = append(w.Steps, plan.Step{Branch: br})
	return w, nil
}

// planDelete plans a delete of one row: one DELETE … RETURNING where it
// can, else the key read, the row read in the request's shape, and the
// DELETE by key.
func (x *planner) planDelete(m *schema.Model, a args, sel *request.Selection) (*plan.Write, error) {
	where, err := x.where(m, m.DBName, a["where"], "where")
	if err != nil {
		return nil, err
	}
	missing := missingRecord(m, "Record to delete does not exist.")
	if x.canReturn(sel) {
		w := &plan.Write{Model: m, Keep: keepOf(sel)}
		w.Steps = []plan.Step{returningStep(m, &sqltree.Delete{Schema: m.Schema, Table: m.DBName, Where: where}, sel, missing)}
		return w, nil
	}
	w := &plan.Write{Model: m, Atomic: true}
	id, _ := x.keyOfUnique(w, m, where, missing)
	if err := x.readBack(w, m, id, sel); err != nil {
		return nil, err
	}
	w.Steps = append(w.Steps, plan.Step{Stmt: &sqltree.Delete{Schema: m.Schema, Table: m.DBName, Where: pkWhere(m, m.DBName, id)}})
	return w, nil
}
