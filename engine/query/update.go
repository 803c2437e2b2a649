package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// setClause turns update data into SET terms. Relation fields whose key is on
// m become key assignments (the steps that choose the related row are
// added to w); other relations are returned for nested writes. @updatedAt
// fields not given are set to now.
func (x *planner) setClause(w *plan.Write, m *schema.Model, d *request.Data) ([]sqltree.Assign, []*nestedWrite, error) {
	var set []sqltree.Assign
	var after []*nestedWrite
	given := map[string]bool{}
	inline := map[string]any{}
	for i := range d.Scalars {
		a := &d.Scalars[i]
		given[a.Field.Name] = true
		e, err := x.assignExpr(m, a)
		if err != nil {
			return nil, nil, err
		}
		set = append(set, sqltree.Assign{Col: a.Field.DBName, Value: e})
	}
	for _, r := range d.Relations {
		n, err := x.readNested(m, r.Field, r.Value, r.Path, false)
		if err != nil {
			return nil, nil, err
		}
		if left, err := n.setKeys(w, inline); err != nil {
			return nil, nil, err
		} else if left {
			after = append(after, n)
		}
	}
	for _, f := range m.ScalarFields() {
		if v, ok := inline[f.Name]; ok && !given[f.Name] {
			given[f.Name] = true
			set = append(set, sqltree.Assign{Col: f.DBName, Value: sqltree.Param{V: v}})
		}
	}
	if len(set) > 0 || len(after) > 0 {
		now := x.now()
		for _, f := range m.ScalarFields() {
			if f.UpdatedAt && !given[f.Name] {
				set = append(set, sqltree.Assign{Col: f.DBName, Value: sqltree.Param{V: now}})
			}
		}
	}
	return set, after, nil
}

// assignExpr is the SQL of assignment a: its value bound, or an atomic
// number operation computed in SQL (so concurrent updates do not lose
// increments), or a push onto a scalar list.
func (x *planner) assignExpr(m *schema.Model, a *request.Assign) (sqltree.Expr, error) {
	f := a.Field
	val, err := x.bindable(m, f, a.Path, a.Value)
	if err != nil {
		return nil, err
	}
	col := sqltree.Col{Name: f.DBName}
	prm := sqltree.Param{V: val}
	var e sqltree.Expr
	switch a.Op {
	case request.AssignSet:
		return prm, nil
	case request.AssignPush:
		// COALESCE: pushing onto a list never set starts it.
		return sqltree.Func{Name: "array_cat", Args: []sqltree.Expr{
			sqltree.Func{Name: "COALESCE", Args: []sqltree.Expr{col, sqltree.Raw("'{}'")}}, prm}}, nil
	case request.AssignIncrement:
		e = sqltree.Bin{L: col, Op: "+", R: prm}
	case request.AssignDecrement:
		e = sqltree.Bin{L: col, Op: "-", R: prm}
	case request.AssignMultiply:
		e = sqltree.Bin{L: col, Op: "*", R: prm}
	case request.AssignDivide:
		if f.Type == schema.Int || f.Type == schema.BigInt {
			e = sqltree.IntDiv{L: col, R: prm}
		} else {
			e = sqltree.Bin{L: col, Op: "/", R: prm}
		}
	default:
		return nil, perr.New(perr.Internal, nil, "unknown assignment %q of %s.%s", a.Op, m.Name, f.Name)
	}
	// An overflow is P2020 on every database, never a wrapped,
	// widened or floating-point value.
	switch f.Type {
	case schema.Int:
		return sqltree.Checked{X: e, Bits: 32}, nil
	case schema.BigInt:
		return sqltree.Checked{X: e, Bits: 64}, nil
	}
	return e, nil
}

func (x *planner) updateAction(m *schema.Model, a args) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	if err := checkUniqueWhere(m, a["where"], "where"); err != nil {
		return nil, err
	}
	data, err := request.AsMap(m, "data", a["data"])
	if err != nil {
		return nil, err
	}
	res, err := x.wrote(x.planUpdate(m, a, sel, data))
	return res, err
}

// updateOne plans the update of the row id with data and its nested
// writes into w; it returns the row's (possibly changed) primary key.
func (x *planner) updateOne(w *plan.Write, m *schema.Model, id ident, data map[string]any, path string) (ident, error) {
	d, err := request.ParseUpdate(m, data, path, true)
	if err != nil {
		return nil, err
	}
	set, after, err := x.setClause(w, m, d)
	if err != nil {
		return nil, err
	}
	if len(set) > 0 {
		w.Steps = append(w.Steps, plan.Step{Stmt: &sqltree.Update{Schema: m.Schema, Table: m.DBName, Set: set, Where: pkWhere(m, m.DBName, id)}, Model: m})
		if id, err = x.newKey(m, id, d); err != nil {
			return nil, err
		}
	}
	for _, n := range after {
		if err := n.plan(w, id); err != nil {
			return nil, err
		}
	}
	return id, nil
}

// newKey is the key of the row id after d is written: the key itself
// may be set. A key changed by an atomic operation is not known here
// (nil), as it never was.
func (x *planner) newKey(m *schema.Model, id ident, d *request.Data) (ident, error) {
	changed := false
	for _, f := range m.IDFields() {
		if _, ok := d.Assigned(f.Name); ok {
			changed = true
		}
	}
	if !changed {
		return id, nil
	}
	nid := ident{}
	for _, f := range m.IDFields() {
		a, ok := d.Assigned(f.Name)
		if !ok {
			nid[f.Name] = id[f.Name]
			continue
		}
		if a.Op != request.AssignSet {
			nid[f.Name] = nil
			continue
		}
		v, err := x.bindable(m, f, a.Path, a.Value)
		if err != nil {
			return nil, err
		}
		nid[f.Name] = v
	}
	return nid, nil
}

// updateWhere plans the update of every row matching e with scalar data
// (nothing when the data sets nothing).
func (x *planner) updateWhere(w *plan.Write, m *schema.Model, e sqltree.Expr, data map[string]any, path string) error {
	d, err := request.ParseUpdate(m, data, path, false)
	if err != nil {
		return err
	}
	set, _, err := x.setClause(w, m, d)
	if err != nil || len(set) == 0 {
		return err
	}
	w.Steps = append(w.Steps, plan.Step{Stmt: &sqltree.Update{Schema: m.Schema, Table: m.DBName, Set: set, Where: e}, Model: m})
	return nil
}

func (x *planner) updateMany(m *schema.Model, a args, andReturn bool) (any, error) {
	res, err := x.wrote(x.planUpdateMany(m, a, andReturn))
	return res, err
}

func (x *planner) upsertAction(m *schema.Model, a args) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	if err := checkUniqueWhere(m, a["where"], "where"); err != nil {
		return nil, err
	}
	create, err := request.AsMap(m, "create", a["create"])
	if err != nil {
		return nil, err
	}
	update, err := request.AsMap(m, "update", a["update"])
	if err != nil {
		return nil, err
	}
	res, err := x.wrote(x.planUpsert(m, a, sel, create, update))
	return res, err
}

func (x *planner) deleteAction(m *schema.Model, a args) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	if err := checkUniqueWhere(m, a["where"], "where"); err != nil {
		return nil, err
	}
	res, err := x.wrote(x.planDelete(m, a, sel))
	return res, err
}

func (x *planner) deleteManyAction(m *schema.Model, a args) (any, error) {
	res, err := x.wrote(x.planDeleteMany(m, a))
	return res, err
}
