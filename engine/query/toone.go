package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// Nested operations on a to-one relation whose foreign key is on the
// written row (see nestedOps). Those planned before the write set the
// row's key columns in w.vals (to Refs of the related row's key); the
// others act on the related row the key points at, after the write (w.id).

// setKey points the written row at the related row whose key fields hold refs.
func (w *relWrite) setKey(refs []any) {
	for i, pf := range w.l.parent {
		w.vals[pf.Name] = refs[i]
	}
}

// createKey creates the related row and points the written row at it.
func (w *relWrite) createKey(b *plan.Write, val any, p string) error {
	d, err := request.AsMap(w.rel, p, val)
	if err != nil {
		return err
	}
	id, err := w.x.createOne(b, w.rel, d, nil, p)
	if err != nil {
		return err
	}
	w.setKey(w.x.fieldsOf(b, w.rel, id, w.l.child))
	return nil
}

// connectKey points the written row at an existing related row, or (orCreate)
// at a new one when none matches.
func (w *relWrite) connectKey(b *plan.Write, val any, p string, orCreate bool) error {
	if !orCreate {
		refs, _, err := w.x.uniqueRow(b, w.rel, val, w.l.child, p, nestedNotFound(w.rel, w.f, "connect"))
		if err == nil {
			w.setKey(refs)
		}
		return err
	}
	co, err := request.AsMap(w.rel, p, val)
	if err != nil {
		return err
	}
	refs, found, err := w.x.uniqueRow(b, w.rel, co["where"], w.l.child, request.JoinPath(p, "where"), nil)
	if err != nil {
		return err
	}
	// Created instead: the new row's key is read into the same Refs.
	els := &plan.Write{Model: b.Model}
	d, err := request.AsMap(w.rel, request.JoinPath(p, "create"), co["create"])
	if err != nil {
		return err
	}
	id, err := w.x.createOne(els, w.rel, d, nil, request.JoinPath(p, "create"))
	if err != nil {
		return err
	}
	s, types := rowSelect(w.rel, pkWhere(w.rel, w.rel.DBName, id), w.l.child)
	// readRow's step, without Missing, has its N as its ID.
	els.Steps = append(els.Steps, plan.Step{Stmt: s, Model: w.rel, Fields: w.l.child, Types: types,
		N: found, Missing: missingRecord(w.rel, "Record was not found.")})
	b.Steps = append(b.Steps, plan.Step{Branch: &plan.Branch{Found: found, Else: els.Steps}})
	w.setKey(refs)
	return nil
}

// unsetKey clears the written row's key (disconnect: true).
func (w *relWrite) unsetKey(_ *plan.Write, val any, p string) error {
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

// current adds the read of the primary key of the related row the written
// row points at now (none when its key is null or matches no row): its
// Refs, and the step's ID when missing is nil.
func (w *relWrite) current(b *plan.Write, missing func() error) (ident, int) {
	fk := w.x.fieldsOf(b, w.m, w.id, w.l.parent)
	var target sqltree.And
	for i, c := range w.l.child {
		// A null key matches nothing (= NULL), as no related row.
		target = append(target, sqltree.Eq(sqltree.Col{Table: w.rel.DBName, Name: c.DBName}, sqltree.Param{V: fk[i]}))
	}
	pk, found := w.x.readRow(b, w.rel, target, w.rel.IDFields(), missing)
	return identOf(w.rel, pk), found
}

// updateLinked updates the related row (`update: data` or `update: {data}`).
func (w *relWrite) updateLinked(b *plan.Write, val any, p string) error {
	um, err := request.AsMap(w.m, p, val)
	if err != nil {
		return err
	}
	if d, ok := um["data"].(map[string]any); ok {
		um, p = d, request.JoinPath(p, "data")
	}
	pk, _ := w.current(b, nestedNotFound(w.rel, w.f, "update"))
	_, err = w.x.updateOne(b, w.rel, pk, um, p)
	return err
}

// upsertLinked updates the related row, or creates one and points the
// written row at it.
func (w *relWrite) upsertLinked(b *plan.Write, val any, p string) error {
	um, err := request.AsMap(w.m, p, val)
	if err != nil {
		return err
	}
	pk, found := w.current(b, nil)
	then := &plan.Write{Model: b.Model}
	d, err := request.AsMap(w.rel, request.JoinPath(p, "update"), um["update"])
	if err != nil {
		return err
	}
	if _, err = w.x.updateOne(then, w.rel, pk, d, request.JoinPath(p, "update")); err != nil {
		return err
	}
	els := &plan.Write{Model: b.Model}
	if d, err = request.AsMap(w.rel, request.JoinPath(p, "create"), um["create"]); err != nil {
		return err
	}
	cid, err := w.x.createOne(els, w.rel, d, nil, request.JoinPath(p, "create"))
	if err != nil {
		return err
	}
	refs := w.x.fieldsOf(els, w.rel, cid, w.l.child)
	up := &sqltree.Update{Schema: w.m.Schema, Table: w.m.DBName, Where: pkWhere(w.m, w.m.DBName, w.id)}
	for i, pf := range w.l.parent {
		up.Set = append(up.Set, sqltree.Assign{Col: pf.DBName, Value: sqltree.Param{V: refs[i]}})
	}
	els.Steps = append(els.Steps, plan.Step{Stmt: up, Model: w.m})
	b.Steps = append(b.Steps, plan.Step{Branch: &plan.Branch{Found: found, Then: then.Steps, Else: els.Steps}})
	return nil
}

// deleteLinked deletes the related row (delete: true).
func (w *relWrite) deleteLinked(b *plan.Write, val any, _ string) error {
	if v, isBool := val.(bool); isBool && !v {
		return nil
	}
	pk, _ := w.current(b, nestedNotFound(w.rel, w.f, "delete"))
	b.Steps = append(b.Steps, plan.Step{Stmt: &sqltree.Delete{Schema: w.rel.Schema, Table: w.rel.DBName, Where: pkWhere(w.rel, w.rel.DBName, pk)}, Model: w.rel})
	return nil
}
