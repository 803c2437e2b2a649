package request

import (
	"math/big"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Write data (create and update `data`, a createMany row) read into
// assignments: each scalar field given, what is done to it and its value
// coerced to the field's type, with the argument path it was read at.
// Relation fields (nested writes) are kept as given, with their paths:
// planning reads their operations. Defaults are not filled here: the
// clock and generated ids are values the planner makes (plan slots), so
// the required-field check that needs them is the planner's too.

// AssignOp is what an assignment does to its field.
type AssignOp string

const (
	AssignSet       AssignOp = "set"
	AssignIncrement AssignOp = "increment"
	AssignDecrement AssignOp = "decrement"
	AssignMultiply  AssignOp = "multiply"
	AssignDivide    AssignOp = "divide"
	// AssignPush appends Value (a List) to a scalar list.
	AssignPush AssignOp = "push"
)

// atomicOps are the update operations of a number field, in the order
// messages list them.
var atomicOps = []string{"set", "increment", "decrement", "multiply", "divide"}

// Assign is one scalar field's write. Value is coerced (Coerce): nil for
// SQL NULL, JSON("null") for JsonNull, a List for a scalar list; Path is
// where it was read (`data.n.increment` for {'increment': ...}).
type Assign struct {
	Field *schema.Field
	Op    AssignOp
	Value any
	Path  string
}

// Nested is a relation field's value as given (its nested operations).
type Nested struct {
	Field *schema.Field
	Value any
	Path  string
}

// Data is the write data of one row of Model, read at Path. Scalars and
// Relations are each in key order.
type Data struct {
	Model     *schema.Model
	Path      string
	Scalars   []Assign
	Relations []Nested
}

// Assigned is f's assignment, if the data gives one.
func (d *Data) Assigned(name string) (*Assign, bool) {
	for i := range d.Scalars {
		if d.Scalars[i].Field.Name == name {
			return &d.Scalars[i], true
		}
	}
	return nil, false
}

// ParseCreate reads create data v at path: a plain value or {'set': v}
// per scalar field, null only for an optional field.
func ParseCreate(m *schema.Model, v any, path string) (*Data, error) {
	return parseData(m, v, path, func(f *schema.Field, v any, p string) (Assign, error) {
		val, err := createValue(m, f, v, p)
		return Assign{Field: f, Op: AssignSet, Value: val, Path: p}, err
	}, true)
}

// ParseUpdate reads update data v at path: per scalar field a value,
// {'set': v}, an atomic number operation, or for a scalar list a list,
// {'set': list} or {'push': value or list}. relations tells whether
// relation fields may be written (not in updateMany).
func ParseUpdate(m *schema.Model, v any, path string, relations bool) (*Data, error) {
	return parseData(m, v, path, func(f *schema.Field, v any, p string) (Assign, error) {
		return updateValue(m, f, v, p)
	}, relations)
}

// ParseRow reads one createMany row v at path: scalar fields only (the
// foreign key stands for a relation).
func ParseRow(m *schema.Model, v any, path string) (*Data, error) {
	data, err := AsMap(m, path, v)
	if err != nil {
		return nil, err
	}
	d := &Data{Model: m, Path: path}
	for _, k := range SortedKeys(data) {
		f := m.Field(k)
		p := JoinPath(path, k)
		if f == nil {
			return nil, perr.UnknownField(m.Name, p, k, ScalarNames(m))
		}
		if f.Kind == schema.RelationField {
			return nil, perr.Validationf(m.Name, p, "createMany takes scalar fields only; set the foreign key instead of `%s`", k)
		}
		val, err := createValue(m, f, data[k], p)
		if err != nil {
			return nil, err
		}
		d.Scalars = append(d.Scalars, Assign{Field: f, Op: AssignSet, Value: val, Path: p})
	}
	return d, nil
}

func parseData(m *schema.Model, v any, path string, scalar func(*schema.Field, any, string) (Assign, error), relations bool) (*Data, error) {
	data, err := AsMap(m, path, v)
	if err != nil {
		return nil, err
	}
	d := &Data{Model: m, Path: path}
	for _, k := range SortedKeys(data) {
		f := m.Field(k)
		p := JoinPath(path, k)
		if f == nil {
			return nil, perr.UnknownField(m.Name, p, k, FieldNames(m))
		}
		if f.Kind == schema.RelationField {
			if !relations {
				return nil, perr.Validationf(m.Name, p, "relation `%s` cannot be written here; only scalar fields", k)
			}
			d.Relations = append(d.Relations, Nested{Field: f, Value: data[k], Path: p})
			continue
		}
		a, err := scalar(f, data[k], p)
		if err != nil {
			return nil, err
		}
		d.Scalars = append(d.Scalars, a)
	}
	return d, nil
}

// Missing is the error of a required field given null, or left out with
// no default.
func Missing(m *schema.Model, f *schema.Field, path string) error {
	return perr.New(perr.MissingValue, map[string]any{"modelName": m.Name, "field": f.Name, "path": path},
		"Missing a required value for `%s.%s` at `%s`: the field is required and has no default", m.Name, f.Name, path)
}

// createValue reads a value written as is: v or {'set': v} (a Json
// field's dict is its value), a null sentinel, or null (for an optional
// field only).
func createValue(m *schema.Model, f *schema.Field, v any, path string) (any, error) {
	if mp, ok := v.(map[string]any); ok && f.Type != schema.Json {
		if s, has := mp["set"]; has && len(mp) == 1 {
			v = s
		}
	}
	if s, ok := v.(abi.NullSentinel); ok {
		c, err := nullSentinelValue(m, f, s, path)
		if err != nil || c != nil {
			return c, err
		}
		v = nil
	}
	if v == nil {
		if !f.Optional {
			return nil, Missing(m, f, path)
		}
		return nil, nil
	}
	return Coerce(m, f, path, v)
}

// nullSentinelValue is what a null sentinel given as a field's value
// writes: DbNull SQL NULL (as None does), JsonNull the JSON value null.
// AnyNull only filters, and the sentinels belong to Json fields only
// (https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-json-fields#using-null-values).
// The nil returned for DbNull goes through the caller's required-field check.
func nullSentinelValue(m *schema.Model, f *schema.Field, s abi.NullSentinel, path string) (any, error) {
	if f.Type != schema.Json || f.ScalarList() {
		return nil, perr.Validationf(m.Name, path, "%s is for Json fields; `%s` is %s (use None for null)", s, f.Name, f.TypeName)
	}
	switch s {
	case abi.DbNull:
		return nil, nil
	case abi.JsonNull:
		return JSON("null"), nil
	}
	return nil, perr.Validationf(m.Name, path, "AnyNull only filters; write DbNull (SQL NULL) or JsonNull (JSON null) to `%s`", f.Name)
}

// updateValue is a plain value, {'set': v}, or an atomic number operation
// (computed in SQL by the planner, so concurrent updates do not lose
// increments).
func updateValue(m *schema.Model, f *schema.Field, v any, path string) (Assign, error) {
	if f.ScalarList() {
		return listValue(m, f, v, path)
	}
	ops, isMap := v.(map[string]any)
	if !isMap || f.Type == schema.Json {
		val, err := createValue(m, f, v, path)
		return Assign{Field: f, Op: AssignSet, Value: val, Path: path}, err
	}
	if len(ops) != 1 {
		return Assign{}, perr.Validationf(m.Name, path, "expected exactly one of %v, got %d operations", atomicOps, len(ops))
	}
	for op, arg := range ops {
		p := JoinPath(path, op)
		if op == "set" {
			val, err := createValue(m, f, arg, p)
			return Assign{Field: f, Op: AssignSet, Value: val, Path: p}, err
		}
		if !Contains(atomicOps, op) {
			return Assign{}, perr.Validationf(m.Name, p, "unknown update operation `%s`; expected one of %v", op, atomicOps)
		}
		switch f.Type {
		case schema.Int, schema.BigInt, schema.Float, schema.Decimal:
		default:
			return Assign{}, perr.Validationf(m.Name, p, "`%s` needs a numeric field; `%s` is %s", op, f.Name, f.TypeName)
		}
		if f.Kind == schema.EnumField {
			return Assign{}, perr.Validationf(m.Name, p, "`%s` needs a numeric field", op)
		}
		if arg == nil {
			return Assign{}, perr.Validationf(m.Name, p, "expected a number, got null")
		}
		val, err := Coerce(m, f, p, arg)
		if err != nil {
			return Assign{}, err
		}
		if op == "divide" && isZero(val) {
			// SQLite and MySQL would store NULL, PostgreSQL fails.
			return Assign{}, perr.Validationf(m.Name, p, "division by zero: `divide` on field `%s` needs a non-zero divisor", f.Name)
		}
		return Assign{Field: f, Op: AssignOp(op), Value: val, Path: p}, nil
	}
	return Assign{}, nil
}

// listValue is an update of a scalar list: a list, {'set': list} or
// {'push': value or list}.
func listValue(m *schema.Model, f *schema.Field, v any, path string) (Assign, error) {
	ops, isMap := v.(map[string]any)
	if !isMap {
		l, err := CoerceList(m, f, path, v)
		return Assign{Field: f, Op: AssignSet, Value: l, Path: path}, err
	}
	if len(ops) != 1 {
		return Assign{}, perr.Validationf(m.Name, path, "expected exactly one of [set push], got %d operations", len(ops))
	}
	for op, arg := range ops {
		p := JoinPath(path, op)
		switch op {
		case "set":
			l, err := CoerceList(m, f, p, arg)
			return Assign{Field: f, Op: AssignSet, Value: l, Path: p}, err
		case "push":
			items, isList := arg.([]any)
			if !isList {
				items = []any{arg}
			}
			l, err := CoerceList(m, f, p, items)
			return Assign{Field: f, Op: AssignPush, Value: l, Path: p}, err
		default:
			return Assign{}, perr.Validationf(m.Name, p, "unknown update operation `%s` for scalar list `%s`; expected set or push", op, f.Name)
		}
	}
	return Assign{}, nil
}

// isZero reports whether a coerced number is zero.
func isZero(v any) bool {
	switch t := v.(type) {
	case int64:
		return t == 0
	case float64:
		return t == 0
	case abi.Decimal:
		r, ok := new(big.Rat).SetString(string(t))
		return ok && r.Sign() == 0
	}
	return false
}
