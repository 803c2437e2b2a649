package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Single-statement writes: where the dialect has RETURNING and the request
// has no nested writes and loads no relations, create/update/delete are one
// statement that returns the row (no transaction, no re-read), as Prisma does.

func (x *exec) canReturn(sel *request.Selection) bool {
	return x.d.Supports(sqltree.Returning) && len(sel.Rels) == 0 && len(sel.Counts) == 0
}

func scalarOnly(m *schema.Model, data map[string]any) bool {
	for k := range data {
		if f := m.Field(k); f == nil || f.Kind == schema.RelationField {
			return false
		}
	}
	return true
}

// returning sets the statement's RETURNING list to the selection's columns
// and decodes the returned rows.
func (x *exec) returning(m *schema.Model, s sqltree.Stmt, sel *request.Selection) ([]row, error) {
	fields := fetchFields(sel)
	if len(fields) == 0 {
		fields = m.IDFields()
	}
	cols := make([]string, len(fields))
	types := make([]driver.Type, len(fields))
	for i, f := range fields {
		cols[i], types[i] = f.DBName, driverType(f)
	}
	switch t := s.(type) {
	case *sqltree.Insert:
		t.Returning = cols
	case *sqltree.Update:
		t.Returning = cols
	case *sqltree.Delete:
		t.Returning = cols
	}
	rows, err := x.decodeRows(m, s, fields, types)
	if err != nil {
		return nil, err
	}
	shape(keepOf(sel), rows)
	return rows, nil
}

// returningOne runs a one-row write (built around the request's unique
// where) with RETURNING; no row back means the record does not exist (P2025).
func (x *exec) returningOne(m *schema.Model, whereArg any, sel *request.Selection, missing string, build func(where sqltree.Expr) sqltree.Stmt) (row, error) {
	where, err := x.where(m, m.DBName, whereArg, "where")
	if err != nil {
		return nil, err
	}
	rows, err := x.returning(m, build(where), sel)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound(m, missing)
	}
	return rows[0], nil
}

// createReturning inserts scalar data in one statement.
func (x *exec) createReturning(m *schema.Model, data map[string]any, sel *request.Selection) (row, error) {
	vals := map[string]any{}
	for _, k := range request.SortedKeys(data) {
		f := m.Field(k)
		v, err := x.scalarValue(m, f, data[k], request.JoinPath("data", k))
		if err != nil {
			return nil, err
		}
		vals[f.Name] = v
	}
	if err := x.fillDefaults(m, vals, "data", x.now()); err != nil {
		return nil, err
	}
	ins := &sqltree.Insert{Schema: m.Schema, Table: m.DBName}
	var r []sqltree.Expr
	for _, f := range m.ScalarFields() {
		if v, ok := vals[f.Name]; ok {
			ins.Columns = append(ins.Columns, f.DBName)
			r = append(r, sqltree.Param{V: v})
		}
	}
	ins.Rows = [][]sqltree.Expr{r}
	rows, err := x.returning(m, ins, sel)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound(m, "The created record was not returned.")
	}
	return rows[0], nil
}
