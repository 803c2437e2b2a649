package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Nested writes (https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries#nested-writes).
// They run inside the outer write's transaction.

// selectFields reads fields of the one row matching e (nil when none).
func (x *exec) selectFields(m *schema.Model, e sqltree.Expr, fields []*schema.Field) ([]any, error) {
	s := &sqltree.Select{From: sqltree.Table{Name: m.DBName}, Where: e}
	var types []driver.Type
	for _, f := range fields {
		s.Columns = append(s.Columns, sqltree.SelCol{X: sqltree.Col{Table: m.DBName, Name: f.DBName}})
		types = append(types, driverType(f))
	}
	one := int64(1)
	s.Limit = &one
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

var nestedOrder = []string{"set", "disconnect", "delete", "deleteMany", "update", "updateMany", "upsert", "create", "createMany", "connect", "connectOrCreate"}

// nestedWrite runs the nested operations on a relation whose foreign key is
// on the related model (or in an implicit m-n join table), for the parent
// row id of m.
func (x *exec) nestedWrite(m *schema.Model, f *schema.Field, id ident, v any, path string, creating bool) error {
	ops, err := asMap(m, path, v)
	if err != nil {
		return err
	}
	ops = canonOps(ops)
	for k := range ops {
		if !contains(nestedOrder, k) {
			return perr.Validationf(m.Name, joinPath(path, k), "unsupported nested operation `%s`; expected one of %v", k, nestedOrder)
		}
		if creating && !contains([]string{"create", "createMany", "connect", "connectOrCreate"}, k) {
			return perr.Validationf(m.Name, joinPath(path, k), "`%s` is not allowed inside a create", k)
		}
	}
	l := linkOf(f)
	rel := f.Relation.Model
	pv, err := x.refsOf(m, id, l.parent)
	if err != nil {
		return err
	}
	// linked matches the related rows of this parent.
	linked := func(q string) sqltree.Expr {
		if l.m2m {
			sub := &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Col{Name: l.otherCol}}},
				From: sqltree.Table{Name: l.table}, Where: sqltree.Eq(sqltree.Col{Name: l.joinCol}, sqltree.Param{V: pv[0]})}
			return sqltree.InSelect{X: sqltree.Col{Table: q, Name: l.child[0].DBName}, Q: sub}
		}
		var and sqltree.And
		for i, c := range l.child {
			and = append(and, sqltree.Eq(sqltree.Col{Table: q, Name: c.DBName}, sqltree.Param{V: pv[i]}))
		}
		return and
	}
	inject := map[string]any{}
	if !l.m2m {
		for i, c := range l.child {
			inject[c.Name] = pv[i]
		}
	}
	attach := func(childID ident) error {
		if l.m2m {
			ins := &sqltree.Insert{Table: l.table, Columns: []string{l.joinCol, l.otherCol}, Ignore: true,
				Rows: [][]sqltree.Expr{{sqltree.Param{V: pv[0]}, sqltree.Param{V: childID[l.child[0].Name]}}}}
			_, err := x.execStmt(rel, ins)
			return err
		}
		up := &sqltree.Update{Table: rel.DBName, Where: pkWhere(rel, rel.DBName, childID)}
		for i, c := range l.child {
			up.Set = append(up.Set, sqltree.Assign{Col: c.DBName, Value: sqltree.Param{V: pv[i]}})
		}
		_, err := x.execStmt(rel, up)
		return err
	}
	items := func(val any) []any {
		if f.List {
			return asList(val)
		}
		return []any{val}
	}
	detachAll := func() error {
		if l.m2m {
			_, err := x.execStmt(rel, &sqltree.Delete{Table: l.table, Where: sqltree.Eq(sqltree.Col{Name: l.joinCol}, sqltree.Param{V: pv[0]})})
			return err
		}
		up := &sqltree.Update{Table: rel.DBName, Where: linked(rel.DBName)}
		for _, c := range l.child {
			if !c.Optional {
				return perr.Validationf(m.Name, path, "cannot disconnect `%s`: the relation is required on %s", f.Name, rel.Name)
			}
			up.Set = append(up.Set, sqltree.Assign{Col: c.DBName, Value: sqltree.Param{V: nil}})
		}
		_, err := x.execStmt(rel, up)
		return err
	}
	for _, op := range nestedOrder {
		val, ok := ops[op]
		if !ok {
			continue
		}
		p := joinPath(path, op)
		switch op {
		case "create":
			for i, item := range items(val) {
				d, err := asMap(rel, p, item)
				if err != nil {
					return err
				}
				cid, err := x.createOne(rel, d, inject, itemPath(p, f.List, i))
				if err != nil {
					return err
				}
				if l.m2m {
					if err := attach(cid); err != nil {
						return err
					}
				}
			}
		case "createMany":
			cm, err := asMap(rel, p, val)
			if err != nil {
				return err
			}
			skip, _ := cm["skipDuplicates"].(bool)
			if l.m2m {
				return perr.Validationf(m.Name, p, "createMany is not available on the many-to-many relation `%s`", f.Name)
			}
			if _, _, err := x.insertMany(rel, asList(cm["data"]), inject, skip, false, joinPath(p, "data")); err != nil {
				return err
			}
		case "connect", "connectOrCreate":
			for i, item := range items(val) {
				ip := itemPath(p, f.List, i)
				where := item
				var create any
				if op == "connectOrCreate" {
					co, err := asMap(rel, ip, item)
					if err != nil {
						return err
					}
					where, create = co["where"], co["create"]
					ip = joinPath(ip, "where")
				}
				pk, err := x.findUniqueFields(rel, where, rel.IDFields(), ip)
				if err != nil {
					return err
				}
				var cid ident
				if pk == nil {
					if op == "connect" {
						return nestedNotFound(rel, f, "connect")
					}
					d, err := asMap(rel, joinPath(itemPath(p, f.List, i), "create"), create)
					if err != nil {
						return err
					}
					if cid, err = x.createOne(rel, d, inject, joinPath(itemPath(p, f.List, i), "create")); err != nil {
						return err
					}
					if !l.m2m {
						continue
					}
				} else {
					cid = identOf(rel, pk)
				}
				if err := attach(cid); err != nil {
					return err
				}
			}
		case "set":
			if err := detachAll(); err != nil {
				return err
			}
			for i, item := range asList(val) {
				pk, err := x.findUniqueFields(rel, item, rel.IDFields(), itemPath(p, true, i))
				if err != nil {
					return err
				}
				if pk == nil {
					return nestedNotFound(rel, f, "set")
				}
				if err := attach(identOf(rel, pk)); err != nil {
					return err
				}
			}
		case "disconnect":
			if b, isBool := val.(bool); isBool {
				if b {
					if err := detachAll(); err != nil {
						return err
					}
				}
				continue
			}
			for i, item := range asList(val) {
				e, err := x.where(rel, rel.DBName, item, itemPath(p, true, i))
				if err != nil {
					return err
				}
				if l.m2m {
					pk, err := x.selectFields(rel, sqltree.Conj(e, linked(rel.DBName)), rel.IDFields())
					if err != nil || pk == nil {
						continue
					}
					del := &sqltree.Delete{Table: l.table, Where: sqltree.And{
						sqltree.Eq(sqltree.Col{Name: l.joinCol}, sqltree.Param{V: pv[0]}),
						sqltree.Eq(sqltree.Col{Name: l.otherCol}, sqltree.Param{V: pk[0]})}}
					if _, err := x.execStmt(rel, del); err != nil {
						return err
					}
					continue
				}
				up := &sqltree.Update{Table: rel.DBName, Where: sqltree.Conj(e, linked(rel.DBName))}
				for _, c := range l.child {
					up.Set = append(up.Set, sqltree.Assign{Col: c.DBName, Value: sqltree.Param{V: nil}})
				}
				if _, err := x.execStmt(rel, up); err != nil {
					return err
				}
			}
		case "delete", "deleteMany":
			var wheres []any
			if b, isBool := val.(bool); isBool {
				if !b {
					continue
				}
				wheres = []any{nil}
			} else {
				wheres = asList(val)
			}
			for i, item := range wheres {
				e, err := x.where(rel, rel.DBName, item, itemPath(p, true, i))
				if err != nil {
					return err
				}
				res, err := x.execStmt(rel, &sqltree.Delete{Table: rel.DBName, Where: sqltree.Conj(e, linked(rel.DBName))})
				if err != nil {
					return err
				}
				if op == "delete" && res.RowsAffected == 0 {
					return nestedNotFound(rel, f, "delete")
				}
			}
		case "upsert":
			for i, item := range items(val) {
				ip := itemPath(p, f.List, i)
				um, err := asMap(rel, ip, item)
				if err != nil {
					return err
				}
				e, err := x.where(rel, rel.DBName, um["where"], joinPath(ip, "where"))
				if err != nil {
					return err
				}
				pk, err := x.selectFields(rel, sqltree.Conj(e, linked(rel.DBName)), rel.IDFields())
				if err != nil {
					return err
				}
				if pk != nil {
					dm, err := asMap(rel, joinPath(ip, "update"), um["update"])
					if err != nil {
						return err
					}
					if _, err := x.updateOne(rel, identOf(rel, pk), dm, joinPath(ip, "update")); err != nil {
						return err
					}
					continue
				}
				dm, err := asMap(rel, joinPath(ip, "create"), um["create"])
				if err != nil {
					return err
				}
				cid, err := x.createOne(rel, dm, inject, joinPath(ip, "create"))
				if err != nil {
					return err
				}
				if l.m2m {
					if err := attach(cid); err != nil {
						return err
					}
				}
			}
		case "update", "updateMany":
			for i, item := range items(val) {
				ip := itemPath(p, f.List, i)
				um, err := asMap(rel, ip, item)
				if err != nil {
					return err
				}
				where, data := any(nil), any(um)
				if f.List || um["data"] != nil {
					where, data = um["where"], um["data"]
				}
				e, err := x.where(rel, rel.DBName, where, joinPath(ip, "where"))
				if err != nil {
					return err
				}
				dm, err := asMap(rel, joinPath(ip, "data"), data)
				if err != nil {
					return err
				}
				target := sqltree.Conj(e, linked(rel.DBName))
				if op == "update" {
					// Find the row first: an UPDATE's affected count can be 0
					// for a row that exists but does not change (MySQL).
					pk, err := x.selectFields(rel, target, rel.IDFields())
					if err != nil {
						return err
					}
					if pk == nil {
						return nestedNotFound(rel, f, "update")
					}
					if _, err := x.updateOne(rel, identOf(rel, pk), dm, joinPath(ip, "data")); err != nil {
						return err
					}
					continue
				}
				if _, err := x.updateWhere(rel, target, dm, joinPath(ip, "data")); err != nil {
					return err
				}
			}
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
