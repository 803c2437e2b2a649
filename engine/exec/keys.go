package exec

import (
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Keys of related rows: how parents and children are matched, and how key
// lists are split under the dialect's bind limit.

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
			t = append(t, EncodeKey(f, v))
		}
		k := KeyOf(r, fields)
		if null || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// EncodeKey turns a decoded value back into a bind argument.
func EncodeKey(f *schema.Field, v any) any {
	if f.Kind == schema.EnumField && v != nil {
		for _, ev := range f.Enum.Values {
			if ev.Name == v {
				return ev.DBName
			}
		}
	}
	return v
}

// chunks splits key tuples so that a statement stays under the dialect's
// bind-parameter limit, given the parameters the rest of it uses.
func (x *Runner) chunks(tuples [][]any, width, used int) [][][]any {
	n := (x.D.MaxParams() - used - 16) / max(width, 1)
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

func (x *Runner) paramCount(e sqltree.Expr) int {
	_, a := sqltree.RenderExpr(x.D, e)
	return len(a)
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
	return KeyOf(tmp, as)
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

// ToInt64 is a count or integer as the drivers give it (0 for anything else).
func ToInt64(v any) int64 {
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
