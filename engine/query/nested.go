package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Reads that writes and nested writes (nestedops.go) share.

// rowSelect is the statement that reads fields of the one row matching e,
// and the driver types of its columns.
func rowSelect(m *schema.Model, e sqltree.Expr, fields []*schema.Field) (*sqltree.Select, []driver.Type) {
	one := int64(1)
	s := &sqltree.Select{From: sqltree.Table{Schema: m.Schema, Name: m.DBName}, Where: e, Limit: &one}
	return s, columns(s, m.DBName, fields, nil)
}

// selectFields reads fields of the one row matching e (nil when none).
func (x *planner) selectFields(m *schema.Model, e sqltree.Expr, fields []*schema.Field) ([]any, error) {
	s, types := rowSelect(m, e, fields)
	rows, err := x.run.Query(m, s, types)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

// findUniqueFields reads fields of the row matching a unique where.
func (x *planner) findUniqueFields(m *schema.Model, where any, fields []*schema.Field, path string) ([]any, error) {
	if err := checkUniqueWhere(m, where, path); err != nil {
		return nil, err
	}
	e, err := x.where(m, m.DBName, where, path)
	if err != nil {
		return nil, err
	}
	return x.selectFields(m, e, fields)
}

func identOf(m *schema.Model, vals []any) ident {
	id := ident{}
	for i, f := range m.IDFields() {
		id[f.Name] = vals[i]
	}
	return id
}

// refsOf returns fields of a row known by its primary key.
func (x *planner) refsOf(m *schema.Model, id ident, fields []*schema.Field) ([]any, error) {
	out := make([]any, len(fields))
	all := true
	for i, f := range fields {
		v, ok := id[f.Name]
		out[i] = v
		all = all && ok
	}
	if all {
		return out, nil
	}
	vals, err := x.selectFields(m, pkWhere(m, m.DBName, id), fields)
	if err != nil {
		return nil, err
	}
	if vals == nil {
		return nil, notFound(m, "Record was not found.")
	}
	return vals, nil
}

func nestedNotFound(rel *schema.Model, f *schema.Field, op string) error {
	return notFound(rel, "No '"+rel.Name+"' record was found for a nested "+op+" on relation '"+f.Relation.Name+"'.")
}

func itemPath(p string, list bool, i int) string {
	if list {
		return p + "[" + itoa(i) + "]"
	}
	return p
}
