package query

import (
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
	res, err := x.wrote(x.planCreate(m, sel, data))
	return res, err
}

// createOne plans the insert of one row with its nested writes into w
// and returns the row's key (values, or Refs of what a step reads).
// inject holds values set by a parent (the foreign key of a nested create).
func (x *planner) createOne(w *plan.Write, m *schema.Model, data map[string]any, inject map[string]any, path string) (ident, error) {
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
		if left, err := n.setKeys(w, vals); err != nil {
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
	id, err := x.insertKey(w, m, insertOf(m, vals), vals)
	if err != nil {
		return nil, err
	}
	for _, n := range after {
		if err := n.plan(w, id); err != nil {
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

// insertSteps adds the INSERTs of groups to w: one per group and chunk
// under the parameter limit; rows with no column to write one at a time.
// With sel, each returns the selected columns as the write's answer (the
// dialect has RETURNING).
func (x *planner) insertSteps(w *plan.Write, m *schema.Model, groups []*insertGroup, skip bool, sel *request.Selection) {
	for _, g := range groups {
		per := chunkRows(x, len(g.cols))
		if len(g.cols) == 0 {
			per = 1 // no VALUES list to hold several
		}
		for start := 0; start < len(g.rows); start += per {
			ins := g.chunk(m, start, start+per, skip)
			if sel != nil {
				w.Steps = append(w.Steps, returningStep(m, ins, sel, nil))
				continue
			}
			w.Steps = append(w.Steps, plan.Step{Stmt: ins, Model: m, Reply: true})
		}
	}
}

// chunkRows is how many rows of width columns fit under the parameter limit.
func chunkRows(x *planner, width int) int {
	return max((x.d.MaxParams()-16)/max(width, 1), 1)
}
