package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// ident is the primary key of a written row: field name -> bound value.
type ident map[string]any

// pkWhere matches the row with the given primary key.
func pkWhere(m *schema.Model, q string, id ident) sqltree.Expr {
	var and sqltree.And
	for _, f := range m.IDFields() {
		and = append(and, sqltree.Eq(sqltree.Col{Table: q, Name: f.DBName}, sqltree.Param{V: id[f.Name]}))
	}
	if len(and) == 1 {
		return and[0]
	}
	return and
}

// readByPK re-reads a written row in the request's output shape.
func (x *planner) readByPK(m *schema.Model, id ident, sel *request.Selection) (row, error) {
	rows, err := x.readMany(m, args{"_whereExpr": pkWhere(m, m.DBName, id), "take": int64(1), "_noImplicitOrder": true}, sel, "")
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound(m, "Record to read back after the write was not found.")
	}
	return rows[0], nil
}

// missing is the error of a required field left out with no default.
func missing(m *schema.Model, f *schema.Field, path string) error {
	return request.Missing(m, f, path)
}

func (x *planner) createAction(m *schema.Model, a args) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	data, err := request.AsMap(m, "data", a["data"])
	if err != nil {
		return nil, err
	}
	if res, ok, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planCreate(m, sel, data) })); ok || err != nil {
		return res, err
	}
	var out row
	err = x.run.Atomic(func() error {
		id, err := x.createOne(m, data, nil, "data")
		if err != nil {
			return err
		}
		out, err = x.readByPK(m, id, sel)
		return err
	})
	return out, err
}

// createOne inserts one row with its nested writes. inject holds bound
// values set by a parent (the foreign key of a nested create).
func (x *planner) createOne(m *schema.Model, data map[string]any, inject map[string]any, path string) (ident, error) {
	d, err := request.ParseCreate(m, data, path)
	if err != nil {
		return nil, err
	}
	vals, err := x.boundVals(m, d)
	if err != nil {
		return nil, err
	}
	var after []*nestedWrite // relations written after the insert
	for _, r := range d.Relations {
		n, err := x.readNested(m, r.Field, r.Value, r.Path, true)
		if err != nil {
			return nil, err
		}
		// A scalar given for a key the relation sets wins when its name
		// sorts after the relation's, as the fields are read in key order.
		kept := map[string]any{}
		for i := range d.Scalars {
			if a := &d.Scalars[i]; a.Field.Name > r.Field.Name {
				kept[a.Field.Name] = vals[a.Field.Name]
			}
		}
		if left, err := n.setKeys(vals); err != nil {
			return nil, err
		} else if left {
			after = append(after, n)
		}
		for k, v := range kept {
			vals[k] = v
		}
	}
	for k, v := range inject {
		vals[k] = v
	}
	if err := x.fillDefaults(m, vals, path, x.now()); err != nil {
		return nil, err
	}
	id, err := x.insertRow(m, vals)
	if err != nil {
		return nil, err
	}
	for _, n := range after {
		if err := n.run(id); err != nil {
			return nil, err
		}
	}
	return id, nil
}

// boundVals are d's values as they are bound (field name -> value),
// after the dialect's checks on them.
func (x *planner) boundVals(m *schema.Model, d *request.Data) (map[string]any, error) {
	vals := make(map[string]any, len(d.Scalars))
	for i := range d.Scalars {
		a := &d.Scalars[i]
		v, err := x.bindable(m, a.Field, a.Path, a.Value)
		if err != nil {
			return nil, err
		}
		vals[a.Field.Name] = v
	}
	return vals, nil
}

// fillDefaults adds engine-generated defaults and checks required fields.
func (x *planner) fillDefaults(m *schema.Model, vals map[string]any, path string, now any) error {
	for _, f := range m.ScalarFields() {
		if _, ok := vals[f.Name]; ok {
			continue
		}
		if v, ok := generated(f, now, x.mint); ok {
			vals[f.Name] = v
			continue
		}
		if f.Required() {
			return missing(m, f, request.JoinPath(path, f.Name))
		}
	}
	return nil
}

// insertRow inserts vals and returns the new row's primary key.
func (x *planner) insertRow(m *schema.Model, vals map[string]any) (ident, error) {
	ins := insertOf(m, vals)
	id := ident{}
	if x.d.Supports(sqltree.Returning) {
		var types []driver.Type
		for _, f := range m.IDFields() {
			ins.Returning = append(ins.Returning, f.DBName)
			types = append(types, plan.DriverType(f))
		}
		rows, err := x.run.Query(m, ins, types)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			return nil, perr.New(perr.Internal, nil, "INSERT into %s returned no row", m.Name)
		}
		for i, f := range m.IDFields() {
			id[f.Name] = rows[0][i]
		}
		return id, nil
	}
	res, err := x.run.Exec(m, ins)
	if err != nil {
		return nil, err
	}
	for _, f := range m.IDFields() {
		if v, ok := vals[f.Name]; ok {
			id[f.Name] = v
		} else if f.Default != nil && f.Default.Kind == schema.DefaultAutoincrement {
			id[f.Name] = x.lastInsertID(m, f, res)
		} else {
			// A key the database generated (dbgenerated): find the row by a
			// unique constraint whose values were written.
			return x.identByUnique(m, vals)
		}
	}
	return id, nil
}

// identByUnique reads the key of a row just inserted whose key the
// database generated.
func (x *planner) identByUnique(m *schema.Model, vals map[string]any) (ident, error) {
	if and := uniqueWritten(m, vals); and != nil {
		pk, err := x.selectFields(m, and, m.IDFields())
		if err != nil {
			return nil, err
		}
		if pk != nil {
			return identOf(m, pk), nil
		}
	}
	return nil, noKey(m)
}

// createMany inserts rows of scalar data, grouped by column set and chunked
// under the dialect's parameter limit.
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
	if res, ok, err := x.wrote(x.planning(func() (*plan.Write, bool, error) { return x.planCreateMany(m, a, sel, skip, andReturn) })); ok || err != nil {
		return res, err
	}
	var out []row
	var count int64
	write := func() error {
		ids, n, err := x.insertMany(m, request.AsList(a["data"]), nil, skip, andReturn, "data")
		if err != nil {
			return err
		}
		count = n
		if andReturn {
			for _, id := range ids {
				r, err := x.readByPK(m, id, sel)
				if err != nil {
					return err
				}
				out = append(out, r)
			}
		}
		return nil
	}
	var err error
	if andReturn {
		err = x.run.Atomic(write)
	} else {
		err = write()
	}
	if err != nil {
		return nil, err
	}
	if andReturn {
		return exec.ListOf(out), nil
	}
	return map[string]any{"count": count}, nil
}

// insertGroup is rows of createMany data that write the same columns.
type insertGroup struct {
	cols []*schema.Field
	rows [][]sqltree.Expr
}

// insertGroups reads createMany data into groups of rows by column set,
// defaults filled, in the order the sets first appear.
func (x *planner) insertGroups(m *schema.Model, items []any, inject map[string]any, path string) ([]*insertGroup, error) {
	now := x.now()
	var groups []*insertGroup
	byKey := map[string]*insertGroup{}
	for i, item := range items {
		p := path + "[" + itoa(i) + "]"
		d, err := request.ParseRow(m, item, p)
		if err != nil {
			return nil, err
		}
		vals, err := x.boundVals(m, d)
		if err != nil {
			return nil, err
		}
		for k, v := range inject {
			vals[k] = v
		}
		if err := x.fillDefaults(m, vals, p, now); err != nil {
			return nil, err
		}
		var cols []*schema.Field
		var key string
		var r []sqltree.Expr
		for _, f := range m.ScalarFields() {
			if v, ok := vals[f.Name]; ok {
				cols = append(cols, f)
				key += f.Name + ","
				r = append(r, sqltree.Param{V: v})
			}
		}
		g := byKey[key]
		if g == nil {
			g = &insertGroup{cols: cols}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	return groups, nil
}

// chunk is the INSERT of rows start..end of g (end clipped to its rows).
func (g *insertGroup) chunk(m *schema.Model, start, end int, skip bool) *sqltree.Insert {
	ins := &sqltree.Insert{Schema: m.Schema, Table: m.DBName, Rows: g.rows[start:min(end, len(g.rows))], Ignore: skip}
	for _, f := range g.cols {
		ins.Columns = append(ins.Columns, f.DBName)
	}
	return ins
}

func (x *planner) insertMany(m *schema.Model, items []any, inject map[string]any, skip, returning bool, path string) ([]ident, int64, error) {
	groups, err := x.insertGroups(m, items, inject, path)
	if err != nil {
		return nil, 0, err
	}
	// One statement needs no transaction; several (column sets, chunks)
	// run in one so that a failure leaves nothing behind.
	stmts := 0
	for _, g := range groups {
		if len(g.cols) == 0 {
			stmts += len(g.rows)
		} else {
			stmts += (len(g.rows) + chunkRows(x, len(g.cols)) - 1) / chunkRows(x, len(g.cols))
		}
	}
	var ids []ident
	var count int64
	run := func() error {
		for _, g := range groups {
			per := chunkRows(x, len(g.cols))
			for start := 0; start < len(g.rows); start += per {
				end := min(start+per, len(g.rows))
				ins := g.chunk(m, start, end, skip)
				if len(ins.Columns) == 0 {
					// Every column defaulted: insert the rows one at a time.
					for range g.rows[start:end] {
						id, err := x.insertRow(m, map[string]any{})
						if err != nil {
							return err
						}
						ids = append(ids, id)
						count++
					}
					continue
				}
				if returning {
					var types []driver.Type
					for _, f := range m.IDFields() {
						ins.Returning = append(ins.Returning, f.DBName)
						types = append(types, plan.DriverType(f))
					}
					rows, err := x.run.Query(m, ins, types)
					if err != nil {
						return err
					}
					for _, r := range rows {
						id := ident{}
						for i, f := range m.IDFields() {
							id[f.Name] = r[i]
						}
						ids = append(ids, id)
					}
					count += int64(len(rows))
					continue
				}
				res, err := x.run.Exec(m, ins)
				if err != nil {
					return err
				}
				count += res.RowsAffected
			}
		}
		return nil
	}
	if stmts > 1 {
		err = x.run.Atomic(run)
	} else {
		err = run()
	}
	if err != nil {
		return nil, 0, err
	}
	return ids, count, nil
}

// chunkRows is how many rows of width columns fit under the parameter limit.
func chunkRows(x *planner, width int) int {
	return max((x.d.MaxParams()-16)/max(width, 1), 1)
}
