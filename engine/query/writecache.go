package query

import (
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The write plan cache: create, update and delete of one row with scalar
// data, kept in the read cache's table (plancache.go) under the same kind
// of shape. The shape spells the arguments with the data's top-level
// scalar values (`field: v`, and in an update `field: {set|increment|
// decrement|multiply: v}`) and the where's lifted as plancache.go lifts
// them; data values of other kinds (Json, Bytes, Decimal, lists, maps)
// make the request uncacheable rather than spelled, so that values never
// become one-off shapes. The plan is kept with its statements rendered
// (sqltree.Rendered); its Refs and Slots stay in the arguments, so exec
// binds them, and makes the clock and ids, afresh on every run.
//
// Where a lifted value is bound is found by planning the request again
// with that one value changed (a probe) and comparing the rendered
// statements: the positions that change are the value's, and nothing else
// may change (not the SQL, not a read planned whole, which is kept as
// planned). This finds a value bound twice (SQLite's overflow guard on an
// increment repeats it), tells it from an equal constant, and refuses a
// value the planner rewrote or computed with. A hit checks and coerces
// each lifted value as planning does (request.Coerce and the dialect's
// checks); one that fails is planned as usual, which answers the error.

var writeActions = map[string]bool{"create": true, "update": true, "delete": true}

// dataOps are the update operations whose argument may be lifted
// (divide is refused on zero, a check the cache does not repeat).
var dataOps = map[string]bool{"set": true, "increment": true, "decrement": true, "multiply": true}

// cachedWrite is a kept write: w's statements rendered (reads kept as
// planned), and where each lifted value goes.
type cachedWrite struct {
	w     *plan.Write
	slots [][]argPos // lifted value i goes to each of slots[i]
}

type argPos struct{ step, arg int }

// writeFill is a missed write shape, kept once planned (keepWrite).
type writeFill struct {
	cacheFill
	model, action string
	argv          map[string]any
}

// dataShape spells a write's data, lifting its top-level scalar values;
// false when the data cannot be cached (a relation, an unknown field, a
// value of a kind that is not lifted).
func dataShape(b *strings.Builder, m *schema.Model, action string, data map[string]any, out *[]lifted) bool {
	b.WriteByte('{')
	for _, k := range request.SortedKeys(data) {
		f := m.Field(k)
		if f == nil || f.List || (f.Kind != schema.ScalarField && f.Kind != schema.EnumField) {
			return false
		}
		switch f.Type {
		case schema.Json, schema.Bytes, schema.Decimal:
			return false
		}
		b.WriteString(k) // a field's name: no quoting needed
		b.WriteByte(':')
		v := data[k]
		if v == nil {
			b.WriteString("null,")
			continue
		}
		if tag := dataTag(v); tag != 0 {
			lift(b, tag, out, lifted{f: f, path: "data." + k, v: v})
			continue
		}
		ops, isMap := v.(map[string]any)
		if !isMap || len(ops) != 1 || action != "update" {
			return false
		}
		for op, x := range ops {
			tag := dataTag(x)
			if !dataOps[op] || tag == 0 {
				return false
			}
			b.WriteByte('{')
			b.WriteString(op)
			b.WriteString(":?")
			b.WriteByte(tag)
			b.WriteString("},")
			*out = append(*out, lifted{f: f, path: "data." + k + "." + op, v: x})
		}
	}
	b.WriteByte('}')
	return true
}

// dataTag is liftTag, with times (a DateTime given as such).
func dataTag(v any) byte {
	if _, ok := v.(time.Time); ok {
		return 't'
	}
	return liftTag(v)
}

// runCachedWrite runs a kept write with the request's values; ok false
// when a value fails its check (the request is then planned).
func (x *planner) runCachedWrite(m *schema.Model, c *cachedWrite, vals []lifted) (any, bool, error) {
	w := *c.w
	w.Steps = append([]plan.Step(nil), c.w.Steps...)
	for i := range w.Steps {
		if r, ok := w.Steps[i].Stmt.(*sqltree.Rendered); ok {
			w.Steps[i].Stmt = &sqltree.Rendered{SQL: r.SQL, Args: append([]any(nil), r.Args...)}
		}
	}
	for i, l := range vals {
		v, err := x.coerce(m, l.f, l.path, l.v)
		if err != nil || v == nil {
			return nil, false, nil
		}
		for _, p := range c.slots[i] {
			w.Steps[p.step].Stmt.(*sqltree.Rendered).Args[p.arg] = v
		}
	}
	planCacheHits.Add(1)
	res, err := x.run.Write(&w)
	return res, true, err
}

// keepWrite keeps w, the plan of the missed write shape x.wfill, when
// every lifted value is found by its probe; a shape that cannot be kept
// whatever its values is marked so (plannedWrite), so that its requests
// are not probed again.
func (x *planner) keepWrite(m *schema.Model, w *plan.Write) {
	f := x.wfill
	x.wfill = nil
	if f == nil || f.cache.n.Load() >= planCacheSize {
		return
	}
	var e any = plannedWrite{}
	if len(x.lists) == 0 && len(x.searches) == 0 { // named in errors by the planner's state
		c, again := x.findSlots(m, f, w)
		if again {
			return
		}
		if c != nil {
			e = c
		}
	}
	if _, loaded := f.cache.plans.LoadOrStore(f.key, e); !loaded {
		f.cache.n.Add(1)
	}
}

// plannedWrite marks a write shape that is planned every time.
type plannedWrite struct{}

// findSlots is w kept with where each lifted value goes; nil when the
// shape cannot be kept, and again when these values could not tell (no
// other value to probe with).
func (x *planner) findSlots(m *schema.Model, f *writeFill, w *plan.Write) (c *cachedWrite, again bool) {
	base, ok := x.renderSteps(w)
	if !ok {
		return nil, false
	}
	slots := make([][]argPos, len(f.vals))
	for i, l := range f.vals {
		v, err := x.coerce(m, l.f, l.path, l.v)
		if err != nil || v == nil {
			return nil, true
		}
		pv, raw, ok := x.perturb(m, l, v)
		if !ok {
			return nil, true
		}
		pw, ok := x.probe(f, i, raw)
		if !ok {
			return nil, true
		}
		got, ok := x.renderSteps(pw)
		if !ok || len(got) != len(base) {
			return nil, false
		}
		for s := range base {
			b, g := base[s], got[s]
			if b.sql != g.sql || len(b.args) != len(g.args) {
				return nil, false
			}
			for j := range b.args {
				if reflect.DeepEqual(b.args[j], g.args[j]) {
					continue
				}
				if b.read || !sameArg(b.args[j], v) || !sameArg(g.args[j], pv) {
					return nil, false // a read planned whole, or a value rewritten
				}
				slots[i] = append(slots[i], argPos{s, j})
			}
		}
		if len(slots[i]) == 0 {
			return nil, false
		}
	}
	for i := range slots {
		for _, p := range slots[i] {
			for k := range slots[:i] {
				for _, q := range slots[k] {
					if p == q {
						return nil, false // one argument made of two values
					}
				}
			}
		}
	}
	kept := *w
	kept.Steps = append([]plan.Step(nil), w.Steps...)
	for i, r := range base {
		if !r.read {
			kept.Steps[i].Stmt = &sqltree.Rendered{SQL: r.sql, Args: r.args}
		}
	}
	return &cachedWrite{w: &kept, slots: slots}, false
}

// renderedStep is a step of a write as rendered for the dialect; read is
// a read planned whole (kept as planned: exec renders it).
type renderedStep struct {
	sql  string
	args []any
	read bool
}

// renderSteps renders w's steps; false for a plan the cache does not
// keep (branches, steps bound to an earlier step's keys, a read with a
// cursor).
func (x *planner) renderSteps(w *plan.Write) ([]renderedStep, bool) {
	out := make([]renderedStep, len(w.Steps))
	for i, s := range w.Steps {
		switch {
		case s.Branch != nil || s.Keys != nil:
			return nil, false
		case s.Read != nil:
			if s.Read.Cursor != nil {
				return nil, false
			}
			out[i].sql, out[i].args = sqltree.Render(x.d, s.Read.Select)
			out[i].read = true
		default:
			if _, pre := s.Stmt.(*sqltree.Rendered); pre {
				return nil, false
			}
			out[i].sql, out[i].args = sqltree.Render(x.d, s.Stmt)
		}
	}
	return out, true
}

// probe plans the missed request again with lifted value i given as raw.
func (x *planner) probe(f *writeFill, i int, raw any) (*plan.Write, bool) {
	argv, ok := withValue(f.argv, strings.Split(f.vals[i].path, "."), raw)
	if !ok {
		return nil, false
	}
	p := &planner{ctx: x.ctx, sch: x.sch, d: x.d, mint: &slotMint{}, planOnly: true}
	p.run = &exec.Runner{Ctx: x.ctx, Sch: x.sch, D: x.d, DB: &recorder{}, Q: &recorder{}, Err: p.dbErr}
	res, err := probeDispatch(p, f.model, f.action, argv)
	w, ok := res.(*plan.Write)
	return w, err == nil && ok
}

// probeDispatch is dispatch, set at init: the actions table reaches
// keepWrite, so naming dispatch here would be an initialization cycle.
var probeDispatch func(x *planner, model, action string, argv map[string]any) (any, error)

func init() { probeDispatch = (*planner).dispatch }

// withValue is a copy of argv with the value at path replaced (the maps
// on the path copied, the rest shared).
func withValue(argv map[string]any, path []string, v any) (map[string]any, bool) {
	out := make(map[string]any, len(argv))
	for k, x := range argv {
		out[k] = x
	}
	if len(path) == 1 {
		out[path[0]] = v
		return out, true
	}
	inner, ok := argv[path[0]].(map[string]any)
	if !ok {
		return nil, false
	}
	c, ok := withValue(inner, path[1:], v)
	out[path[0]] = c
	return out, ok
}

// perturb is another valid value of lifted value l (coerced: v), coerced
// (pv) and as given to a probe (raw); false when there is none at hand.
func (x *planner) perturb(m *schema.Model, l lifted, v any) (pv, raw any, ok bool) {
	var cands []any
	switch t := v.(type) {
	case string:
		if l.f.Kind == schema.EnumField {
			for _, ev := range l.f.Enum.Values {
				if ev.DBName != t {
					cands = append(cands, ev.Name)
					break
				}
			}
		} else {
			cands = []any{t + "~"}
		}
	case int64:
		if t < math.MaxInt64 {
			cands = append(cands, t+1)
		}
		if t > math.MinInt64 {
			cands = append(cands, t-1)
		}
	case float64:
		cands = []any{t + 1, t - 1, t * 2}
	case bool:
		cands = []any{!t}
	case time.Time:
		cands = []any{t.Add(time.Second)}
	}
	for _, c := range cands {
		p, err := x.coerce(m, l.f, l.path, c)
		if err == nil && p != nil && !sameArg(p, v) {
			return p, c, true
		}
	}
	return nil, nil, false
}

// sameArg is sameValue, with times.
func sameArg(a, v any) bool {
	if t, ok := v.(time.Time); ok {
		u, ok := a.(time.Time)
		return ok && u == t
	}
	return sameValue(a, v)
}
