package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// loadRelations loads every selected relation and relation count of rows,
// one query per relation (chunked), and stitches the results into rows.
func (x *exec) loadRelations(sel *selection, rows []row) error {
	if len(rows) == 0 {
		return nil
	}
	for _, r := range sel.rels {
		if err := x.loadRel(r, rows); err != nil {
			return err
		}
	}
	for _, c := range sel.counts {
		if err := x.loadCount(c, rows); err != nil {
			return err
		}
	}
	return nil
}

// parentKeys collects the distinct non-null key tuples of rows.
func parentKeys(rows []row, fields []*schema.Field) [][]any {
	seen := map[string]bool{}
	var out [][]any
	for _, r := range rows {
		var t []any
		null := false
		for _, f := range fields {
			v := r[f.Name]
			if v == nil {
				null = true
			}
			t = append(t, encodeKey(f, v))
		}
		k := keyOf(r, fields)
		if null || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// encodeKey turns a decoded value back into a bind argument.
func encodeKey(f *schema.Field, v any) any {
	if f.Kind == schema.EnumField && v != nil {
		for _, ev := range f.Enum.Values {
			if ev.Name == v {
				return ev.DBName
			}
		}
	}
	return v
}

// keyIn is `col IN (...)` for one column, else an OR of AND-ed equalities.
func keyIn(cols []sqltree.Expr, tuples [][]any) sqltree.Expr {
	if len(cols) == 1 {
		list := make([]sqltree.Expr, len(tuples))
		for i, t := range tuples {
			list[i] = sqltree.Param{V: t[0]}
		}
		return sqltree.In{X: cols[0], List: list}
	}
	or := sqltree.Or{}
	for _, t := range tuples {
		var and sqltree.And
		for i, c := range cols {
			and = append(and, sqltree.Eq(c, sqltree.Param{V: t[i]}))
		}
		or = append(or, and)
	}
	return or
}

// chunks splits key tuples so that a statement stays under the dialect's
// bind-parameter limit, given the parameters the rest of it uses.
func (x *exec) chunks(tuples [][]any, width, used int) [][][]any {
	n := (x.d.MaxParams() - used - 16) / max(width, 1)
	if n < 1 {
		n = 1
	}
	var out [][][]any
	for len(tuples) > n {
		out = append(out, tuples[:n])
		tuples = tuples[n:]
	}
	return append(out, tuples)
}

func (x *exec) paramCount(e sqltree.Expr) int {
	_, a := sqltree.RenderExpr(x.d, e)
	return len(a)
}

func (x *exec) loadRel(r *relSel, parents []row) error {
	f := r.f
	l := linkOf(f)
	rel := f.Relation.Model
	q := rel.DBName
	keys := parentKeys(parents, l.parent)
	for _, k := range []string{"take", "skip"} {
		if v, ok := r.a[k]; ok {
			if _, err := asInt(rel, f.Name+"."+k, v); err != nil {
				return err
			}
		}
	}
	where, err := x.where(rel, q, r.a["where"], f.Name+".where")
	if err != nil {
		return err
	}
	ords, err := parseOrder(rel, r.a["orderBy"], f.Name+".orderBy")
	if err != nil {
		return err
	}
	// Included to-many relations come back in primary-key order unless ordered.
	ords = withPK(rel, ords)
	var keyCols []sqltree.Expr
	var fields []*schema.Field
	var extra []extraCol
	var joins []sqltree.Join
	if l.m2m {
		jt := l.table
		joins = []sqltree.Join{{Table: sqltree.Table{Name: jt},
			On: sqltree.Eq(sqltree.Col{Table: jt, Name: l.otherCol}, sqltree.Col{Table: q, Name: l.child[0].DBName})}}
		keyCols = []sqltree.Expr{sqltree.Col{Table: jt, Name: l.joinCol}}
		extra = []extraCol{{x: keyCols[0], typ: driverType(l.parent[0])}}
		fields = r.sel.fetchFields()
	} else {
		for _, c := range l.child {
			keyCols = append(keyCols, sqltree.Col{Table: q, Name: c.DBName})
		}
		fields = r.sel.fetchFields(l.child...)
	}
	// With one parent, a nested take/skip goes into the SQL itself.
	var limit, offset *int64
	_, hasCursor := r.a["cursor"]
	_, hasDistinct := r.a["distinct"]
	if len(keys) == 1 && !hasCursor && !hasDistinct {
		if v, ok := r.a["take"]; ok {
			if n, err := asInt(rel, f.Name+".take", v); err == nil && n >= 0 {
				limit = &n
			}
		}
		if v, ok := r.a["skip"]; ok && limit != nil {
			if n, err := asInt(rel, f.Name+".skip", v); err == nil && n >= 0 {
				offset = &n
			}
		}
	}
	var children []row
	if len(keys) > 0 {
		for _, chunk := range x.chunks(keys, len(keyCols), x.paramCount(where)) {
			s := &sqltree.Select{From: sqltree.Table{Name: q}, Joins: joins,
				Where: sqltree.Conj(keyIn(keyCols, chunk), where), OrderBy: x.orderByX(q, ords),
				Limit: limit, Offset: offset}
			rows, err := x.selectRows(rel, s, q, fields, extra...)
			if err != nil {
				return err
			}
			children = append(children, rows...)
		}
	}
	// Group children by the parent key they point at.
	groups := map[string][]row{}
	for _, c := range children {
		var k string
		if l.m2m {
			k = keyOf(row{"k": decode(l.parent[0], normKey(l.parent[0], c[extraKey(0)]))}, []*schema.Field{{Name: "k"}})
			delete(c, extraKey(0))
		} else {
			k = keyOfAs(c, l.child, l.parent)
		}
		groups[k] = append(groups[k], c)
	}
	if limit == nil {
		for k, g := range groups {
			groups[k] = x.pageNested(rel, r, g)
		}
	}
	if err := x.loadRelations(r.sel, children); err != nil {
		return err
	}
	shape(r.sel, children)
	for _, p := range parents {
		var k string
		if l.m2m {
			k = keyOf(row{"k": p[l.parent[0].Name]}, []*schema.Field{{Name: "k"}})
		} else {
			k = keyOf(p, l.parent)
		}
		g := groups[k]
		if f.List {
			p[f.Name] = listOf(g)
		} else if len(g) > 0 {
			p[f.Name] = g[0]
		} else {
			p[f.Name] = nil
		}
	}
	return nil
}

// normKey decodes a join-table key read with an unknown type so that it
// compares equal to the parent's decoded key.
func normKey(f *schema.Field, v any) any {
	switch f.Type {
	case schema.Int, schema.BigInt:
		switch t := v.(type) {
		case int:
			return int64(t)
		case int32:
			return int64(t)
		case float64:
			return int64(t)
		}
	case schema.String:
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return v
}

// keyOfAs keys a child row's fields as if they were the parent's fields, so
// that both sides produce the same key text.
func keyOfAs(r row, fields, as []*schema.Field) string {
	tmp := row{}
	for i, f := range fields {
		tmp[as[i].Name] = r[f.Name]
	}
	return keyOf(tmp, as)
}

// pageNested applies a nested include's take/skip/cursor/distinct to the
// related rows of one parent (the query fetched them all, in order).
func (x *exec) pageNested(rel *schema.Model, r *relSel, g []row) []row {
	if c, ok := r.a["cursor"].(map[string]any); ok {
		start := -1
		for i, row := range g {
			match := true
			for k, v := range c {
				if f := rel.Field(k); f == nil || !equalValue(row[k], v) {
					match = false
				}
			}
			if match {
				start = i
				break
			}
		}
		if start < 0 {
			return nil
		}
		g = g[start:]
	}
	if d := asList(r.a["distinct"]); len(d) > 0 {
		var fs []*schema.Field
		for _, n := range d {
			if s, ok := n.(string); ok && rel.Field(s) != nil {
				fs = append(fs, rel.Field(s))
			}
		}
		g = distinctRows(g, fs)
	}
	var take, skip *int64
	if v, ok := r.a["take"]; ok {
		if n, err := asInt(rel, "take", v); err == nil {
			if n < 0 {
				// Backwards: the last n rows, in the requested order.
				n = -n
				if int64(len(g)) > n {
					g = g[int64(len(g))-n:]
				}
			} else {
				take = &n
			}
		}
	}
	if v, ok := r.a["skip"]; ok {
		if n, err := asInt(rel, "skip", v); err == nil {
			skip = &n
		}
	}
	return pageRows(g, take, skip)
}

func equalValue(a, b any) bool {
	if ai, ok := a.(int64); ok {
		switch t := b.(type) {
		case int64:
			return ai == t
		case int:
			return ai == int64(t)
		}
	}
	return a == b
}

// loadCount fills row["_count"][relation] with the number of related rows.
func (x *exec) loadCount(c *countSel, parents []row) error {
	f := c.f
	l := linkOf(f)
	rel := f.Relation.Model
	a := rel.DBName
	where, err := x.where(rel, a, c.where, "_count.select."+f.Name+".where")
	if err != nil {
		return err
	}
	keys := parentKeys(parents, l.parent)
	counts := map[string]int64{}
	var keyCols []sqltree.Expr
	var from sqltree.Table
	var joins []sqltree.Join
	var keyTypes []driver.Type
	if l.m2m {
		from = sqltree.Table{Name: l.table}
		keyCols = []sqltree.Expr{sqltree.Col{Table: l.table, Name: l.joinCol}}
		joins = []sqltree.Join{{Table: sqltree.Table{Name: rel.DBName},
			On: sqltree.Eq(sqltree.Col{Table: a, Name: l.child[0].DBName}, sqltree.Col{Table: l.table, Name: l.otherCol})}}
		keyTypes = []driver.Type{driverType(l.parent[0])}
	} else {
		from = sqltree.Table{Name: rel.DBName}
		for _, cf := range l.child {
			keyCols = append(keyCols, sqltree.Col{Table: a, Name: cf.DBName})
			keyTypes = append(keyTypes, driverType(cf))
		}
	}
	if len(keys) > 0 {
		for _, chunk := range x.chunks(keys, len(keyCols), x.paramCount(where)) {
			s := &sqltree.Select{From: from, Joins: joins, Where: sqltree.Conj(keyIn(keyCols, chunk), where), GroupBy: keyCols}
			for _, kc := range keyCols {
				s.Columns = append(s.Columns, sqltree.SelCol{X: kc})
			}
			s.Columns = append(s.Columns, sqltree.SelCol{X: sqltree.Func{Name: "COUNT", Star: true}})
			rows, err := x.query(rel, s, append(append([]driver.Type{}, keyTypes...), driver.TypeBigInt))
			if err != nil {
				return err
			}
			for _, r := range rows {
				tmp := row{}
				for i, pf := range l.parent {
					tmp[pf.Name] = decode(pf, r[i])
				}
				counts[keyOf(tmp, l.parent)] = toInt64(r[len(r)-1])
			}
		}
	}
	for _, p := range parents {
		cm, _ := p["_count"].(map[string]any)
		if cm == nil {
			cm = map[string]any{}
			p["_count"] = cm
		}
		cm[f.Name] = counts[keyOf(p, l.parent)]
	}
	return nil
}

func toInt64(v any) int64 {
	switch t := v.(type) {
	case int64:
		return t
	case int:
		return int64(t)
	case float64:
		return int64(t)
	}
	return 0
}
