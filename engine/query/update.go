package query

import (
	"math/big"

	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

var atomicOps = []string{"set", "increment", "decrement", "multiply", "divide"}

// setClause turns update data into SET terms. Relation fields whose key is on
// m become key assignments; other relations are returned for nested writes.
// @updatedAt fields not given are set to now.
func (x *planner) setClause(m *schema.Model, data map[string]any, path string, allowRelations bool) ([]sqltree.Assign, []*nestedWrite, error) {
	var set []sqltree.Assign
	var after []*nestedWrite
	given := map[string]bool{}
	inline := map[string]any{}
	for _, k := range request.SortedKeys(data) {
		f := m.Field(k)
		p := request.JoinPath(path, k)
		if f == nil {
			return nil, nil, perr.UnknownField(m.Name, p, k, request.FieldNames(m))
		}
		if f.Kind == schema.RelationField {
			if !allowRelations {
				return nil, nil, perr.Validationf(m.Name, p, "relation `%s` cannot be written here; only scalar fields", k)
			}
			n, err := x.readNested(m, f, data[k], p, false)
			if err != nil {
				return nil, nil, err
			}
			if left, err := n.setKeys(inline); err != nil {
				return nil, nil, err
			} else if left {
				after = append(after, n)
			}
			continue
		}
		given[f.Name] = true
		e, err := x.assignValue(m, f, data[k], p)
		if err != nil {
			return nil, nil, err
		}
		set = append(set, sqltree.Assign{Col: f.DBName, Value: e})
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

// assignValue is a plain value, {'set': v}, or an atomic number operation
// computed in SQL (so concurrent updates do not lose increments).
func (x *planner) assignValue(m *schema.Model, f *schema.Field, v any, path string) (sqltree.Expr, error) {
	if f.ScalarList() {
		return x.listAssign(m, f, v, path)
	}
	ops, isMap := v.(map[string]any)
	if !isMap || f.Type == schema.Json {
		val, err := x.scalarValue(m, f, v, path)
		if err != nil {
			return nil, err
		}
		return sqltree.Param{V: val}, nil
	}
	if len(ops) != 1 {
		return nil, perr.Validationf(m.Name, path, "expected exactly one of %v, got %d operations", atomicOps, len(ops))
	}
	for op, arg := range ops {
		p := request.JoinPath(path, op)
		if op == "set" {
			val, err := x.scalarValue(m, f, arg, p)
			if err != nil {
				return nil, err
			}
			return sqltree.Param{V: val}, nil
		}
		if !request.Contains(atomicOps, op) {
			return nil, perr.Validationf(m.Name, p, "unknown update operation `%s`; expected one of %v", op, atomicOps)
		}
		switch f.Type {
		case schema.Int, schema.BigInt, schema.Float, schema.Decimal:
		default:
			return nil, perr.Validationf(m.Name, p, "`%s` needs a numeric field; `%s` is %s", op, f.Name, f.TypeName)
		}
		if f.Kind == schema.EnumField {
			return nil, perr.Validationf(m.Name, p, "`%s` needs a numeric field", op)
		}
		if arg == nil {
			return nil, perr.Validationf(m.Name, p, "expected a number, got null")
		}
		val, err := x.coerce(m, f, p, arg)
		if err != nil {
			return nil, err
		}
		if op == "divide" && isZero(val) {
			// SQLite and MySQL would store NULL, PostgreSQL fails.
			return nil, perr.Validationf(m.Name, p, "division by zero: `divide` on field `%s` needs a non-zero divisor", f.Name)
		}
		col := sqltree.Col{Name: f.DBName}
		prm := sqltree.Param{V: val}
		var e sqltree.Expr
		switch op {
		case "increment":
			e = sqltree.Bin{L: col, Op: "+", R: prm}
		case "decrement":
			e = sqltree.Bin{L: col, Op: "-", R: prm}
		case "multiply":
			e = sqltree.Bin{L: col, Op: "*", R: prm}
		case "divide":
			if f.Type == schema.Int || f.Type == schema.BigInt {
				e = sqltree.IntDiv{L: col, R: prm}
			} else {
				e = sqltree.Bin{L: col, Op: "/", R: prm}
			}
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
	return nil, nil
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
	if res, ok, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planUpdate(m, a, sel, data) })); ok || err != nil {
		return res, err
	}
	var out row
	err = x.run.Atomic(func() error {
		pk, err := x.findUniqueFields(m, a["where"], m.IDFields(), "where")
		if err != nil {
			return err
		}
		if pk == nil {
			return notFound(m, "Record to update not found.")
		}
		id, err := x.updateOne(m, identOf(m, pk), data, "data")
		if err != nil {
			return err
		}
		out, err = x.readByPK(m, id, sel)
		return err
	})
	return out, err
}

// updateOne updates the row id with data and its nested writes; it returns
// the row's (possibly changed) primary key.
func (x *planner) updateOne(m *schema.Model, id ident, data map[string]any, path string) (ident, error) {
	set, after, err := x.setClause(m, data, path, true)
	if err != nil {
		return nil, err
	}
	if len(set) > 0 {
		if _, err := x.run.Exec(m, &sqltree.Update{Schema: m.Schema, Table: m.DBName, Set: set, Where: pkWhere(m, m.DBName, id)}); err != nil {
			return nil, err
		}
		if id, err = x.newKey(m, id, data, path); err != nil {
			return nil, err
		}
	}
	for _, n := range after {
		if err := n.run(id); err != nil {
			return nil, err
		}
	}
	return id, nil
}

// newKey is the key of the row id after data is written: the key itself
// may be set.
func (x *planner) newKey(m *schema.Model, id ident, data map[string]any, path string) (ident, error) {
	changed := false
	for _, f := range m.IDFields() {
		if _, ok := data[f.Name]; ok {
			changed = true
		}
	}
	if !changed {
		return id, nil
	}
	nid := ident{}
	for _, f := range m.IDFields() {
		if v, ok := data[f.Name]; ok {
			if mp, isMap := v.(map[string]any); isMap {
				v = mp["set"]
			}
			cv, err := x.coerce(m, f, request.JoinPath(path, f.Name), v)
			if err != nil {
				return nil, err
			}
			nid[f.Name] = cv
		} else {
			nid[f.Name] = id[f.Name]
		}
	}
	return nid, nil
}

// updateWhere updates every row matching e with scalar data.
func (x *planner) updateWhere(m *schema.Model, e sqltree.Expr, data map[string]any, path string) (int64, error) {
	set, _, err := x.setClause(m, data, path, false)
	if err != nil {
		return 0, err
	}
	if len(set) == 0 {
		// Nothing to write: report the rows that match, as Prisma does.
		rows, err := x.run.Query(m, countWhere(m, e), countTypes)
		if err != nil || len(rows) == 0 {
			return 0, err
		}
		return exec.ToInt64(rows[0][0]), nil
	}
	res, err := x.run.Exec(m, &sqltree.Update{Schema: m.Schema, Table: m.DBName, Set: set, Where: e})
	if err != nil {
		return 0, err
	}
	return res.RowsAffected, nil
}

func (x *planner) updateMany(m *schema.Model, a args, andReturn bool) (any, error) {
	res, _, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planUpdateMany(m, a, andReturn) }))
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
	if res, ok, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planUpsert(m, a, sel, create, update) })); ok || err != nil {
		return res, err
	}
	var out row
	err = x.run.Atomic(func() error {
		pk, err := x.findUniqueFields(m, a["where"], m.IDFields(), "where")
		if err != nil {
			return err
		}
		var id ident
		if pk == nil {
			id, err = x.createOne(m, create, nil, "create")
		} else {
			id, err = x.updateOne(m, identOf(m, pk), update, "update")
		}
		if err != nil {
			return err
		}
		out, err = x.readByPK(m, id, sel)
		return err
	})
	return out, err
}

func (x *planner) deleteAction(m *schema.Model, a args) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	if err := checkUniqueWhere(m, a["where"], "where"); err != nil {
		return nil, err
	}
	res, _, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planDelete(m, a, sel) }))
	return res, err
}

func (x *planner) deleteManyAction(m *schema.Model, a args) (any, error) {
	res, _, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planDeleteMany(m, a) }))
	return res, err
}

// isZero reports whether a coerced number is zero.
func isZero(v any) bool {
	switch t := v.(type) {
	case int64:
		return t == 0
	case float64:
		return t == 0
	case abi.Decimal:
		r, ok := new(big.Rat).SetString(string(t))
		return ok && r.Sign() == 0
	}
	return false
}
