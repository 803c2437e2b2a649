package request

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Filters: a `where` read into a tree of conditions, each keeping the
// argument path it was written at, values coerced to their field's type.
// Everything a filter can get wrong without knowing the database is
// refused here; what depends on the database (full-text search, the form
// of a Json `path`, JSON containment, NaN) is refused when the filter is
// rendered, with the path kept in the tree.
// https://www.prisma.io/docs/orm/reference/prisma-client-reference#filter-conditions-and-operators

// MaxFilterDepth bounds how deeply filters nest (AND/OR/NOT and relation
// filters). The SQL expression grows with the nesting and databases refuse
// deep trees with errors of their own (SQLite: SQLITE_MAX_EXPR_DEPTH 1000
// nodes; PostgreSQL: max_stack_depth), so a deeper filter is a validation
// error naming where the limit was passed.
const MaxFilterDepth = 100

// Where is a filter on Model: every condition holds; no condition is true
// (an absent where, None, or {}).
type Where struct {
	Model *schema.Model
	Path  string
	Conds []Cond // in the order of their keys
}

// Cond is one condition of a Where: *Logic, *Compound, *Relation, or a
// field's filter (*Scalar, *JSONFilter, *ListFilter).
type Cond interface{ cond() }

// LogicOp is AND, OR or NOT.
type LogicOp int

const (
	And LogicOp = iota // all items hold
	Or                 // some item holds (none: false)
	Not                // no item holds: each is negated on its own
)

// Logic is `AND`, `OR` or `NOT` over a list of filters (a single dict is
// a list of one).
type Logic struct {
	Op    LogicOp
	Path  string
	Items []*Where
}

// Compound is a compound id or unique key given by name:
// `{'firstName_lastName': {'firstName': .., 'lastName': ..}}`, one
// condition per field of the key, in the key's order.
type Compound struct {
	Key    string
	Path   string
	Fields []*Scalar
}

// RelOp is a relation filter's operator.
type RelOp int

const (
	Some  RelOp = iota // to-many: a related record matches
	Every              // to-many: every related record matches
	None               // to-many: no related record matches
	Is                 // to-one: the related record exists and matches (Where nil: is absent)
	IsNot              // to-one: it does not exist or does not match (Where nil: is present)
)

// Relation is a filter on a relation field: some/every/none on a to-many
// relation; is/isNot, or a filter on the related record itself (as Is),
// or None (is absent) on a to-one.
type Relation struct {
	Field *schema.Field
	Path  string
	Ops   []RelTerm
}

// RelTerm is one operator of a relation filter on the related model's
// records; Where nil is "the related record is absent" (Is) or present
// (IsNot).
type RelTerm struct {
	Op    RelOp
	Path  string
	Where *Where
}

func (*Logic) cond()      {}
func (*Compound) cond()   {}
func (*Relation) cond()   {}
func (*Scalar) cond()     {}
func (*JSONFilter) cond() {}
func (*ListFilter) cond() {}

// Target is what reading a filter must know of the database it is for
// and cannot learn from the schema: the form of a Json filter's `path`,
// which is the database's own in Prisma (a list of keys on PostgreSQL, a
// JSON path string on MySQL and SQLite), and the provider's name for
// messages. A path of the other form is refused where it is written, in
// the order of the filter's keys, rather than guessed at.
type Target struct {
	Provider     string
	JSONPathKeys bool
}

// ParseWhere reads a `where` dict on model m written at path (also a
// cursor, a unique where, a relation's where: any filter of m's records)
// for the database t.
func ParseWhere(m *schema.Model, v any, path string, t Target) (*Where, error) {
	return parseWhere(m, v, path, t, 0)
}

func parseWhere(m *schema.Model, v any, path string, t Target, depth int) (*Where, error) {
	w := &Where{Model: m, Path: path}
	if v == nil {
		return w, nil
	}
	if depth >= MaxFilterDepth {
		return nil, perr.Validationf(m.Name, path, "filters are nested more than %d levels deep", MaxFilterDepth)
	}
	mp, err := AsMap(m, path, v)
	if err != nil {
		return nil, err
	}
	w.Conds = make([]Cond, 0, len(mp))
	for _, k := range SortedKeys(mp) {
		val := mp[k]
		p := JoinPath(path, k)
		f := m.Field(k)
		var c Cond
		switch {
		case f != nil && f.Kind == schema.RelationField:
			c, err = parseRelation(m, f, val, p, t, depth)
		case f != nil:
			c, err = ParseField(m, f, val, p, t)
		default:
			c, err = parseKey(m, k, val, p, t, depth)
		}
		if err != nil {
			return nil, err
		}
		w.Conds = append(w.Conds, c)
	}
	return w, nil
}

// parseKey reads a key of a where that is not a field: AND, OR, NOT or a
// compound key's name.
func parseKey(m *schema.Model, k string, val any, path string, t Target, depth int) (Cond, error) {
	var op LogicOp
	switch Canon(k) {
	case "AND":
		op = And
	case "OR":
		op = Or
	case "NOT", "not":
		op = Not
	default:
		if fields := CompoundKey(m, k); fields != nil {
			return parseCompound(m, k, fields, val, path)
		}
		return nil, perr.UnknownField(m.Name, path, k, FieldNames(m))
	}
	items := AsList(val)
	l := &Logic{Op: op, Path: path, Items: make([]*Where, len(items))}
	for i, item := range items {
		w, err := parseWhere(m, item, Index(path, i), t, depth+1)
		if err != nil {
			return nil, err
		}
		l.Items[i] = w
	}
	return l, nil
}

// parseCompound reads the value of a compound key: each of its fields,
// nothing else.
func parseCompound(m *schema.Model, key string, fields []string, val any, path string) (*Compound, error) {
	mp, err := AsMap(m, path, val)
	if err != nil {
		return nil, err
	}
	c := &Compound{Key: key, Path: path, Fields: make([]*Scalar, len(fields))}
	for i, fn := range fields {
		p := JoinPath(path, fn)
		v, ok := mp[fn]
		if !ok {
			return nil, perr.Validationf(m.Name, p, "missing field `%s` of compound key %s", fn, key)
		}
		s, err := parseScalar(m, m.Field(fn), v, p, false)
		if err != nil {
			return nil, err
		}
		c.Fields[i] = s
	}
	for _, k := range SortedKeys(mp) {
		if !Contains(fields, k) {
			return nil, perr.UnknownField(m.Name, JoinPath(path, k), k, fields)
		}
	}
	return c, nil
}

// CompoundKey is the fields of m's compound id or unique key named key
// (by its name or its fields joined with `_`), nil when there is none.
func CompoundKey(m *schema.Model, key string) []string {
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

// parseRelation reads a relation filter: {some|every|none: where} on a
// to-many relation; {is|isNot: where or None}, a where on the related
// record, or None on a to-one.
func parseRelation(m *schema.Model, f *schema.Field, val any, path string, t Target, depth int) (*Relation, error) {
	rel := f.Relation.Model
	r := &Relation{Field: f, Path: path}
	sub := func(op RelOp, v any, p string) error {
		w, err := parseWhere(rel, v, p, t, depth+1)
		if err != nil {
			return err
		}
		r.Ops = append(r.Ops, RelTerm{Op: op, Path: p, Where: w})
		return nil
	}
	if f.List {
		mp, err := AsMap(m, path, val)
		if err != nil {
			return nil, err
		}
		for _, k := range SortedKeys(mp) {
			p := JoinPath(path, k)
			var op RelOp
			switch Canon(k) {
			case "some":
				op = Some
			case "every":
				op = Every
			case "none":
				op = None
			default:
				return nil, perr.Validationf(m.Name, p, "unknown to-many relation filter `%s`; expected some, every or none", k)
			}
			if err := sub(op, mp[k], p); err != nil {
				return nil, err
			}
		}
		return r, nil
	}
	if val == nil {
		r.Ops = []RelTerm{{Op: Is, Path: path}}
		return r, nil
	}
	mp, err := AsMap(m, path, val)
	if err != nil {
		return nil, err
	}
	isOps := len(mp) > 0
	for k := range mp {
		if c := Canon(k); c != "is" && c != "isNot" {
			isOps = false
		}
	}
	if !isOps {
		// A where on the related record: `is` it.
		return r, sub(Is, mp, path)
	}
	for _, k := range SortedKeys(mp) {
		op, p := Is, JoinPath(path, k)
		if Canon(k) == "isNot" {
			op = IsNot
		}
		if mp[k] == nil {
			r.Ops = append(r.Ops, RelTerm{Op: op, Path: p})
			continue
		}
		if err := sub(op, mp[k], p); err != nil {
			return nil, err
		}
	}
	return r, nil
}
