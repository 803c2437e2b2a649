package exec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Reading the rows of a reply: decoded by the schema's field types, paged
// and kept to the request's shape.

// Rows runs s and decodes its rows as fields (then extra columns).
func (x *Runner) Rows(m *schema.Model, s sqltree.Stmt, fields []*schema.Field, types []driver.Type) ([]row, error) {
	raw, err := x.Query(m, s, types)
	if err != nil {
		return nil, err
	}
	rows := make([]row, len(raw))
	for i, r := range raw {
		rows[i] = decodeRow(fields, r)
	}
	return rows, nil
}

// ListOf is rows as the reply's list.
func ListOf(rows []row) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}

// decodeRow is a row read as fields (then extra columns) as the reply has it.
func decodeRow(fields []*schema.Field, r []any) row {
	out := make(row, len(r))
	for j, f := range fields {
		out[f.Name] = Decode(f, r[j])
	}
	for j := len(fields); j < len(r); j++ {
		out[extraKey(j-len(fields))] = r[j]
	}
	return out
}

func extraKey(i int) string { return fmt.Sprintf("\x00extra%d", i) }

func distinctRows(rows []row, fields []*schema.Field) []row {
	seen := map[string]bool{}
	var out []row
	for _, r := range rows {
		k := KeyOf(r, fields)
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

func pageRows(rows []row, take, skip *int64) []row {
	if skip != nil {
		if *skip >= int64(len(rows)) {
			return nil
		}
		rows = rows[*skip:]
	}
	if take != nil && *take < int64(len(rows)) {
		rows = rows[:*take]
	}
	return rows
}

// KeyOf is a comparable key of a row's values for fields.
func KeyOf(r row, fields []*schema.Field) string {
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "%T:%v\x00", r[f.Name], r[f.Name])
	}
	return b.String()
}

// Shape removes the key columns that were read only for stitching; rows
// whose columns are all kept (the common case) are left as they are.
func Shape(keep map[string]bool, rows []row) {
	if len(rows) == 0 {
		return
	}
	trim := false
	for k := range rows[0] {
		if !keep[k] {
			trim = true
			break
		}
	}
	if !trim {
		return
	}
	for _, r := range rows {
		for k := range r {
			if !keep[k] {
				delete(r, k)
			}
		}
	}
}

// Decode converts a column value from the driver to the result value of f.
func Decode(f *schema.Field, v any) any {
	if f.ScalarList() {
		return decodeList(f, v)
	}
	if v == nil {
		return nil
	}
	if f.Kind == schema.EnumField {
		s := fmt.Sprint(v)
		for _, ev := range f.Enum.Values {
			if ev.DBName == s {
				return ev.Name
			}
		}
		return s
	}
	switch f.Type {
	case schema.Json:
		raw, ok := jsonText(v)
		if !ok {
			return v
		}
		return DecodeJSON(raw)
	case schema.DateTime:
		if t, ok := v.(time.Time); ok {
			return t.UTC()
		}
	}
	return v
}

// DecodeJSON decodes JSON text keeping integers exact: int64 when they fit,
// float64 otherwise (encoding/json would make every number a float64 and
// round BigInt-sized ones). Text that is not JSON is returned as a string.
func DecodeJSON(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return string(raw)
	}
	return fixNumbers(out)
}

func fixNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n
		}
		f, _ := t.Float64()
		return f
	case []any:
		for i := range t {
			t[i] = fixNumbers(t[i])
		}
	case map[string]any:
		for k := range t {
			t[k] = fixNumbers(t[k])
		}
	}
	return v
}

// jsonText is the JSON text a driver gave for a value (driver.JSON, a
// string or bytes); false for anything else.
func jsonText(v any) ([]byte, bool) {
	switch t := v.(type) {
	case driver.JSON:
		return []byte(t), true
	case string:
		return []byte(t), true
	case []byte:
		return t, true
	}
	return nil, false
}

// decodeList decodes a scalar list column; a NULL list (one never set)
// reads as an empty list, as the field's type promises.
func decodeList(f *schema.Field, v any) any {
	items, ok := v.([]any)
	if !ok {
		return []any{}
	}
	el := f.Element()
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = Decode(el, it)
	}
	return out
}
