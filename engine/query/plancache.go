package query

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The read plan cache. A find action whose plan is one statement (no
// cursor, relations, counts, join, distinct or backwards read) is kept,
// rendered, under its request's shape: the arguments with the values of the
// where's top-level scalar conditions (`field: v` and `field: {equals|lt|
// lte|gt|gte|not: v}`) lifted out as slots. A later request of the same
// Shape checks its lifted values as planning would (coerce), puts them in
// the slots and runs the statement, skipping reading the call, planning and
// rendering (38 % of a point lookup's engine time). Every other value is
// part of the shape, so it cannot change the statement unseen.
//
// A shape is kept only when each lifted value was bound unchanged, at one
// argument position of its own; otherwise (a value the planner rewrote,
// two values alike) the request is planned as usual and nothing is kept.

// planCacheSize bounds the shapes kept per schema; past it nothing more is
// kept (the shapes of an application's queries are few).
const planCacheSize = 2048

// planCacheSchemas bounds the schemas with a cache: past it every cache is
// dropped (a process holds one schema, or a few; tests make many).
const planCacheSchemas = 64

var (
	planCaches   sync.Map // *schema.Schema -> *shapeCache
	schemaCaches atomic.Int64
	// planCacheHits counts requests answered from the cache (tests).
	planCacheHits atomic.Int64
)

// shapeCache holds one schema's plans by shape.
type shapeCache struct {
	plans sync.Map // cacheKey -> *cachedRead
	n     atomic.Int64
}

type cacheKey struct {
	provider string
	shape    string
}

func cacheOf(sch *schema.Schema) *shapeCache {
	if c, ok := planCaches.Load(sch); ok {
		return c.(*shapeCache)
	}
	if schemaCaches.Add(1) > planCacheSchemas {
		planCaches.Clear()
		schemaCaches.Store(1)
	}
	c, _ := planCaches.LoadOrStore(sch, &shapeCache{})
	return c.(*shapeCache)
}

type cachedRead struct {
	p     *plan.Read // Select as rendered in sql/args
	sql   string
	args  []any
	slots []int // lifted value i goes to args[slots[i]]
}

// lifted is a where value the shape leaves out.
type lifted struct {
	f    *schema.Field
	path string
	v    any
}

var cacheableActions = map[string]bool{
	"findUnique": true, "findUniqueOrThrow": true, "findFirst": true, "findFirstOrThrow": true, "findMany": true,
}

var liftOps = map[string]bool{"equals": true, "lt": true, "lte": true, "gt": true, "gte": true, "not": true}

// shapeOf is the cache key of a request and its lifted values; ok false
// when the request is not cacheable (an action that is not a find or a
// write of writecache.go, a value of a type the shape does not spell).
func shapeOf(m *schema.Model, action string, argv map[string]any) (string, []lifted, bool) {
	write := writeActions[action]
	if !cacheableActions[action] && !write {
		return "", nil, false
	}
	var b strings.Builder
	b.Grow(128) // most shapes fit: one allocation
	b.WriteString(m.Name)
	b.WriteByte('.')
	b.WriteString(action)
	var out []lifted
	for _, k := range request.SortedKeys(argv) {
		b.WriteByte(' ')
		b.WriteString(k)
		b.WriteByte('=')
		v := argv[k]
		if where, isMap := v.(map[string]any); k == "where" && isMap {
			if !whereShape(&b, m, where, &out) {
				return "", nil, false
			}
			continue
		}
		if data, isMap := v.(map[string]any); k == "data" && isMap && write {
			if !dataShape(&b, m, action, data, &out) {
				return "", nil, false
			}
			continue
		}
		if !spell(&b, v) {
			return "", nil, false
		}
	}
	return b.String(), out, true
}

// whereShape spells a where, lifting the values of its top-level scalar
// conditions.
func whereShape(b *strings.Builder, m *schema.Model, where map[string]any, out *[]lifted) bool {
	b.WriteByte('{')
	for _, k := range request.SortedKeys(where) {
		b.WriteString(strconv.Quote(k))
		b.WriteByte(':')
		v := where[k]
		f := m.Field(k)
		if f == nil || f.List || (f.Kind != schema.ScalarField && f.Kind != schema.EnumField) || f.Type == schema.Json {
			if !spell(b, v) {
				return false
			}
			b.WriteByte(',')
			continue
		}
		if tag := liftTag(v); tag != 0 {
			lift(b, tag, out, lifted{f: f, path: "where." + k, v: v})
			continue
		}
		ops, isMap := v.(map[string]any)
		liftable := isMap && len(ops) > 0
		for op, x := range ops {
			if !liftOps[op] || liftTag(x) == 0 {
				liftable = false
				break
			}
		}
		if !liftable {
			if !spell(b, v) {
				return false
			}
			b.WriteByte(',')
			continue
		}
		b.WriteByte('{')
		for _, op := range request.SortedKeys(ops) {
			b.WriteString(op)
			b.WriteString(":?")
			b.WriteByte(liftTag(ops[op]))
			b.WriteByte(',')
			*out = append(*out, lifted{f: f, path: "where." + k + "." + op, v: ops[op]})
		}
		b.WriteString("},")
	}
	b.WriteByte('}')
	return true
}

// liftTag is the shape's letter for a value that may be lifted, 0 for one
// that may not (nil: `IS NULL` is another statement).
func liftTag(v any) byte {
	switch v.(type) {
	case int64:
		return 'i'
	case string:
		return 's'
	case bool:
		return 'b'
	case float64:
		return 'f'
	}
	return 0
}

// lift spells a lifted value's place in a shape ("?" and its kind) and
// adds the value to out.
func lift(b *strings.Builder, tag byte, out *[]lifted, l lifted) {
	b.WriteByte('?')
	b.WriteByte(tag)
	b.WriteByte(',')
	*out = append(*out, l)
}

// spell writes v whole; false for a type it does not know.
func spell(b *strings.Builder, v any) bool {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case float64:
		b.WriteString(strconv.FormatFloat(t, 'g', -1, 64))
		b.WriteByte('F')
	case string:
		b.WriteString(strconv.Quote(t))
	case []any:
		b.WriteByte('[')
		for _, x := range t {
			if !spell(b, x) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for _, k := range request.SortedKeys(t) {
			b.WriteString(strconv.Quote(k))
			b.WriteByte(':')
			if !spell(b, t[k]) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte('}')
	default:
		return false // times, decimals, bytes, sentinels: not cached
	}
	return true
}

// cached answers a find, or a write of writecache.go, from the cache; ok
// false when the request is to be planned (x.fill, or x.wfill for a write,
// is then set when its plan may be kept).
func (x *planner) cached(m *schema.Model, action string, argv map[string]any) (any, bool, error) {
	spelled, vals, ok := shapeOf(m, action, argv)
	if !ok {
		return nil, false, nil
	}
	cache := cacheOf(x.sch)
	key := cacheKey{provider: x.d.Provider(), shape: spelled}
	e, hit := cache.plans.Load(key)
	if !hit {
		fill := cacheFill{cache: cache, key: key, vals: vals}
		if writeActions[action] {
			x.wfill = &writeFill{cacheFill: fill, model: m.Name, action: action, argv: argv}
		} else {
			x.fill = &fill
		}
		return nil, false, nil
	}
	switch w := e.(type) {
	case *cachedWrite:
		return x.runCachedWrite(m, w, vals)
	case plannedWrite:
		return nil, false, nil
	}
	c := e.(*cachedRead)
	args := append([]any(nil), c.args...)
	for i, l := range vals {
		v, err := x.coerce(m, l.f, l.path, l.v)
		if err != nil || v == nil {
			return nil, false, nil // planned as usual, which reports it
		}
		args[c.slots[i]] = v
	}
	planCacheHits.Add(1)
	rows, err := x.run.Rows(m, &sqltree.Rendered{SQL: c.sql, Args: args}, c.p.Fields, c.p.Types)
	if err != nil {
		return nil, true, err
	}
	exec.Shape(c.p.Keep, rows)
	res, err := readResult(m, rows, action != "findMany", strings.HasSuffix(action, "OrThrow"))
	return res, true, err
}

// cacheFill is a missed shape, kept once its plan is made (keepPlan).
type cacheFill struct {
	cache *shapeCache
	key   cacheKey
	vals  []lifted
}

// keepPlan keeps p under the missed shape when it is one statement and
// every lifted value is bound unchanged at an argument position of its own.
func (x *planner) keepPlan(m *schema.Model, p *plan.Read) {
	f := x.fill
	x.fill = nil
	if f == nil || p.Cursor != nil || len(p.Rels) > 0 || len(p.Counts) > 0 || p.Join != nil ||
		p.Distinct != nil || p.Backwards || f.cache.n.Load() >= planCacheSize {
		return
	}
	sql, args := sqltree.Render(x.d, p.Select)
	slots := make([]int, len(f.vals))
	taken := make([]bool, len(args))
	for i, l := range f.vals {
		v, err := x.coerce(m, l.f, l.path, l.v)
		if err != nil {
			return
		}
		slots[i] = -1
		for j, a := range args {
			if sameValue(a, v) {
				if slots[i] >= 0 || taken[j] {
					return // two positions, or two values alike: ambiguous
				}
				slots[i], taken[j] = j, true
			}
		}
		if slots[i] < 0 {
			return // the planner rewrote it
		}
	}
	if _, loaded := f.cache.plans.LoadOrStore(f.key, &cachedRead{p: p, sql: sql, args: args, slots: slots}); !loaded {
		f.cache.n.Add(1)
	}
}

// sameValue compares a bound argument with a coerced value: same type and
// value (a float NaN is never the same).
func sameValue(a, v any) bool {
	switch t := v.(type) {
	case int64:
		n, ok := a.(int64)
		return ok && n == t
	case string:
		s, ok := a.(string)
		return ok && s == t
	case bool:
		x, ok := a.(bool)
		return ok && x == t
	case float64:
		x, ok := a.(float64)
		return ok && x == t && !math.IsNaN(t)
	}
	return false
}
