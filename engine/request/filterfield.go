package request

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Scalar operators (Prisma's names). Search is full-text search, refused
// where the database has none when the filter is rendered.
const (
	OpEquals     = "equals"
	OpNot        = "not"
	OpIn         = "in"
	OpNotIn      = "notIn"
	OpLt         = "lt"
	OpLte        = "lte"
	OpGt         = "gt"
	OpGte        = "gte"
	OpContains   = "contains"
	OpStartsWith = "startsWith"
	OpEndsWith   = "endsWith"
	OpSearch     = "search"
)

// ScalarOps are the operators of a scalar field's filter, as messages list
// them (search is one too, offered where the database has it).
var ScalarOps = []string{"equals", "not", "in", "notIn", "lt", "lte", "gt", "gte", "contains", "startsWith", "endsWith", "mode"}

// Scalar is the filter on one scalar field (not a list, not Json): a
// value (equals) or a dict of operators, all of which hold.
type Scalar struct {
	Field       *schema.Field
	Path        string
	Insensitive bool // mode: 'insensitive' on a String field
	Ops         []ScalarOp
}

// ScalarOp is one operator of a scalar filter, its value coerced to the
// field's type.
type ScalarOp struct {
	Op     string
	Path   string
	Value  any     // equals, not, lt..gte: nil is null (equals, not); contains..endsWith, search: the string
	Values []any   // in, notIn: none null
	Not    *Scalar // not: {filter}, the filter negated
}

// ParseField reads the filter on field f of m (a scalar, Json or scalar
// list field): f's condition in a where, or in groupBy's having, where f
// may stand for an aggregate of a field.
func ParseField(m *schema.Model, f *schema.Field, val any, path string, t Target) (Cond, error) {
	if f.ScalarList() {
		return parseList(m, f, val, path)
	}
	if f.Type == schema.Json {
		return parseJSON(m, f, val, path, t)
	}
	return parseScalar(m, f, val, path, false)
}

// parseScalar reads a scalar filter; ci is the mode a `not` inherits from
// the filter around it when it names none.
func parseScalar(m *schema.Model, f *schema.Field, val any, path string, ci bool) (*Scalar, error) {
	s := &Scalar{Field: f, Path: path}
	ops, isOps := val.(map[string]any)
	if !isOps {
		op, err := scalarOp(m, f, OpEquals, val, false, path)
		if err != nil {
			return nil, err
		}
		s.Ops = []ScalarOp{op}
		return s, nil
	}
	ops = CanonOps(ops)
	mode, hasMode := ops["mode"]
	if !hasMode && ci {
		mode, hasMode = "insensitive", true
	}
	if hasMode {
		switch mode {
		case "insensitive":
			s.Insensitive = true
		case "default", nil:
		default:
			return nil, perr.Validationf(m.Name, JoinPath(path, "mode"), "expected 'default' or 'insensitive', got %v", mode)
		}
		if f.Type != schema.String || f.Kind == schema.EnumField {
			s.Insensitive = false
		}
	}
	for _, op := range SortedKeys(ops) {
		if op == "mode" {
			continue
		}
		p := JoinPath(path, op)
		if !Contains(ScalarOps, op) && op != OpSearch {
			return nil, perr.Validationf(m.Name, p, "unknown filter operator `%s`; expected one of %v", op, ScalarOps)
		}
		o, err := scalarOp(m, f, op, ops[op], s.Insensitive, p)
		if err != nil {
			return nil, err
		}
		s.Ops = append(s.Ops, o)
	}
	return s, nil
}

// scalarOp reads one operator of a scalar filter.
func scalarOp(m *schema.Model, f *schema.Field, op string, val any, ci bool, path string) (ScalarOp, error) {
	o := ScalarOp{Op: op, Path: path}
	var err error
	switch op {
	case OpEquals:
		o.Value, err = Coerce(m, f, path, val)
	case OpNot:
		if inner, ok := val.(map[string]any); ok {
			// `not: {filter}`: SQL's NOT keeps NULL rows out, as Prisma does.
			o.Not, err = parseScalar(m, f, inner, path, ci)
		} else {
			o.Value, err = Coerce(m, f, path, val)
		}
	case OpIn, OpNotIn:
		list, ok := val.([]any)
		if !ok {
			return o, perr.Validationf(m.Name, path, "expected a list, got %s", TypeName(val))
		}
		o.Values = make([]any, len(list))
		for i, v := range list {
			p := Index(path, i)
			if v == nil {
				return o, perr.Validationf(m.Name, p, "null is not allowed in `%s`", op)
			}
			if o.Values[i], err = Coerce(m, f, p, v); err != nil {
				return o, err
			}
		}
	case OpLt, OpLte, OpGt, OpGte:
		if val == nil {
			return o, perr.Validationf(m.Name, path, "expected %s, got null", ExpectName(f))
		}
		o.Value, err = Coerce(m, f, path, val)
	case OpSearch:
		if !Searchable(f) {
			typ := string(f.Type)
			if f.Kind == schema.EnumField {
				typ = f.Enum.Name
			}
			return o, perr.Validationf(m.Name, path, "`search` needs a String field; `%s` is of type %s", f.Name, typ)
		}
		q, ok := val.(string)
		if !ok {
			return o, perr.Validationf(m.Name, path, "`search` needs a string, the search query, got %s", TypeName(val))
		}
		o.Value = q
	case OpContains, OpStartsWith, OpEndsWith:
		s, ok := val.(string)
		if !ok || f.Type != schema.String || f.Kind == schema.EnumField {
			return o, perr.Validationf(m.Name, path, "`%s` needs a string field and a string value, got %s", op, TypeName(val))
		}
		o.Value = s
	default:
		return o, perr.Validationf(m.Name, path, "unknown filter operator `%s`", op)
	}
	return o, err
}

// Scalar-list operators (PostgreSQL's arrays).
// https://www.prisma.io/docs/orm/reference/prisma-client-reference#scalar-list-filters
var ListOps = []string{"equals", "has", "hasEvery", "hasSome", "isEmpty"}

// ListFilter is the filter on a scalar list field: a list (equals) or a
// dict of operators, all of which hold.
type ListFilter struct {
	Field *schema.Field
	Path  string
	Ops   []ListOp
}

// ListOp is one operator of a scalar-list filter: Value is a List (equals:
// nil is null; has: the one value as a List of one) or, for isEmpty, a bool.
type ListOp struct {
	Op    string
	Path  string
	Value any
}

func parseList(m *schema.Model, f *schema.Field, val any, path string) (*ListFilter, error) {
	ops, isOps := val.(map[string]any)
	if !isOps {
		ops = map[string]any{OpEquals: val}
	}
	ops = CanonOps(ops)
	l := &ListFilter{Field: f, Path: path, Ops: make([]ListOp, 0, len(ops))}
	for _, op := range SortedKeys(ops) {
		p, v := JoinPath(path, op), ops[op]
		o := ListOp{Op: op, Path: p}
		var err error
		switch op {
		case OpEquals:
			if v != nil {
				o.Value, err = CoerceList(m, f, p, v)
			}
		case "has":
			if v == nil {
				return nil, perr.Validationf(m.Name, p, "expected %s, got null", ExpectName(f.Element()))
			}
			o.Value, err = CoerceList(m, f, p, []any{v})
		case "hasEvery", "hasSome":
			o.Value, err = CoerceList(m, f, p, v)
		case "isEmpty":
			o.Value, err = AsBool(m, p, v)
		default:
			return nil, perr.Validationf(m.Name, p, "unknown filter operator `%s` for scalar list `%s`; expected one of %v", op, f.Name, ListOps)
		}
		if err != nil {
			return nil, err
		}
		l.Ops = append(l.Ops, o)
	}
	return l, nil
}
