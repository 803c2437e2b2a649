package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Reads that writes and nested writes (nestedops.go) plan.

// rowSelect is the statement that reads fields of the one row matching e,
// and the driver types of its columns.
func rowSelect(m *schema.Model, e sqltree.Expr, fields []*schema.Field) (*sqltree.Select, []driver.Type) {
	one := int64(1)
	s := &sqltree.Select{From: sqltree.Table{Schema: m.Schema, Name: m.DBName}, Where: e, Limit: &one}
	return s, columns(s, m.DBName, fields, nil)
}

// tag numbers what a plan tells apart: the Refs of one step (plan.Ref.N)
// and the steps a Branch tests (plan.Step.ID).
func (x *planner) tag() int {
	x.tags++
	return x.tags
}

// readRow adds to w the read of fields of the one row of m matching e and
// returns their values as Refs for the steps after it. missing is the
// error when no row matches; without one, the step's ID is returned for a
// Branch on whether it found the row.
func (x *planner) readRow(w *plan.Write, m *schema.Model, e sqltree.Expr, fields []*schema.Field, missing func() error) ([]any, int) {
	s, types := rowSelect(m, e, fields)
	n := x.tag()
	step := plan.Step{Stmt: s, Model: m, Fields: fields, Types: types, N: n, Missing: missing}
	if missing == nil {
		step.ID = n
	}
	w.Steps = append(w.Steps, step)
	return fieldRefs(m, fields, n), step.ID
}

// fieldRefs are the Refs of fields of m that the step with N n reads.
func fieldRefs(m *schema.Model, fields []*schema.Field, n int) []any {
	out := make([]any, len(fields))
	for i, f := range fields {
		out[i] = plan.Ref{Model: m.Name, Field: f.Name, N: n}
	}
	return out
}

// uniqueRow adds the read of fields of the row a unique where names (see readRow).
func (x *planner) uniqueRow(w *plan.Write, m *schema.Model, where any, fields []*schema.Field, path string, missing func() error) ([]any, int, error) {
	if err := checkUniqueWhere(m, where, path); err != nil {
		return nil, 0, err
	}
	e, err := x.where(m, m.DBName, where, path)
	if err != nil {
		return nil, 0, err
	}
	vals, id := x.readRow(w, m, e, fields, missing)
	return vals, id, nil
}

func identOf(m *schema.Model, vals []any) ident {
	id := ident{}
	for i, f := range m.IDFields() {
		id[f.Name] = vals[i]
	}
	return id
}

// fieldsOf returns fields of a row known by its primary key: the key's
// own values, or Refs of a read of them added to w.
func (x *planner) fieldsOf(w *plan.Write, m *schema.Model, id ident, fields []*schema.Field) []any {
	out := make([]any, len(fields))
	for i, f := range fields {
		v, ok := id[f.Name]
		if !ok {
			vals, _ := x.readRow(w, m, pkWhere(m, m.DBName, id), fields, missingRecord(m, "Record was not found."))
			return vals
		}
		out[i] = v
	}
	return out
}

func nestedNotFound(rel *schema.Model, f *schema.Field, op string) func() error {
	return func() error {
		return notFound(rel, "No '"+rel.Name+"' record was found for a nested "+op+" on relation '"+f.Relation.Name+"'.")
	}
}

func itemPath(p string, list bool, i int) string {
	if list {
		return p + "[" + itoa(i) + "]"
	}
	return p
}
