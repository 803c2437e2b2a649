package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Nested writes (https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries#nested-writes).
// They run inside the outer write's transaction.

// rowSelect is the statement that reads fields of the one row matching e,
// and the driver types of its columns.
func rowSelect(m *schema.Model, e sqltree.Expr, fields []*schema.Field) (*sqltree.Select, []driver.Type) {
	one := int64(1)
	s := &sqltree.Select{From: sqltree.Table{Name: m.DBName}, Where: e, Limit: &one}
	return s, columns(s, m.DBName, fields, nil)
}

// selectFields reads fields of the one row matching e (nil when none).
func (x *exec) selectFields(m *schema.Model, e sqltree.Expr, fields []*schema.Field) ([]any, error) {
	s, types := rowSelect(m, e, fields)
	rows, err := x.query(m, s, types)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

// findUniqueFields reads fields of the row matching a unique where.
func (x *exec) findUniqueFields(m *schema.Model, where any, fields []*schema.Field, path string) ([]any, error) {
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
func (x *exec) refsOf(m *schema.Model, id ident, fields []*schema.Field) ([]any, error) {
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

// inlineRelation handles a to-one relation whose foreign key lives on m:
// connect/create/connectOrCreate set the key fields in vals; disconnect
// (update only) clears them.
func (x *exec) inlineRelation(m *schema.Model, f *schema.Field, v any, vals map[string]any, path string, deferred map[string]any) error {
	ops, err := asMap(m, path, v)
	if err != nil {
		return err
	}
	if deferred != nil {
		// update/upsert/delete of the related row run after the row's own
		// update (fkSideWrite), when its current key is known.
		rest := map[string]any{}
		for k, val := range ops {
			switch canon(k) {
			case "update", "upsert", "delete":
				deferred[canon(k)] = val
			default:
				rest[k] = val
			}
		}
		ops = rest
	}
	l := linkOf(f)
	rel := f.Relation.Model
	set := func(refs []any) {
		for i, pf := range l.parent {
			vals[pf.Name] = refs[i]
		}
	}
	for _, k := range sortedKeys(ops) {
		op := canon(k)
		p := joinPath(path, k)
		val := ops[k]
		switch op {
		case "connect":
			refs, err := x.findUniqueFields(rel, val, l.child, p)
			if err != nil {
				return err
			}
			if refs == nil {
				return nestedNotFound(rel, f, "connect")
			}
			set(refs)
		case "create":
			d, err := asMap(rel, p, val)
			if err != nil {
				return err
			}
			id, err := x.createOne(rel, d, nil, p)
			if err != nil {
				return err
			}
			refs, err := x.refsOf(rel, id, l.child)
			if err != nil {
				return err
			}
			set(refs)
		case "connectOrCreate":
			co, err := asMap(rel, p, val)
			if err != nil {
				return err
			}
			refs, err := x.findUniqueFields(rel, co["where"], l.child, joinPath(p, "where"))
			if err != nil {
				return err
			}
			if refs == nil {
				d, err := asMap(rel, joinPath(p, "create"), co["create"])
				if err != nil {
					return err
				}
				id, err := x.createOne(rel, d, nil, joinPath(p, "create"))
				if err != nil {
					return err
				}
				if refs, err = x.refsOf(rel, id, l.child); err != nil {
					return err
				}
			}
			set(refs)
		case "disconnect":
			if b, _ := val.(bool); !b {
				continue
			}
			for _, pf := range l.parent {
				if !pf.Optional {
					return perr.Validationf(m.Name, p, "cannot disconnect the required relation `%s`", f.Name)
				}
				vals[pf.Name] = nil
			}
		default:
			return perr.Validationf(m.Name, p, "unsupported nested operation `%s` on relation `%s`; expected connect, create, connectOrCreate, disconnect (and in an update: update, upsert, delete)", k, f.Name)
		}
	}
	return nil
}

func itemPath(p string, list bool, i int) string {
	if list {
		return p + "[" + itoa(i) + "]"
	}
	return p
}

// fkSideWrite runs update/upsert/delete on the record a to-one relation
// points at, where the foreign key is on m (the row id).
func (x *exec) fkSideWrite(m *schema.Model, f *schema.Field, id ident, ops map[string]any, path string) error {
	l := linkOf(f)
	rel := f.Relation.Model
	fk, err := x.refsOf(m, id, l.parent)
	if err != nil {
		return err
	}
	var target sqltree.And
	exists := true
	for i, c := range l.child {
		if fk[i] == nil {
			exists = false
		}
		target = append(target, sqltree.Eq(sqltree.Col{Table: rel.DBName, Name: c.DBName}, sqltree.Param{V: fk[i]}))
	}
	var pk []any
	if exists {
		if pk, err = x.selectFields(rel, target, rel.IDFields()); err != nil {
			return err
		}
	}
	for _, op := range []string{"update", "upsert", "delete"} {
		val, ok := ops[op]
		if !ok {
			continue
		}
		p := joinPath(path, op)
		switch op {
		case "update":
			um, err := asMap(m, p, val)
			if err != nil {
				return err
			}
			if d, ok := um["data"].(map[string]any); ok {
				um, p = d, joinPath(p, "data")
			}
			if pk == nil {
				return nestedNotFound(rel, f, "update")
			}
			if _, err := x.updateOne(rel, identOf(rel, pk), um, p); err != nil {
				return err
			}
		case "upsert":
			um, err := asMap(m, p, val)
			if err != nil {
				return err
			}
			if pk != nil {
				d, err := asMap(rel, joinPath(p, "update"), um["update"])
				if err != nil {
					return err
				}
				if _, err := x.updateOne(rel, identOf(rel, pk), d, joinPath(p, "update")); err != nil {
					return err
				}
				continue
			}
			d, err := asMap(rel, joinPath(p, "create"), um["create"])
			if err != nil {
				return err
			}
			cid, err := x.createOne(rel, d, nil, joinPath(p, "create"))
			if err != nil {
				return err
			}
			refs, err := x.refsOf(rel, cid, l.child)
			if err != nil {
				return err
			}
			up := &sqltree.Update{Table: m.DBName, Where: pkWhere(m, m.DBName, id)}
			for i, pf := range l.parent {
				up.Set = append(up.Set, sqltree.Assign{Col: pf.DBName, Value: sqltree.Param{V: refs[i]}})
			}
			if _, err := x.execStmt(m, up); err != nil {
				return err
			}
		case "delete":
			if b, isBool := val.(bool); isBool && !b {
				continue
			}
			if pk == nil {
				return nestedNotFound(rel, f, "delete")
			}
			if _, err := x.execStmt(rel, &sqltree.Delete{Table: rel.DBName, Where: pkWhere(rel, rel.DBName, identOf(rel, pk))}); err != nil {
				return err
			}
		}
	}
	return nil
}
