package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// relWrite is the nested writes on one relation f of one written row. The
// operations for a relation whose key is on the related model (1-n, or the
// back side of a 1-1) or in an implicit m-n join table are here; those for
// a to-one whose key is on the written row are in toone.go.
type relWrite struct {
	x        *planner
	m, rel   *schema.Model
	f        *schema.Field
	l        link
	inUpdate bool // inside an update: a to-one may already be linked

	vals   map[string]any // key here, before the write: the row's column values
	id     ident          // after the write: the written row's primary key
	pv     []any          // key there: the parent's key values the relation points at
	inject map[string]any // key there: the child's foreign key, set on nested creates
}

// linked matches the related rows of this parent (alias q of the related table).
func (w *relWrite) linked(q string) sqltree.Expr {
	l := w.l
	if l.m2m {
		sub := &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Col{Name: l.otherCol}}},
			From: sqltree.Table{Schema: l.schema, Name: l.table}, Where: sqltree.Eq(sqltree.Col{Name: l.joinCol}, sqltree.Param{V: w.pv[0]})}
		return sqltree.InSelect{X: sqltree.Col{Table: q, Name: l.child[0].DBName}, Q: sub}
	}
	var and sqltree.And
	for i, c := range l.child {
		and = append(and, sqltree.Eq(sqltree.Col{Table: q, Name: c.DBName}, sqltree.Param{V: w.pv[i]}))
	}
	return and
}

// target is a where on the related model restricted to this parent's rows.
func (w *relWrite) target(where any, path string) (sqltree.Expr, error) {
	e, err := w.x.where(w.rel, w.rel.DBName, where, path)
	if err != nil {
		return nil, err
	}
	return sqltree.Conj(e, w.linked(w.rel.DBName)), nil
}

// attach links an existing related row to the parent.
func (w *relWrite) attach(b *plan.Write, child ident) {
	l := w.l
	if l.m2m {
		ins := &sqltree.Insert{Schema: l.schema, Table: l.table, Columns: []string{l.joinCol, l.otherCol}, Ignore: true,
			Rows: [][]sqltree.Expr{{sqltree.Param{V: w.pv[0]}, sqltree.Param{V: child[l.child[0].Name]}}}}
		b.Steps = append(b.Steps, plan.Step{Stmt: ins, Model: w.rel})
		return
	}
	up := &sqltree.Update{Schema: w.rel.Schema, Table: w.rel.DBName, Where: pkWhere(w.rel, w.rel.DBName, child)}
	for i, c := range l.child {
		up.Set = append(up.Set, sqltree.Assign{Col: c.DBName, Value: sqltree.Param{V: w.pv[i]}})
	}
	b.Steps = append(b.Steps, plan.Step{Stmt: up, Model: w.rel})
}

// detach unlinks the parent's related rows matching e (all when e is nil).
func (w *relWrite) detach(b *plan.Write, e sqltree.Expr, path string) error {
	l := w.l
	if l.m2m {
		where := sqltree.Eq(sqltree.Col{Name: l.joinCol}, sqltree.Param{V: w.pv[0]})
		if e != nil {
			sub := &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Col{Table: w.rel.DBName, Name: l.child[0].DBName}}},
				From: sqltree.Table{Schema: w.rel.Schema, Name: w.rel.DBName}, Where: e}
			where = sqltree.Conj(where, sqltree.InSelect{X: sqltree.Col{Name: l.otherCol}, Q: sub})
		}
		b.Steps = append(b.Steps, plan.Step{Stmt: &sqltree.Delete{Schema: l.schema, Table: l.table, Where: where}, Model: w.rel})
		return nil
	}
	up := &sqltree.Update{Schema: w.rel.Schema, Table: w.rel.DBName, Where: sqltree.Conj(e, w.linked(w.rel.DBName))}
	for _, c := range l.child {
		if !c.Optional {
			return perr.Validationf(w.m.Name, path, "cannot disconnect `%s`: the relation is required on %s", w.f.Name, w.rel.Name)
		}
		up.Set = append(up.Set, sqltree.Assign{Col: c.DBName, Value: sqltree.Param{V: nil}})
	}
	b.Steps = append(b.Steps, plan.Step{Stmt: up, Model: w.rel})
	return nil
}

// replaceOne makes room for a new row on the back side of a 1-1 in an
// update: the row linked so far (other than except, the row about to be
// linked) is unlinked (its key is unique), or the write is refused when
// that key is required, as Prisma does (P2014).
func (w *relWrite) replaceOne(b *plan.Write, except ident, path string) error {
	if w.f.List || w.l.m2m || !w.inUpdate {
		return nil
	}
	var other sqltree.Expr
	if except != nil {
		other = sqltree.Not{X: pkWhere(w.rel, w.rel.DBName, except)}
	}
	for _, c := range w.l.child {
		if !c.Optional {
			s, types := rowSelect(w.rel, sqltree.Conj(other, w.linked(w.rel.DBName)), w.rel.IDFields())
			b.Steps = append(b.Steps, plan.Step{Stmt: s, Model: w.rel, Fields: w.rel.IDFields(), Types: types, Exists: func() error {
				return perr.New(perr.RequiredRelation, map[string]any{"modelName": w.m.Name, "relation_name": w.f.Relation.Name, "path": path},
					"The change you are trying to make would violate the required relation '%s' between the %s and %s models.",
					w.f.Relation.Name, w.m.Name, w.rel.Name)
			}})
			return nil
		}
	}
	return w.detach(b, other, path)
}

// items is a to-many value as a list, a to-one value as one item.
func (w *relWrite) items(val any) []any {
	if w.f.List {
		return request.AsList(val)
	}
	return []any{val}
}

func (w *relWrite) itemPath(p string, i int) string { return itemPath(p, w.f.List, i) }

// createLinked creates a related row pointing at the parent.
func (w *relWrite) createLinked(b *plan.Write, data any, path string) error {
	d, err := request.AsMap(w.rel, path, data)
	if err != nil {
		return err
	}
	cid, err := w.x.createOne(b, w.rel, d, w.inject, path)
	if err != nil || !w.l.m2m {
		return err
	}
	w.attach(b, cid)
	return nil
}

func (w *relWrite) create(b *plan.Write, val any, p string) error {
	if err := w.replaceOne(b, nil, p); err != nil {
		return err
	}
	for i, item := range w.items(val) {
		if err := w.createLinked(b, item, w.itemPath(p, i)); err != nil {
			return err
		}
	}
	return nil
}

func (w *relWrite) createMany(b *plan.Write, val any, p string) error {
	if w.l.m2m {
		return perr.Validationf(w.m.Name, p, "createMany is not available on the many-to-many relation `%s`", w.f.Name)
	}
	cm, err := request.AsMap(w.rel, p, val)
	if err != nil {
		return err
	}
	skip, _ := cm["skipDuplicates"].(bool)
	groups, err := w.x.insertGroups(w.rel, request.AsList(cm["data"]), w.inject, request.JoinPath(p, "data"))
	if err != nil {
		return err
	}
	w.x.insertSteps(b, w.rel, groups, skip, nil)
	return nil
}

func (w *relWrite) connect(b *plan.Write, val any, p string, orCreate bool) error {
	for i, item := range w.items(val) {
		ip := w.itemPath(p, i)
		if !orCreate {
			pk, _, err := w.x.uniqueRow(b, w.rel, item, w.rel.IDFields(), ip, nestedNotFound(w.rel, w.f, "connect"))
			if err != nil {
				return err
			}
			if err := w.replaceOne(b, identOf(w.rel, pk), ip); err != nil {
				return err
			}
			w.attach(b, identOf(w.rel, pk))
			continue
		}
		co, err := request.AsMap(w.rel, ip, item)
		if err != nil {
			return err
		}
		pk, found, err := w.x.uniqueRow(b, w.rel, co["where"], w.rel.IDFields(), request.JoinPath(ip, "where"), nil)
		if err != nil {
			return err
		}
		then, els := &plan.Write{Model: b.Model}, &plan.Write{Model: b.Model}
		if err := w.replaceOne(then, identOf(w.rel, pk), ip); err != nil {
			return err
		}
		w.attach(then, identOf(w.rel, pk))
		if err := w.replaceOne(els, nil, ip); err != nil {
			return err
		}
		if err := w.createLinked(els, co["create"], request.JoinPath(ip, "create")); err != nil {
			return err
		}
		b.Steps = append(b.Steps, plan.Step{Branch: &plan.Branch{Found: found, Then: then.Steps, Else: els.Steps}})
	}
	return nil
}

func (w *relWrite) set(b *plan.Write, val any, p string) error {
	if err := w.detach(b, nil, p); err != nil {
		return err
	}
	for i, item := range request.AsList(val) {
		pk, _, err := w.x.uniqueRow(b, w.rel, item, w.rel.IDFields(), itemPath(p, true, i), nestedNotFound(w.rel, w.f, "set"))
		if err != nil {
			return err
		}
		w.attach(b, identOf(w.rel, pk))
	}
	return nil
}

func (w *relWrite) disconnect(b *plan.Write, val any, p string) error {
	if v, isBool := val.(bool); isBool {
		if !v {
			return nil
		}
		return w.detach(b, nil, p)
	}
	for i, item := range request.AsList(val) {
		e, err := w.x.where(w.rel, w.rel.DBName, item, itemPath(p, true, i))
		if err != nil {
			return err
		}
		if err := w.detach(b, e, p); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes linked rows: `delete` (each where must match) or `deleteMany`.
func (w *relWrite) remove(b *plan.Write, val any, p string, one bool) error {
	wheres := []any{nil}
	if v, isBool := val.(bool); isBool {
		if !v {
			return nil
		}
	} else {
		wheres = request.AsList(val)
	}
	for i, item := range wheres {
		e, err := w.target(item, itemPath(p, true, i))
		if err != nil {
			return err
		}
		step := plan.Step{Stmt: &sqltree.Delete{Schema: w.rel.Schema, Table: w.rel.DBName, Where: e}, Model: w.rel}
		if one {
			step.Missing = nestedNotFound(w.rel, w.f, "delete")
		}
		b.Steps = append(b.Steps, step)
	}
	return nil
}

func (w *relWrite) upsert(b *plan.Write, val any, p string) error {
	for i, item := range w.items(val) {
		ip := w.itemPath(p, i)
		um, err := request.AsMap(w.rel, ip, item)
		if err != nil {
			return err
		}
		e, err := w.target(um["where"], request.JoinPath(ip, "where"))
		if err != nil {
			return err
		}
		pk, found := w.x.readRow(b, w.rel, e, w.rel.IDFields(), nil)
		then, els := &plan.Write{Model: b.Model}, &plan.Write{Model: b.Model}
		dm, err := request.AsMap(w.rel, request.JoinPath(ip, "update"), um["update"])
		if err != nil {
			return err
		}
		if _, err := w.x.updateOne(then, w.rel, identOf(w.rel, pk), dm, request.JoinPath(ip, "update")); err != nil {
			return err
		}
		if err := w.createLinked(els, um["create"], request.JoinPath(ip, "create")); err != nil {
			return err
		}
		b.Steps = append(b.Steps, plan.Step{Branch: &plan.Branch{Found: found, Then: then.Steps, Else: els.Steps}})
	}
	return nil
}

// update plans `update` (the row must exist) or `updateMany` on linked rows.
func (w *relWrite) update(b *plan.Write, val any, p string, one bool) error {
	for i, item := range w.items(val) {
		ip := w.itemPath(p, i)
		um, err := request.AsMap(w.rel, ip, item)
		if err != nil {
			return err
		}
		where, data := any(nil), any(um)
		if w.f.List || um["data"] != nil {
			where, data = um["where"], um["data"]
		}
		e, err := w.target(where, request.JoinPath(ip, "where"))
		if err != nil {
			return err
		}
		dm, err := request.AsMap(w.rel, request.JoinPath(ip, "data"), data)
		if err != nil {
			return err
		}
		if !one {
			if err := w.x.updateWhere(b, w.rel, e, dm, request.JoinPath(ip, "data")); err != nil {
				return err
			}
			continue
		}
		// Find the row first: an UPDATE's affected count can be 0 for a row
		// that exists but does not change (MySQL).
		pk, _ := w.x.readRow(b, w.rel, e, w.rel.IDFields(), nestedNotFound(w.rel, w.f, "update"))
		if _, err := w.x.updateOne(b, w.rel, identOf(w.rel, pk), dm, request.JoinPath(ip, "data")); err != nil {
			return err
		}
	}
	return nil
}
