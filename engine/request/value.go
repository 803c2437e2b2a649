package request

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Values of a request, read for the field they are given for. Coerce
// needs the field's type only, so it lives here: a filter's values are
// checked and converted when the filter is read, and a wrong one is
// refused naming its argument path. What a database cannot store (a NaN
// on MySQL) is the dialect's to refuse, later.

// JSON is a Json field's value as JSON text, as it is bound.
type JSON string

// List is a scalar list's values (each of the element's type, none
// null), bound as one argument.
type List []any

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// ParseTime reads a datetime in ISO-8601 form (a date alone included).
func ParseTime(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Coerce converts an incoming argument to the value bound for field f:
// an enum's database name, an int64 for Int and BigInt, a float64, an
// abi.Decimal, a UTC time, JSON text, bytes, a List for a scalar list.
// nil stays nil (the caller decides whether null is allowed).
func Coerce(m *schema.Model, f *schema.Field, path string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if f.ScalarList() {
		return CoerceList(m, f, path, v)
	}
	bad := func() error {
		return perr.Validationf(m.Name, path, "expected %s for field `%s`, got %s", ExpectName(f), f.Name, TypeName(v))
	}
	if f.Kind == schema.EnumField {
		s, ok := v.(string)
		if !ok {
			return nil, bad()
		}
		for _, ev := range f.Enum.Values {
			if ev.Name == s {
				return ev.DBName, nil
			}
		}
		names := make([]string, len(f.Enum.Values))
		for i, ev := range f.Enum.Values {
			names[i] = ev.Name
		}
		return nil, perr.Validationf(m.Name, path, "`%s` is not a value of enum %s; expected one of %v", s, f.Enum.Name, names)
	}
	switch f.Type {
	case schema.String:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case schema.Boolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case schema.Int, schema.BigInt:
		return coerceInt(m, f, path, v, bad)
	case schema.Float:
		switch t := v.(type) {
		case float64:
			return t, nil
		case float32:
			return float64(t), nil
		case int64:
			return float64(t), nil
		case int:
			return float64(t), nil
		case uint64:
			return float64(t), nil
		case abi.Decimal:
			if p, err := strconv.ParseFloat(string(t), 64); err == nil {
				return p, nil
			}
		}
	case schema.Decimal:
		switch t := v.(type) {
		case abi.Decimal:
			if d, ok := canonDecimal(string(t)); ok {
				return d, nil
			}
		case string:
			if d, ok := canonDecimal(t); ok {
				return d, nil
			}
		case int64:
			return abi.Decimal(strconv.FormatInt(t, 10)), nil
		case int:
			return abi.Decimal(strconv.Itoa(t)), nil
		case float64:
			return abi.Decimal(strconv.FormatFloat(t, 'f', -1, 64)), nil
		}
	case schema.DateTime:
		switch t := v.(type) {
		case time.Time:
			return schema.NormTime(t), nil
		case string:
			if tt, ok := ParseTime(t); ok {
				return schema.NormTime(tt), nil
			}
			return nil, perr.Validationf(m.Name, path, "`%s` is not an ISO-8601 datetime for field `%s`", t, f.Name)
		}
	case schema.Json:
		if p, sen, ok := nestedSentinel(v, path); ok {
			return nil, perr.Validationf(m.Name, p, "%s cannot stand inside a Json value; use None for JSON null there", sen)
		}
		b, err := json.Marshal(jsonable(v))
		if err != nil {
			return nil, perr.Validationf(m.Name, path, "value for Json field `%s` cannot be encoded as JSON: %v", f.Name, err)
		}
		return JSON(b), nil
	case schema.Bytes:
		switch t := v.(type) {
		case []byte:
			return t, nil
		case string:
			if b, err := base64.StdEncoding.DecodeString(t); err == nil {
				return b, nil
			}
		}
	}
	return nil, bad()
}

// coerceInt reads an Int or BigInt value: an integer, a float with no
// fraction within 2^53, or (BigInt) a decimal string.
func coerceInt(m *schema.Model, f *schema.Field, path string, v any, bad func() error) (any, error) {
	var n int64
	switch t := v.(type) {
	case int64:
		n = t
	case int:
		n = int64(t)
	case int32:
		n = int64(t)
	case uint64:
		if t > math.MaxInt64 {
			return nil, perr.Validationf(m.Name, path, "value %d for field `%s` is out of the 64-bit range", t, f.Name)
		}
		n = int64(t)
	case float64:
		if t != math.Trunc(t) || math.Abs(t) > 1<<53 {
			return nil, bad()
		}
		n = int64(t)
	case string:
		if f.Type != schema.BigInt {
			return nil, bad()
		}
		p, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, bad()
		}
		n = p
	default:
		return nil, bad()
	}
	if f.Type == schema.Int && (n > math.MaxInt32 || n < math.MinInt32) {
		return nil, perr.Validationf(m.Name, path, "value %d for Int field `%s` does not fit in 32 bits (use BigInt)", n, f.Name)
	}
	return n, nil
}

// CoerceList converts a list argument for a scalar list field.
func CoerceList(m *schema.Model, f *schema.Field, path string, v any) (List, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, perr.Validationf(m.Name, path, "expected a list of %s for field `%s`, got %s", ExpectName(f.Element()), f.Name, TypeName(v))
	}
	el := f.Element()
	out := make(List, len(items))
	for i, it := range items {
		p := Index(path, i)
		if it == nil {
			return nil, perr.Validationf(m.Name, p, "a scalar list cannot hold null")
		}
		c, err := Coerce(m, el, p, it)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// jsonable makes abi and time values encodable by encoding/json.
func jsonable(v any) any {
	switch t := v.(type) {
	case abi.Decimal:
		return json.Number(t)
	case time.Time:
		return t.UTC().Format(time.RFC3339Nano)
	case []byte:
		return base64.StdEncoding.EncodeToString(t)
	case []any:
		out := make([]any, len(t))
		for i := range t {
			out[i] = jsonable(t[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = jsonable(x)
		}
		return out
	}
	return v
}

// nestedSentinel finds a null sentinel inside a JSON value, where it has
// no meaning (None is JSON's null there); ok reports whether one was found.
func nestedSentinel(v any, path string) (string, abi.NullSentinel, bool) {
	switch t := v.(type) {
	case abi.NullSentinel:
		return path, t, true
	case []any:
		for i, e := range t {
			if p, s, ok := nestedSentinel(e, Index(path, i)); ok {
				return p, s, true
			}
		}
	case map[string]any:
		for _, k := range SortedKeys(t) {
			if p, s, ok := nestedSentinel(t[k], JoinPath(path, k)); ok {
				return p, s, true
			}
		}
	}
	return "", "", false
}

func canonDecimal(s string) (abi.Decimal, bool) {
	s = strings.TrimSpace(s)
	if _, ok := new(big.Rat).SetString(s); !ok || strings.ContainsAny(s, "/") {
		return "", false
	}
	return abi.Decimal(s), true
}

// ExpectName names what a value of f must be, for "expected ..." messages.
func ExpectName(f *schema.Field) string {
	if f.Kind == schema.EnumField {
		return "a value of enum " + f.Enum.Name
	}
	switch f.Type {
	case schema.String:
		return "a string"
	case schema.Boolean:
		return "a boolean"
	case schema.Int:
		return "an integer (Int)"
	case schema.BigInt:
		return "an integer (BigInt)"
	case schema.Float:
		return "a number (Float)"
	case schema.Decimal:
		return "a Decimal"
	case schema.DateTime:
		return "a datetime"
	case schema.Json:
		return "a JSON value"
	case schema.Bytes:
		return "bytes"
	}
	return string(f.Type)
}
