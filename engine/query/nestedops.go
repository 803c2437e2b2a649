package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Nested writes (https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries#nested-writes)
// all go through nestedOps: one row per operation says where it may appear
// and what runs it, for both shapes of relation:
//
//   - key here: a to-one whose foreign key is on the written row. Its
//     operations that choose the related row (create, connect,
//     connectOrCreate, disconnect) run before the row is written, and set
//     the row's key columns; those that change the related row (update,
//     upsert, delete) run after, once the row's key is known.
//   - key there: a to-many, the back side of a one-to-one, or an implicit
//     many-to-many (join table). Every operation runs after the row is
//     written, since it needs the row's key.
//
// They are planned as steps of the outer write (plan.Write, in its
// transaction), in the table's order, Prisma's: what unlinks and removes
// before what creates and links. What a step needs from an earlier one
// (the row's key, the related row's key) is a plan.Ref; what depends on
// whether a row exists is a step's Missing or Exists, or a plan.Branch.
type nestedOp struct {
	name     string
	inCreate bool // allowed in a create's data, not only in an update's
	listOnly bool // to-many relations only
	// here runs the operation on a relation whose key is on the written row
	// (nil: not available there); before says it runs before the row is
	// written. there runs it on the other shapes (nil: not available).
	here   func(w *relWrite, b *plan.Write, val any, path string) error
	before bool
	there  func(w *relWrite, b *plan.Write, val any, path string) error
}

// nestedOps is filled by init: its functions reach back to it through
// nested creates (a static initializer would be a cycle).
var nestedOps []nestedOp

func init() {
	nestedOps = []nestedOp{
		{name: "set", listOnly: true, there: (*relWrite).set},
		{name: "disconnect", here: (*relWrite).unsetKey, before: true, there: (*relWrite).disconnect},
		{name: "delete", here: (*relWrite).deleteLinked, there: func(w *relWrite, b *plan.Write, v any, p string) error { return w.remove(b, v, p, true) }},
		{name: "deleteMany", listOnly: true, there: func(w *relWrite, b *plan.Write, v any, p string) error { return w.remove(b, v, p, false) }},
		{name: "update", here: (*relWrite).updateLinked, there: func(w *relWrite, b *plan.Write, v any, p string) error { return w.update(b, v, p, true) }},
		{name: "updateMany", listOnly: true, there: func(w *relWrite, b *plan.Write, v any, p string) error { return w.update(b, v, p, false) }},
		{name: "upsert", here: (*relWrite).upsertLinked, there: (*relWrite).upsert},
		{name: "create", inCreate: true, here: (*relWrite).createKey, before: true, there: (*relWrite).create},
		{name: "createMany", inCreate: true, listOnly: true, there: (*relWrite).createMany},
		{name: "connect", inCreate: true, here: func(w *relWrite, b *plan.Write, v any, p string) error { return w.connectKey(b, v, p, false) }, before: true,
			there: func(w *relWrite, b *plan.Write, v any, p string) error { return w.connect(b, v, p, false) }},
		{name: "connectOrCreate", inCreate: true, here: func(w *relWrite, b *plan.Write, v any, p string) error { return w.connectKey(b, v, p, true) }, before: true,
			there: func(w *relWrite, b *plan.Write, v any, p string) error { return w.connect(b, v, p, true) }},
	}
}

// nestedStep is one operation of a request on a relation, with its value.
type nestedStep struct {
	op   *nestedOp
	val  any
	path string
}

// nestedWrite is the operations a request gives for one relation field of
// a written row, checked against nestedOps and in their order.
type nestedWrite struct {
	w     *relWrite
	steps []nestedStep
}

// available says whether op may appear on f in a create (creating) or an update.
func (op *nestedOp) available(f *schema.Field, creating bool) bool {
	switch {
	case creating && !op.inCreate, op.listOnly && !f.List:
		return false
	case f.Relation.HoldsFK():
		return op.here != nil
	default:
		return op.there != nil
	}
}

// readNested checks the operations v gives for relation f of m, all of
// them before any runs: each must be one that f's shape and the context (a
// create or an update) allow.
func (x *planner) readNested(m *schema.Model, f *schema.Field, v any, path string, creating bool) (*nestedWrite, error) {
	ops, err := request.AsMap(m, path, v)
	if err != nil {
		return nil, err
	}
	ops = request.CanonOps(ops)
	var allowed []string
	for i := range nestedOps {
		if op := &nestedOps[i]; op.available(f, creating) {
			allowed = append(allowed, op.name)
		}
	}
	n := &nestedWrite{w: &relWrite{x: x, m: m, rel: f.Relation.Model, f: f, l: linkOf(f), inUpdate: !creating}}
	for k := range ops {
		if !request.Contains(allowed, k) {
			where := "in an update"
			if creating {
				where = "in a create"
			}
			return nil, perr.Validationf(m.Name, request.JoinPath(path, k), "unsupported nested operation `%s` on relation `%s` %s; expected one of %v", k, f.Name, where, allowed)
		}
	}
	for i := range nestedOps {
		op := &nestedOps[i]
		if val, ok := ops[op.name]; ok {
			n.steps = append(n.steps, nestedStep{op: op, val: val, path: request.JoinPath(path, op.name)})
		}
	}
	return n, nil
}

// setKeys plans the operations that choose the related row of a relation
// whose key is on the written row, setting its key columns in vals. It
// reports whether operations are left to plan after the write.
func (n *nestedWrite) setKeys(b *plan.Write, vals map[string]any) (bool, error) {
	if !n.w.f.Relation.HoldsFK() {
		return true, nil
	}
	n.w.vals = vals
	left := n.steps[:0:0]
	for _, s := range n.steps {
		if !s.op.before {
			left = append(left, s)
			continue
		}
		if err := s.op.here(n.w, b, s.val, s.path); err != nil {
			return false, err
		}
	}
	n.steps = left
	return len(left) > 0, nil
}

// plan plans the operations left for after the row id is written.
func (n *nestedWrite) plan(b *plan.Write, id ident) error {
	w := n.w
	w.id = id
	here := w.f.Relation.HoldsFK()
	if !here {
		w.pv = w.x.fieldsOf(b, w.m, id, w.l.parent)
		w.inject = map[string]any{}
		if !w.l.m2m {
			for i, c := range w.l.child {
				w.inject[c.Name] = w.pv[i]
			}
		}
	}
	for _, s := range n.steps {
		run := s.op.there
		if here {
			run = s.op.here
		}
		if err := run(w, b, s.val, s.path); err != nil {
			return err
		}
	}
	return nil
}
