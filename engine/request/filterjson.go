package request

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Json filters, as Prisma Client has them: `path` picks a value inside the
// JSON, then `equals`/`not`, the string filters (on string values only),
// the array filters (on arrays only) and `lt`..`gte` (numbers with
// numbers, strings with strings) apply to it. DbNull, JsonNull and AnyNull
// tell SQL NULL from JSON null. The form of `path` is the database's
// (Target).
// https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-json-fields#filter-on-a-json-field-simple

// JSONOps are the keys of a Json filter. Prisma spells the JSON-specific
// ones in snake_case itself, so they need no alias (engine/names).
var JSONOps = []string{"equals", "not", "path", "mode", "string_contains", "string_starts_with", "string_ends_with",
	"array_contains", "array_starts_with", "array_ends_with", "lt", "lte", "gt", "gte"}

// jsonOnlyOps make a dict a filter whatever else it holds, so that a
// misspelt key beside them is an error instead of an equality with an object.
var jsonOnlyOps = []string{"path", "string_contains", "string_starts_with", "string_ends_with",
	"array_contains", "array_starts_with", "array_ends_with"}

// JSONFilter is the filter on a Json field: a JSON value (equals) or a
// dict of operators, all of which hold, on the value at Path (or the whole
// value).
type JSONFilter struct {
	Field       *schema.Field
	Path        string
	At          *JSONPath // the value at `path`; nil: the whole value
	Insensitive bool      // mode: 'insensitive' (the string filters)
	Ops         []JSONOp
}

// JSONPath is a Json filter's `path` in the database's form: Keys (a
// list of keys, an array index as its decimal text; Target.JSONPathKeys)
// or Path (a JSON path string starting with `$`).
type JSONPath struct {
	Keys []string
	Path string
}

// JSONOp is one operator of a Json filter. Value is, by operator:
// equals and not: nil (SQL NULL, as DbNull), abi.JsonNull, abi.AnyNull or
// the JSON text (JSON) to compare with; string_*: the string; array_*: the
// JSON text of the value; lt..gte: a float64, int64 or string.
type JSONOp struct {
	Op    string
	Path  string
	Value any
	Not   *JSONFilter // not: {filter}, the filter negated
}

// isJSONFilter tells a filter dict given for a Json field from a JSON
// object to compare the field with (`where={'data': {'a': 1}}`).
func isJSONFilter(mp map[string]any) bool {
	all := len(mp) > 0
	for k := range mp {
		c := Canon(k)
		if Contains(jsonOnlyOps, c) {
			return true
		}
		if !Contains(JSONOps, c) && !Contains(ScalarOps, c) {
			all = false
		}
	}
	return all
}

func parseJSON(m *schema.Model, f *schema.Field, val any, path string, t Target) (*JSONFilter, error) {
	j := &JSONFilter{Field: f, Path: path}
	ops, isMap := val.(map[string]any)
	if !isMap || !isJSONFilter(ops) {
		o, err := jsonEquals(m, f, OpEquals, val, path)
		if err != nil {
			return nil, err
		}
		j.Ops = []JSONOp{o}
		return j, nil
	}
	ops = CanonOps(ops)
	if raw := ops["path"]; raw != nil {
		at, err := jsonPath(m, raw, JoinPath(path, "path"), t)
		if err != nil {
			return nil, err
		}
		j.At = at
	}
	switch mode := ops["mode"]; mode {
	case "insensitive":
		j.Insensitive = true
	case "default", nil:
	default:
		return nil, perr.Validationf(m.Name, JoinPath(path, "mode"), "expected 'default' or 'insensitive', got %v", mode)
	}
	for _, op := range SortedKeys(ops) {
		p, v := JoinPath(path, op), ops[op]
		var o JSONOp
		var err error
		switch op {
		case "path", "mode":
			continue
		case OpEquals:
			o, err = jsonEquals(m, f, op, v, p)
		case OpNot:
			if inner, ok := v.(map[string]any); ok && isJSONFilter(inner) {
				// `not: {filter}`: SQL's NOT keeps NULL rows out, as for scalars.
				o = JSONOp{Op: op, Path: p}
				o.Not, err = parseJSON(m, f, inner, p, t)
			} else {
				o, err = jsonEquals(m, f, op, v, p)
			}
		case "string_contains", "string_starts_with", "string_ends_with":
			s, ok := v.(string)
			if !ok {
				return nil, perr.Validationf(m.Name, p, "`%s` takes a string, got %s", op, TypeName(v))
			}
			o = JSONOp{Op: op, Path: p, Value: s}
		case "array_contains", "array_starts_with", "array_ends_with":
			o = JSONOp{Op: op, Path: p}
			o.Value, err = jsonValue(m, f, v, p)
		case OpLt, OpLte, OpGt, OpGte:
			o, err = jsonCompare(m, op, v, p)
		default:
			return nil, perr.Validationf(m.Name, p, "`%s` is not a Json filter; expected one of %v", op, JSONOps)
		}
		if err != nil {
			return nil, err
		}
		j.Ops = append(j.Ops, o)
	}
	return j, nil
}

// jsonPath reads a filter's `path` in the form the database takes.
func jsonPath(m *schema.Model, raw any, path string, t Target) (*JSONPath, error) {
	if t.JSONPathKeys {
		list, ok := raw.([]any)
		if !ok {
			return nil, perr.Validationf(m.Name, path, "on %s a Json `path` is a list of keys such as ['a', 'b'], got %s", t.Provider, TypeName(raw))
		}
		keys := make([]string, len(list))
		for i, k := range list {
			switch k := k.(type) {
			case string:
				keys[i] = k
			case int64: // an array index
				keys[i] = strconv.FormatInt(k, 10)
			default:
				return nil, perr.Validationf(m.Name, Index(path, i), "a Json path key is a string, got %s", TypeName(k))
			}
		}
		return &JSONPath{Keys: keys}, nil
	}
	s, ok := raw.(string)
	if !ok {
		return nil, perr.Validationf(m.Name, path, "on %s a Json `path` is a JSON path string such as '$.a.b', got %s", t.Provider, TypeName(raw))
	}
	if !strings.HasPrefix(s, "$") {
		return nil, perr.Validationf(m.Name, path, "a JSON path starts with `$` (such as '$.a.b'), got %q", s)
	}
	return &JSONPath{Path: s}, nil
}

// jsonEquals reads the value of `equals` (or `not`): None and DbNull are
// SQL NULL (a missing path too), JsonNull the JSON null, AnyNull either.
func jsonEquals(m *schema.Model, f *schema.Field, op string, v any, path string) (JSONOp, error) {
	o := JSONOp{Op: op, Path: path}
	switch v {
	case nil, abi.DbNull:
		return o, nil
	case abi.JsonNull, abi.AnyNull:
		o.Value = v
		return o, nil
	}
	var err error
	o.Value, err = jsonValue(m, f, v, path)
	return o, err
}

// jsonValue is v as JSON text to compare with; None inside a filter
// value is JSON's null.
func jsonValue(m *schema.Model, f *schema.Field, v any, path string) (JSON, error) {
	if v == nil {
		return JSON("null"), nil
	}
	if s, ok := v.(abi.NullSentinel); ok {
		return "", perr.Validationf(m.Name, path, "%s is not a JSON value; it is for `equals` and `not` and for writes", s)
	}
	c, err := Coerce(m, f, path, v)
	if err != nil {
		return "", err
	}
	return c.(JSON), nil
}

// jsonCompare reads lt/lte/gt/gte: a number compares with numbers and a
// string with strings.
func jsonCompare(m *schema.Model, op string, v any, path string) (JSONOp, error) {
	switch n := v.(type) {
	case int64, float64, string:
	case abi.Decimal:
		fl, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return JSONOp{}, perr.Validationf(m.Name, path, "`%s` is not a number", n)
		}
		v = fl
	default:
		return JSONOp{}, perr.Validationf(m.Name, path, "a Json `%s` compares with a number or a string, got %s", op, TypeName(v))
	}
	return JSONOp{Op: op, Path: path, Value: v}, nil
}
