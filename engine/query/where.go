package query

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// MaxFilterDepth bounds how deeply filters nest (AND/OR/NOT and relation
// filters). The SQL expression grows with the nesting and databases refuse
// deep trees with errors of their own (SQLite: SQLITE_MAX_EXPR_DEPTH 1000
// nodes; PostgreSQL: max_stack_depth), so a deeper filter is a validation
// error naming where the limit was passed.
const MaxFilterDepth = 100

// where builds the filter of a `where` dict on model m, whose columns are
// qualified by q (a table name or alias). A nil or empty where is true.
func (x *planner) where(m *schema.Model, q string, v any, path string) (sqltree.Expr, error) {
	if v == nil {
		return sqltree.And{}, nil
	}
	if x.depth >= MaxFilterDepth {
		return nil, perr.Validationf(m.Name, path, "filters are nested more than %d levels deep", MaxFilterDepth)
	}
	x.depth++
	defer func() { x.depth-- }()
	mp, err := request.AsMap(m, path, v)
	if err != nil {
		return nil, err
	}
	var out sqltree.And
	for _, k := range request.SortedKeys(mp) {
		val := mp[k]
		p := request.JoinPath(path, k)
		f := m.Field(k)
		if f == nil {
			switch request.Canon(k) {
			case "AND":
				x.noteList(p, len(request.AsList(val)))
				var and sqltree.And
				for i, w := range request.AsList(val) {
					e, err := x.where(m, q, w, p+"["+itoa(i)+"]")
					if err != nil {
						return nil, err
					}
					and = append(and, e)
				}
				out = append(out, and)
				continue
			case "OR":
				x.noteList(p, len(request.AsList(val)))
				var or sqltree.Or
				for i, w := range request.AsList(val) {
					e, err := x.where(m, q, w, p+"["+itoa(i)+"]")
					if err != nil {
						return nil, err
					}
					or = append(or, e)
				}
				if or == nil {
					or = sqltree.Or{}
				}
				out = append(out, or)
				continue
			case "NOT", "not":
				for i, w := range request.AsList(val) {
					e, err := x.where(m, q, w, p+"["+itoa(i)+"]")
					if err != nil {
						return nil, err
					}
					out = append(out, sqltree.Not{X: e})
				}
				continue
			}
			if e, ok, err := x.compoundWhere(m, q, k, val, p); ok || err != nil {
				if err != nil {
					return nil, err
				}
				out = append(out, e)
				continue
			}
			return nil, perr.UnknownField(m.Name, p, k, request.FieldNames(m))
		}
		var e sqltree.Expr
		if f.Kind == schema.RelationField {
			e, err = x.relationFilter(m, q, f, val, p)
		} else {
			e, err = x.scalarFilter(m, q, f, val, p)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	if out == nil {
		return sqltree.And{}, nil
	}
	return out, nil
}

// compoundWhere handles `{'firstName_lastName': {'firstName': .., 'lastName': ..}}`.
func (x *planner) compoundWhere(m *schema.Model, q, key string, val any, path string) (sqltree.Expr, bool, error) {
	fields := compoundFields(m, key)
	if fields == nil {
		return nil, false, nil
	}
	mp, err := request.AsMap(m, path, val)
	if err != nil {
		return nil, true, err
	}
	var and sqltree.And
	for _, fn := range fields {
		f := m.Field(fn)
		v, ok := mp[fn]
		if !ok {
			return nil, true, perr.Validationf(m.Name, request.JoinPath(path, fn), "missing field `%s` of compound key %s", fn, key)
		}
		e, err := x.scalarFilter(m, q, f, v, request.JoinPath(path, fn))
		if err != nil {
			return nil, true, err
		}
		and = append(and, e)
	}
	for k := range mp {
		if !request.Contains(fields, k) {
			return nil, true, perr.UnknownField(m.Name, request.JoinPath(path, k), k, fields)
		}
	}
	return and, true, nil
}

// compoundFields returns the fields of a compound id or unique named key.
func compoundFields(m *schema.Model, key string) []string {
	if pk := m.PrimaryKey; pk != nil && len(pk.Fields) > 1 && (pk.Name == key || strings.Join(pk.Fields, "_") == key) {
		return pk.Fields
	}
	for _, u := range m.Uniques {
		if len(u.Fields) > 1 && (u.Name == key || strings.Join(u.Fields, "_") == key) {
			return u.Fields
		}
	}
	return nil
}

var scalarOps = []string{"equals", "not", "in", "notIn", "lt", "lte", "gt", "gte", "contains", "startsWith", "endsWith", "mode"}

// scalarFilter builds the filter on one scalar field: a plain value (equals)
// or an operator dict.
func (x *planner) scalarFilter(m *schema.Model, q string, f *schema.Field, val any, path string) (sqltree.Expr, error) {
	col := sqltree.Col{Table: q, Name: f.DBName}
	return x.filterOn(m, f, col, val, path)
}

// filterOn applies a scalar filter to an arbitrary expression (a column, or
// an aggregate in `having`).
func (x *planner) filterOn(m *schema.Model, f *schema.Field, col sqltree.Expr, val any, path string) (sqltree.Expr, error) {
	if f.ScalarList() {
		return x.listFilter(m, f, col, val, path)
	}
	if f.Type == schema.Json {
		return x.jsonFilter(m, f, col, val, path)
	}
	ops, isOps := val.(map[string]any)
	if !isOps {
		return x.compare(m, f, col, "equals", val, false, path)
	}
	ops = request.CanonOps(ops)
	insensitive := false
	if mode, ok := ops["mode"]; ok {
		switch mode {
		case "insensitive":
			insensitive = true
		case "default", nil:
		default:
			return nil, perr.Validationf(m.Name, request.JoinPath(path, "mode"), "expected 'default' or 'insensitive', got %v", mode)
		}
		if f.Type != schema.String || f.Kind == schema.EnumField {
			insensitive = false
		}
	}
	var and sqltree.And
	for _, op := range request.SortedKeys(ops) {
		if op == "mode" {
			continue
		}
		if !request.Contains(scalarOps, op) && op != searchOp {
			return nil, perr.Validationf(m.Name, request.JoinPath(path, op), "unknown filter operator `%s`; expected one of %v", op, scalarOps)
		}
		e, err := x.compare(m, f, col, op, ops[op], insensitive, request.JoinPath(path, op))
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

var cmpOps = map[string]string{"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

// compare builds one operator of a scalar filter (Json fields have theirs:
// jsonFilter).
func (x *planner) compare(m *schema.Model, f *schema.Field, col sqltree.Expr, op string, val any, ci bool, path string) (sqltree.Expr, error) {
	lower := func(e sqltree.Expr) sqltree.Expr {
		if ci {
			return sqltree.Lower{X: e}
		}
		return e
	}
	param := func(v any, p string) (sqltree.Expr, error) {
		c, err := x.coerce(m, f, p, v)
		if err != nil {
			return nil, err
		}
		return lower(sqltree.Param{V: c}), nil
	}
	switch op {
	case "equals":
		if val == nil {
			return sqltree.IsNull{X: col}, nil
		}
		p, err := param(val, path)
		if err != nil {
			return nil, err
		}
		return sqltree.Eq(lower(col), p), nil
	case "not":
		if val == nil {
			return sqltree.IsNull{X: col, Not: true}, nil
		}
		if inner, ok := val.(map[string]any); ok {
			// `not: {filter}`: SQL's NOT keeps NULL rows out, as Prisma does.
			if ci {
				inner = request.CanonOps(inner)
				if _, has := inner["mode"]; !has {
					inner["mode"] = "insensitive"
				}
			}
			e, err := x.filterOn(m, f, col, inner, path)
			if err != nil {
				return nil, err
			}
			return sqltree.Not{X: e}, nil
		}
		p, err := param(val, path)
		if err != nil {
			return nil, err
		}
		return sqltree.Bin{L: lower(col), Op: "<>", R: p}, nil
	case "in", "notIn":
		list, ok := val.([]any)
		if !ok {
			return nil, perr.Validationf(m.Name, path, "expected a list, got %s", request.TypeName(val))
		}
		x.noteList(path, len(list))
		var items []sqltree.Expr
		for i, v := range list {
			if v == nil {
				return nil, perr.Validationf(m.Name, path+"["+itoa(i)+"]", "null is not allowed in `%s`", op)
			}
			p, err := param(v, path+"["+itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			items = append(items, p)
		}
		return sqltree.In{X: lower(col), List: items, Not: op == "notIn"}, nil
	case "lt", "lte", "gt", "gte":
		if val == nil {
			return nil, perr.Validationf(m.Name, path, "expected %s, got null", expectName(f))
		}
		p, err := param(val, path)
		if err != nil {
			return nil, err
		}
		return sqltree.Bin{L: lower(col), Op: cmpOps[op], R: p}, nil
	case searchOp:
		return x.search(m, f, col, val, path)
	case "contains", "startsWith", "endsWith":
		s, ok := val.(string)
		if !ok || f.Type != schema.String || f.Kind == schema.EnumField {
			return nil, perr.Validationf(m.Name, path, "`%s` needs a string field and a string value, got %s", op, request.TypeName(val))
		}
		kind := map[string]int{"contains": sqltree.Contains, "startsWith": sqltree.StartsWith, "endsWith": sqltree.EndsWith}[op]
		return sqltree.Like{X: col, Value: s, Kind: kind, Insensitive: ci}, nil
	}
	return nil, perr.Validationf(m.Name, path, "unknown filter operator `%s`", op)
}

func itoa(i int) string { return sqltree.Itoa(int64(i)) }
