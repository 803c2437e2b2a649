package exec

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Decoding the relation-join strategy's JSON: every value comes back with
// the type the query strategy gives it, read from the schema (JSON has no
// dates, decimals, 64-bit integers or bytes).

// stitchJoined moves the JSON and count columns of rows (extra columns,
// after the read's fields) into the relation fields and "_count".
func stitchJoined(j *plan.Join, rows []row) error {
	for _, r := range rows {
		for i, jr := range j.Rels {
			k := extraKey(i)
			v, err := parseJoined(r[k])
			if err != nil {
				return err
			}
			delete(r, k)
			if r[jr.Field.Name], err = joinedValue(jr, v); err != nil {
				return err
			}
		}
		if len(j.Counts) > 0 {
			cm := map[string]any{}
			for i, f := range j.Counts {
				k := extraKey(len(j.Rels) + i)
				cm[f.Name] = ToInt64(r[k])
				delete(r, k)
			}
			r["_count"] = cm
		}
	}
	return nil
}

// parseJoined parses JSON text (a column, or a nested value a database
// embedded as a string) keeping numbers as written.
func parseJoined(v any) (any, error) {
	raw, ok := jsonText(v)
	if !ok {
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, joinErr("relation join: cannot read the related rows: %v", err)
	}
	return out, nil
}

// joinedValue is a relation's value from its JSON: a list of rows for a
// to-many relation, a row or nil for a to-one one.
func joinedValue(jr *plan.JoinRel, v any) (any, error) {
	if s, ok := v.(string); ok {
		var err error
		if v, err = parseJoined(s); err != nil {
			return nil, err
		}
	}
	if !jr.Field.List {
		if v == nil {
			return nil, nil
		}
		return joinedRow(jr, v)
	}
	items, _ := v.([]any)
	out := make([]any, 0, len(items))
	for _, it := range items {
		r, err := joinedRow(jr, it)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func joinedRow(jr *plan.JoinRel, v any) (row, error) {
	if s, ok := v.(string); ok {
		var err error
		if v, err = parseJoined(s); err != nil {
			return nil, err
		}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, joinErr("relation join: %s: expected a JSON object, got %T", jr.Field.Name, v)
	}
	out := make(row, len(jr.Fields)+len(jr.Rels)+1)
	for _, f := range jr.Fields {
		val, err := jsonValue(f, obj[f.Name])
		if err != nil {
			return nil, joinErr("relation join: %s.%s: %v", f.Model.Name, f.Name, err)
		}
		out[f.Name] = Decode(f, val)
	}
	for _, sub := range jr.Rels {
		val, err := joinedValue(sub, obj[sub.Field.Name])
		if err != nil {
			return nil, err
		}
		out[sub.Field.Name] = val
	}
	if len(jr.Counts) > 0 {
		cv := obj["_count"]
		if s, ok := cv.(string); ok {
			cv, _ = parseJoined(s)
		}
		src, _ := cv.(map[string]any)
		cm := map[string]any{}
		for _, f := range jr.Counts {
			n, err := jsonInt(src[f.Name])
			if err != nil {
				return nil, err
			}
			cm[f.Name] = n
		}
		out["_count"] = cm
	}
	return out, nil
}

// jsonValue turns a JSON member into the neutral value a driver returns
// for f's column (driver.Type), which decode then reads as for any row.
func jsonValue(f *schema.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if f.ScalarList() {
		items, _ := v.([]any)
		el := f.Element()
		out := make([]any, len(items))
		for i, it := range items {
			var err error
			if out[i], err = jsonValue(el, it); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	switch plan.DriverType(f) {
	case driver.TypeString:
		if n, ok := v.(json.Number); ok {
			return string(n), nil
		}
		return v, nil
	case driver.TypeInt, driver.TypeBigInt:
		return jsonInt(v)
	case driver.TypeFloat:
		return jsonFloat(v)
	case driver.TypeDecimal:
		switch t := v.(type) {
		case json.Number:
			return driver.Decimal(trimZeros(string(t))), nil
		case string:
			return driver.Decimal(trimZeros(t)), nil
		}
	case driver.TypeBool:
		switch t := v.(type) {
		case bool:
			return t, nil
		case json.Number:
			return t != "0", nil
		}
	case driver.TypeDateTime:
		return jsonTime(v)
	case driver.TypeJSON:
		if s, ok := v.(string); ok {
			return driver.JSON(s), nil
		}
		b, err := json.Marshal(v)
		return driver.JSON(b), err
	case driver.TypeBytes:
		if s, ok := v.(string); ok {
			return hex.DecodeString(s)
		}
	}
	return nil, fmt.Errorf("unexpected JSON value %v (%T)", v, v)
}

func jsonInt(v any) (int64, error) {
	switch t := v.(type) {
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n, nil
		}
		f, err := t.Float64()
		if err != nil || f != math.Trunc(f) {
			return 0, fmt.Errorf("cannot read %s as an integer", t)
		}
		return int64(f), nil
	case string:
		return strconv.ParseInt(t, 10, 64)
	case nil:
		return 0, nil
	}
	return 0, fmt.Errorf("cannot read %T as an integer", v)
}

// jsonFloat: PostgreSQL writes the non-finite doubles as strings; SQLite
// writes an infinity as 9.0e+999, which parses to ±Inf out of range.
func jsonFloat(v any) (float64, error) {
	switch t := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !math.IsInf(f, 0) {
			return 0, err
		}
		return f, nil
	case string:
		switch t {
		case "NaN":
			return math.NaN(), nil
		case "Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		}
		return strconv.ParseFloat(t, 64)
	}
	return 0, fmt.Errorf("cannot read %T as a float", v)
}

// jsonTimeLayouts are how the databases write timestamps into JSON:
// PostgreSQL ISO 8601 (with an offset for timestamptz), MySQL with a space,
// SQLite as the text it stored.
var jsonTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02T15:04:05.999999999-07",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

func jsonTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case json.Number: // SQLite: milliseconds since the epoch
		n, err := jsonInt(t)
		return time.UnixMilli(n).UTC(), err
	case string:
		s := strings.TrimSpace(t)
		for _, l := range jsonTimeLayouts {
			if tt, err := time.Parse(l, s); err == nil {
				return tt.UTC(), nil
			}
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.UnixMilli(n).UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %v as a DateTime", v)
}

// trimZeros drops trailing fraction zeros ("12.50" -> "12.5"), as the
// PostgreSQL and MySQL adapters print decimals.
func trimZeros(s string) string {
	if !strings.Contains(s, ".") || strings.ContainsAny(s, "eE") {
		return s
	}
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" || s == "-0" {
		return "0"
	}
	return s
}

// joinErr is a related row the engine cannot read back: a bug, not the
// user's input.
func joinErr(format string, args ...any) error {
	return perr.New(perr.Internal, nil, format, args...)
}
