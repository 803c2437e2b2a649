package query

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Json filters, as Prisma Client has them: `path` picks a value inside the
// JSON (a list of keys on PostgreSQL, a `$.a.b` JSON path string on MySQL
// and SQLite), then `equals`/`not`, the string filters (on string values
// only), the array filters (on arrays only) and `lt`..`gte` (numbers with
// numbers, strings with strings) apply to it. DbNull, JsonNull and AnyNull
// tell SQL NULL from JSON null.
// https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-json-fields#filter-on-a-json-field-simple

// jsonOps are the keys of a Json filter. Prisma spells the JSON-specific
// ones in snake_case itself, so they need no alias (engine/names).
var jsonOps = []string{"equals", "not", "path", "mode", "string_contains", "string_starts_with", "string_ends_with",
	"array_contains", "array_starts_with", "array_ends_with", "lt", "lte", "gt", "gte"}

// jsonOnlyOps make a dict a filter whatever else it holds, so that a
// misspelt key beside them is an error instead of an equality with an object.
var jsonOnlyOps = []string{"path", "string_contains", "string_starts_with", "string_ends_with",
	"array_contains", "array_starts_with", "array_ends_with"}

var jsonLikeKinds = map[string]int{"string_contains": sqltree.Contains, "string_starts_with": sqltree.StartsWith, "string_ends_with": sqltree.EndsWith}

// isJSONFilter tells a filter dict given for a Json field from a JSON
// object to compare the field with (`where={'data': {'a': 1}}`).
func isJSONFilter(mp map[string]any) bool {
	all := len(mp) > 0
	for k := range mp {
		c := request.Canon(k)
		if request.Contains(jsonOnlyOps, c) {
			return true
		}
		if !request.Contains(jsonOps, c) && !request.Contains(scalarOps, c) {
			all = false
		}
	}
	return all
}

// jsonTarget is what a Json filter's operators apply to: the whole value,
// or the value at its `path`.
type jsonTarget struct {
	json sqltree.Expr     // the value as JSON
	at   sqltree.JSONPath // the same as a JSONPath, for text and comparisons
}

// jsonFilter builds the filter on Json field f, whose value col holds.
func (x *planner) jsonFilter(m *schema.Model, f *schema.Field, col sqltree.Expr, val any, path string) (sqltree.Expr, error) {
	ops, isMap := val.(map[string]any)
	if !isMap || !isJSONFilter(ops) {
		t, err := x.jsonTarget(m, col, nil, path)
		if err != nil {
			return nil, err
		}
		return x.jsonEquals(m, f, t, val, false, path)
	}
	ops = request.CanonOps(ops)
	t, err := x.jsonTarget(m, col, ops, path)
	if err != nil {
		return nil, err
	}
	insensitive := false
	switch mode := ops["mode"]; mode {
	case "insensitive":
		insensitive = true
	case "default", nil:
	default:
		return nil, perr.Validationf(m.Name, request.JoinPath(path, "mode"), "expected 'default' or 'insensitive', got %v", mode)
	}
	var and sqltree.And
	for _, op := range request.SortedKeys(ops) {
		p, v := request.JoinPath(path, op), ops[op]
		var e sqltree.Expr
		var err error
		switch op {
		case "path", "mode":
			continue
		case "equals":
			e, err = x.jsonEquals(m, f, t, v, false, p)
		case "not":
			if inner, ok := v.(map[string]any); ok && isJSONFilter(inner) {
				// `not: {filter}`: SQL's NOT keeps NULL rows out, as for scalars.
				if e, err = x.jsonFilter(m, f, col, inner, p); err == nil {
					e = sqltree.Not{X: e}
				}
			} else {
				e, err = x.jsonEquals(m, f, t, v, true, p)
			}
		case "string_contains", "string_starts_with", "string_ends_with":
			s, ok := v.(string)
			if !ok {
				return nil, perr.Validationf(m.Name, p, "`%s` takes a string, got %s", op, request.TypeName(v))
			}
			text := t.at
			text.Text = true
			e = sqltree.And{sqltree.Like{X: text, Value: s, Kind: jsonLikeKinds[op], Insensitive: insensitive},
				sqltree.JSONTypeIs{X: t.json, Type: sqltree.JSONString}}
		case "array_contains", "array_starts_with", "array_ends_with":
			e, err = x.jsonArrayFilter(m, f, t, op, v, p)
		case "lt", "lte", "gt", "gte":
			e, err = x.jsonCompare(m, t, op, v, p)
		default:
			return nil, perr.Validationf(m.Name, p, "`%s` is not a Json filter; expected one of %v", op, jsonOps)
		}
		if err != nil {
			return nil, err
		}
		and = append(and, e)
	}
	if len(and) == 1 {
		return and[0], nil
	}
	return and, nil
}

// jsonTarget reads a filter's `path` in the form the dialect takes: Prisma
// offers a list of keys on PostgreSQL and a JSON path string on MySQL and
// SQLite, and so does this; the other form is refused with the argument's
// path rather than guessed at.
func (x *planner) jsonTarget(m *schema.Model, col sqltree.Expr, ops map[string]any, path string) (jsonTarget, error) {
	keys := x.d.Supports(sqltree.JSONPathKeys)
	at := sqltree.JSONPath{X: col, Path: "$"}
	if keys {
		at = sqltree.JSONPath{X: col, Keys: []string{}}
	}
	raw := ops["path"]
	if raw == nil {
		return jsonTarget{json: sqltree.JSONValue{X: col}, at: at}, nil
	}
	p := request.JoinPath(path, "path")
	if keys {
		list, ok := raw.([]any)
		if !ok {
			return jsonTarget{}, perr.Validationf(m.Name, p, "on %s a Json `path` is a list of keys such as ['a', 'b'], got %s", x.d.Provider(), request.TypeName(raw))
		}
		at.Keys = make([]string, len(list))
		for i, k := range list {
			switch k := k.(type) {
			case string:
				at.Keys[i] = k
			case int64: // an array index
				at.Keys[i] = strconv.FormatInt(k, 10)
			default:
				return jsonTarget{}, perr.Validationf(m.Name, p+"["+itoa(i)+"]", "a Json path key is a string, got %s", request.TypeName(k))
			}
		}
	} else {
		s, ok := raw.(string)
		if !ok {
			return jsonTarget{}, perr.Validationf(m.Name, p, "on %s a Json `path` is a JSON path string such as '$.a.b', got %s", x.d.Provider(), request.TypeName(raw))
		}
		if !strings.HasPrefix(s, "$") {
			return jsonTarget{}, perr.Validationf(m.Name, p, "a JSON path starts with `$` (such as '$.a.b'), got %q", s)
		}
		at.Path = s
	}
	return jsonTarget{json: at, at: at}, nil
}

// jsonEquals is `equals` (or `not`) on a Json value: None and DbNull are
// SQL NULL (a missing path too), JsonNull the JSON null, AnyNull either.
func (x *planner) jsonEquals(m *schema.Model, f *schema.Field, t jsonTarget, v any, not bool, path string) (sqltree.Expr, error) {
	isNull := sqltree.IsNull{X: t.json, Not: not}
	jsonNull := sqltree.JSONEq{X: t.json, V: driver.JSON("null"), Not: not}
	switch v {
	case nil, abi.DbNull:
		return isNull, nil
	case abi.JsonNull:
		return jsonNull, nil
	case abi.AnyNull:
		if not {
			return sqltree.And{isNull, jsonNull}, nil
		}
		return sqltree.Or{isNull, jsonNull}, nil
	}
	c, err := x.jsonValue(m, f, v, path)
	if err != nil {
		return nil, err
	}
	return sqltree.JSONEq{X: t.json, V: c, Not: not}, nil
}

// jsonValue is v as JSON text to compare with; None inside a filter
// value is JSON's null.
func (x *planner) jsonValue(m *schema.Model, f *schema.Field, v any, path string) (driver.JSON, error) {
	if v == nil {
		return driver.JSON("null"), nil
	}
	if s, ok := v.(abi.NullSentinel); ok {
		return "", perr.Validationf(m.Name, path, "%s is not a JSON value; it is for `equals` and `not` and for writes", s)
	}
	c, err := x.coerce(m, f, path, v)
	if err != nil {
		return "", err
	}
	return c.(driver.JSON), nil
}

// jsonArrayFilter is array_contains (where the database has JSON
// containment; Prisma has none on SQLite), array_starts_with and
// array_ends_with, true for arrays only.
func (x *planner) jsonArrayFilter(m *schema.Model, f *schema.Field, t jsonTarget, op string, v any, path string) (sqltree.Expr, error) {
	c, err := x.jsonValue(m, f, v, path)
	if err != nil {
		return nil, err
	}
	var e sqltree.Expr
	switch op {
	case "array_contains":
		if !x.d.Supports(sqltree.JSONContainment) {
			return nil, perr.Validationf(m.Name, path, "`array_contains` is not supported on %s (it has no JSON containment); filter with `array_starts_with`, `array_ends_with` or `equals`", x.d.Provider())
		}
		e = sqltree.JSONArrayContains{X: t.json, V: c}
	default:
		e = sqltree.JSONEq{X: sqltree.JSONArrayElem{X: t.json, Last: op == "array_ends_with"}, V: c}
	}
	return sqltree.And{e, sqltree.JSONTypeIs{X: t.json, Type: sqltree.JSONArray}}, nil
}

// jsonCompare is lt/lte/gt/gte: a number compares with numbers and a
// string with strings; values of other JSON types never match.
func (x *planner) jsonCompare(m *schema.Model, t jsonTarget, op string, v any, path string) (sqltree.Expr, error) {
	typ := sqltree.JSONNumber
	switch n := v.(type) {
	case int64, float64:
	case abi.Decimal:
		fl, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return nil, perr.Validationf(m.Name, path, "`%s` is not a number", n)
		}
		v = fl
	case string:
		typ = sqltree.JSONString
	default:
		return nil, perr.Validationf(m.Name, path, "a Json `%s` compares with a number or a string, got %s", op, request.TypeName(v))
	}
	return sqltree.And{sqltree.JSONCompare{P: t.at, Op: cmpOps[op], V: v}, sqltree.JSONTypeIs{X: t.json, Type: typ}}, nil
}
