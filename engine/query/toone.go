package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// Nested operations on a to-one relation whose foreign key is on the
// written row (see nestedOps). Those run before the write set the row's
// key columns in w.vals; the others act on the related row the key points
// at after the write (w.id).

// setKey points the written row at the related row whose key fields hold refs.
func (w *relWrite) setKey(refs []any) {
	for i, pf := range w.l.parent {
		w.vals[pf.Name] = refs[i]
	}
}

// createKey creates the related row and points the written row at it.
func (w *relWrite) createKey(val any, p string) error {
	d, err := request.AsMap(w.rel, p, val)
	if err != nil {
		return err
	}
	id, err := w.x.createOne(w.rel, d, nil, p)
	if err != nil {
		return err
	}
	refs, err := w.x.refsOf(w.rel, id, w.l.child)
	if err != nil {
		return err
	}
	w.setKey(refs)
	return nil
}

// connectKey points the written row at an existing related row, or (orCreate)
// at a new one when none matches.
func (w *relWrite) connectKey(val any, p string, orCreate bool) error {
	where, wp := val, p
	var co map[string]any
	if orCreate {
		var err error
		if co, err = request.AsMap(w.rel, p, val); err != nil {
			return err
		}
		where, wp = co["where"], request.JoinPath(p, "where")
	}
	refs, err := w.x.findUniqueFields(w.rel, where, w.l.child, wp)
	if err != nil {
		return err
	}
	switch {
	case refs != nil:
		w.setKey(refs)
		return nil
	case orCreate:
		return w.createKey(co["create"], request.JoinPath(p, "create"))
	default:
		return nestedNotFound(w.rel, w.f, "connect")
	}
}

// unsetKey clears the written row's key (disconnect: true).
func (w *relWrite) unsetKey(val any, p string) error {
	if b, _ := val.(bool); !b {
		return nil
	}
	for _, pf := range w.l.parent {
		if !pf.Optional {
			return perr.Validationf(w.m.Name, p, "cannot disconnect the required relation `%s`", w.f.Name)
		}
		w.vals[pf.Name] = nil
	}
	return nil
}

// current is the primary key of the related row the written row points at
// now (nil when its key is null or matches no row).
func (w *relWrite) current() ([]any, error) {
	fk, err := w.x.refsOf(w.m, w.id, w.l.parent)
	if err != nil {
		return nil, err
	}
	var target sqltree.And
	for i, c := range w.l.child {
		if fk[i] == nil {
			return nil, nil
		}
		target = append(target, sqltree.Eq(sqltree.Col{Table: w.rel.DBName, Name: c.DBName}, sqltree.Param{V: fk[i]}))
	}
	return w.x.selectFields(w.rel, target, w.rel.IDFields())
}

// updateLinked updates the related row (`update: data` or `update: {data}`).
func (w *relWrite) updateLinked(val any, p string) error {
	um, err := request.AsMap(w.m, p, val)
	if err != nil {
		return err
	}
	if d, ok := um["data"].(map[string]any); ok {
		um, p = d, request.JoinPath(p, "data")
	}
	pk, err := w.current()
	if err != nil {
		return err
	}
	if pk == nil {
		return nestedNotFound(w.rel, w.f, "update")
	}
	_, err = w.x.updateOne(w.rel, identOf(w.rel, pk), um, p)
	return err
}

// upsertLinked updates the related row, or creates one and points the
// written row at it.
func (w *relWrite) upsertLinked(val any, p string) error {
	um, err := request.AsMap(w.m, p, val)
	if err != nil {
		return err
	}
	pk, err := w.current()
	if err != nil {
		return err
	}
	if pk != nil {
		d, err := request.AsMap(w.rel, request.JoinPath(p, "update"), um["update"])
		if err != nil {
			return err
		}
		_, err = w.x.updateOne(w.rel, identOf(w.rel, pk), d, request.JoinPath(p, "update"))
		return err
	}
	d, err := request.AsMap(w.rel, request.JoinPath(p, "create"), um["create"])
	if err != nil {
		return err
	}
	cid, err := w.x.createOne(w.rel, d, nil, request.JoinPath(p, "create"))
	if err != nil {
		return err
	}
	refs, err := w.x.refsOf(w.rel, cid, w.l.child)
	if err != nil {
		return err
	}
	up := &sqltree.Update{Schema: w.m.Schema, Table: w.m.DBName, Where: pkWhere(w.m, w.m.DBName, w.id)}
	for i, pf := range w.l.parent {
		up.Set = append(up.Set, sqltree.Assign{Col: pf.DBName, Value: sqltree.Param{V: refs[i]}})
	}
	_, err = w.x.run.Exec(w.m, up)
	return err
}

// deleteLinked deletes the related row (delete: true).
func (w *relWrite) deleteLinked(val any, p string) error {
	if b, isBool := val.(bool); isBool && !b {
		return nil
	}
	pk, err := w.current()
	if err != nil {
		return err
	}
	if pk == nil {
		return nestedNotFound(w.rel, w.f, "delete")
	}
	_, err = w.x.run.Exec(w.rel, &sqltree.Delete{Schema: w.rel.Schema, Table: w.rel.DBName, Where: pkWhere(w.rel, w.rel.DBName, identOf(w.rel, pk))})
	return err
}
