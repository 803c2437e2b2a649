package request

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

var havingLogic = map[string]LogicOp{"AND": And, "OR": Or, "NOT": Not}

// Having is groupBy's `having`: every condition holds. A condition is a
// filter on a grouped field, on an aggregate of a field
// ({'views': {'_avg': {'gt': 5}}}), or AND/OR/NOT over havings.
type Having struct {
	Path  string
	Conds []HavingCond // in the order of their keys
}

// HavingCond is one condition of a Having: Logic set, or a filter on
// Field (Agg empty) or on Agg (one of AggregateKinds) of Field.
type HavingCond struct {
	Logic *HavingLogic
	Field *schema.Field
	Agg   string
	// Filter is the field's filter (*Scalar, *JSONFilter, *ListFilter),
	// its values typed as the aggregate answers them (_count an integer,
	// _avg a float unless the field is Decimal).
	Filter Cond
}

// HavingLogic is AND, OR or NOT over a list of havings.
type HavingLogic struct {
	Op    LogicOp
	Path  string
	Items []*Having
}

// ParseHaving reads groupBy's `having` on model m written at path, for
// the database t.
func ParseHaving(m *schema.Model, v any, path string, t Target) (*Having, error) {
	mp, err := AsMap(m, path, v)
	if err != nil {
		return nil, err
	}
	h := &Having{Path: path}
	for _, k := range SortedKeys(mp) {
		p := JoinPath(path, k)
		if op, ok := havingLogic[Canon(k)]; ok {
			l := &HavingLogic{Op: op, Path: p}
			for i, item := range AsList(mp[k]) {
				sub, err := ParseHaving(m, item, Index(p, i), t)
				if err != nil {
					return nil, err
				}
				l.Items = append(l.Items, sub)
			}
			h.Conds = append(h.Conds, HavingCond{Logic: l})
			continue
		}
		f := m.Field(k)
		if f == nil || f.Kind == schema.RelationField {
			return nil, perr.UnknownField(m.Name, p, k, ScalarNames(m))
		}
		fm, isMap := mp[k].(map[string]any)
		aggs := isMap
		for ak := range fm {
			if !Contains(AggregateKinds, ak) {
				aggs = false
			}
		}
		if !aggs {
			c, err := ParseField(m, f, mp[k], p, t)
			if err != nil {
				return nil, err
			}
			h.Conds = append(h.Conds, HavingCond{Field: f, Filter: c})
			continue
		}
		for _, ak := range SortedKeys(fm) {
			c, err := ParseField(m, aggregateField(m, f, ak), fm[ak], JoinPath(p, ak), t)
			if err != nil {
				return nil, err
			}
			h.Conds = append(h.Conds, HavingCond{Field: f, Agg: ak, Filter: c})
		}
	}
	return h, nil
}

// aggregateField is f as aggregate kind answers it: a count is an
// integer, an average a float unless f is Decimal, the others f itself.
func aggregateField(m *schema.Model, f *schema.Field, kind string) *schema.Field {
	switch {
	case kind == "_count":
		return &schema.Field{Name: f.Name, Type: schema.BigInt, Kind: schema.ScalarField, Model: m}
	case kind == "_avg" && f.Type != schema.Decimal:
		return &schema.Field{Name: f.Name, Type: schema.Float, Kind: schema.ScalarField, Model: m}
	}
	return f
}
