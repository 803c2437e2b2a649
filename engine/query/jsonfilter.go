package query

import (
	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// Json filters (request.JSONFilter) rendered: the operators on the value
// the filter's `path` picks.
// https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-json-fields#filter-on-a-json-field-simple

var jsonLikeKinds = map[string]int{"string_contains": sqltree.Contains, "string_starts_with": sqltree.StartsWith, "string_ends_with": sqltree.EndsWith}

// jsonTarget is what a Json filter's operators apply to: the whole value,
// or the value at its `path`.
type jsonTarget struct {
	json sqltree.Expr     // the value as JSON
	at   sqltree.JSONPath // the same as a JSONPath, for text and comparisons
}

// renderJSON is the Json filter j on col, the field's value.
func (x *planner) renderJSON(j *request.JSONFilter, col sqltree.Expr) (sqltree.Expr, error) {
	t := x.jsonTarget(j, col)
	var err error
	var and sqltree.And
	for _, o := range j.Ops {
		var e sqltree.Expr
		switch o.Op {
		case request.OpEquals:
			e = jsonEquals(t, o.Value, false)
		case request.OpNot:
			if o.Not == nil {
				e = jsonEquals(t, o.Value, true)
				break
			}
			if e, err = x.renderJSON(o.Not, col); err != nil {
				return nil, err
			}
			e = sqltree.Not{X: e}
		case "string_contains", "string_starts_with", "string_ends_with":
			text := t.at
			text.Text = true
			e = sqltree.And{sqltree.Like{X: text, Value: o.Value.(string), Kind: jsonLikeKinds[o.Op], Insensitive: j.Insensitive},
				sqltree.JSONTypeIs{X: t.json, Type: sqltree.JSONString}}
		case "array_contains", "array_starts_with", "array_ends_with":
			if e, err = x.jsonArrayFilter(j, t, o); err != nil {
				return nil, err
			}
		default: // lt, lte, gt, gte
			typ := sqltree.JSONNumber
			if _, isString := o.Value.(string); isString {
				typ = sqltree.JSONString
			}
			e = sqltree.And{sqltree.JSONCompare{P: t.at, Op: cmpOps[o.Op], V: o.Value}, sqltree.JSONTypeIs{X: t.json, Type: typ}}
		}
		and = append(and, e)
	}
	return one(and), nil
}

// jsonTarget is the value j's operators apply to on col: the whole
// value, or the value at its `path` (read by engine/request in the form
// the dialect takes).
func (x *planner) jsonTarget(j *request.JSONFilter, col sqltree.Expr) jsonTarget {
	keys := x.d.Supports(sqltree.JSONPathKeys)
	at := sqltree.JSONPath{X: col, Path: "$"}
	if keys {
		at = sqltree.JSONPath{X: col, Keys: []string{}}
	}
	if j.At == nil {
		return jsonTarget{json: sqltree.JSONValue{X: col}, at: at}
	}
	if keys {
		at.Keys = j.At.Keys
	} else {
		at.Path = j.At.Path
	}
	return jsonTarget{json: at, at: at}
}

// jsonEquals is `equals` (or `not`) on a Json value: nil (None, DbNull)
// is SQL NULL (a missing path too), JsonNull the JSON null, AnyNull either.
func jsonEquals(t jsonTarget, v any, not bool) sqltree.Expr {
	isNull := sqltree.IsNull{X: t.json, Not: not}
	jsonNull := sqltree.JSONEq{X: t.json, V: driver.JSON("null"), Not: not}
	switch v {
	case nil:
		return isNull
	case abi.JsonNull:
		return jsonNull
	case abi.AnyNull:
		if not {
			return sqltree.And{isNull, jsonNull}
		}
		return sqltree.Or{isNull, jsonNull}
	}
	return sqltree.JSONEq{X: t.json, V: driver.JSON(v.(request.JSON)), Not: not}
}

// jsonArrayFilter is array_contains (where the database has JSON
// containment; Prisma has none on SQLite), array_starts_with and
// array_ends_with, true for arrays only.
func (x *planner) jsonArrayFilter(j *request.JSONFilter, t jsonTarget, o request.JSONOp) (sqltree.Expr, error) {
	c := driver.JSON(o.Value.(request.JSON))
	var e sqltree.Expr
	switch o.Op {
	case "array_contains":
		if !x.d.Supports(sqltree.JSONContainment) {
			return nil, perr.Validationf(j.Field.Model.Name, o.Path, "`array_contains` is not supported on %s (it has no JSON containment); filter with `array_starts_with`, `array_ends_with` or `equals`", x.d.Provider())
		}
		e = sqltree.JSONArrayContains{X: t.json, V: c}
	default:
		e = sqltree.JSONEq{X: sqltree.JSONArrayElem{X: t.json, Last: o.Op == "array_ends_with"}, V: c}
	}
	return sqltree.And{e, sqltree.JSONTypeIs{X: t.json, Type: sqltree.JSONArray}}, nil
}
