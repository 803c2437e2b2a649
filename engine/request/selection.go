package request

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Selection is the output shape of one model level: which scalar fields
// come back, which relations are loaded (with their own arguments) and which
// relation counts go under "_count".
type Selection struct {
	Model   *schema.Model
	Scalars []*schema.Field
	Rels    []*Rel
	Counts  []*Count
}

// Rel is a loaded relation: its own read arguments (where, orderBy, take,
// skip, cursor, distinct of a to-many relation) and the shape of its rows.
type Rel struct {
	Field *schema.Field
	Args  Args
	Sel   *Selection
}

// Count is a relation counted under "_count", with its filter if any.
type Count struct {
	Field *schema.Field
	Where any
}

var nestedReadArgs = []string{"where", "orderBy", "take", "skip", "cursor", "distinct", "select", "include", "omit"}

// ParseSelection reads select/include/omit. select picks scalar fields (and
// may load relations); include adds relations to the scalars; omit removes
// scalars. Given together, select picks the scalars and include adds relations.
func ParseSelection(m *schema.Model, sel, inc, omit any, path string) (*Selection, error) {
	s := &Selection{Model: m}
	picked := map[string]bool{}
	if sel != nil {
		mp, err := AsMap(m, JoinPath(path, "select"), sel)
		if err != nil {
			return nil, err
		}
		for _, k := range SortedKeys(mp) {
			if err := s.add(k, mp[k], JoinPath(path, "select."+k), true, picked); err != nil {
				return nil, err
			}
		}
	}
	if inc != nil {
		mp, err := AsMap(m, JoinPath(path, "include"), inc)
		if err != nil {
			return nil, err
		}
		for _, k := range SortedKeys(mp) {
			if err := s.add(k, mp[k], JoinPath(path, "include."+k), false, picked); err != nil {
				return nil, err
			}
		}
	}
	omitted := map[string]bool{}
	if omit != nil {
		mp, err := AsMap(m, JoinPath(path, "omit"), omit)
		if err != nil {
			return nil, err
		}
		for k, v := range mp {
			f := m.Field(k)
			if f == nil || f.Kind == schema.RelationField {
				return nil, perr.UnknownField(m.Name, JoinPath(path, "omit."+k), k, ScalarNames(m))
			}
			b, err := AsBool(m, JoinPath(path, "omit."+k), v)
			if err != nil {
				return nil, err
			}
			omitted[k] = b
		}
	}
	for _, f := range m.ScalarFields() {
		if (sel == nil || picked[f.Name]) && !omitted[f.Name] {
			s.Scalars = append(s.Scalars, f)
		}
	}
	return s, nil
}

// ScalarNames lists a model's scalar field names for "available" hints.
func ScalarNames(m *schema.Model) []string {
	var out []string
	for _, f := range m.ScalarFields() {
		out = append(out, f.Name)
	}
	return out
}

func (s *Selection) add(k string, v any, path string, isSelect bool, picked map[string]bool) error {
	m := s.Model
	if k == "_count" {
		return s.addCount(v, path)
	}
	f := m.Field(k)
	if f == nil {
		return perr.UnknownField(m.Name, path, k, FieldNames(m))
	}
	if f.Kind != schema.RelationField {
		if !isSelect {
			return perr.Validationf(m.Name, path, "`%s` is a scalar field; include takes relations only (use select)", k)
		}
		b, err := AsBool(m, path, v)
		if err != nil {
			return err
		}
		picked[k] = b
		return nil
	}
	if b, ok := v.(bool); ok {
		if b {
			child, _ := ParseSelection(f.Relation.Model, nil, nil, nil, path)
			s.Rels = append(s.Rels, &Rel{Field: f, Args: Args{}, Sel: child})
		}
		return nil
	}
	mp, err := AsMap(m, path, v)
	if err != nil {
		return err
	}
	a := Args{}
	for _, key := range SortedKeys(mp) {
		c := Canon(key)
		if !Contains(nestedReadArgs, c) {
			return perr.Validationf(m.Name, JoinPath(path, key), "unknown argument `%s`; expected one of %v", key, nestedReadArgs)
		}
		if !f.List && Contains([]string{"orderBy", "take", "skip", "cursor", "distinct"}, c) {
			return perr.Validationf(m.Name, JoinPath(path, key), "`%s` applies to to-many relations only; `%s` is to-one", key, f.Name)
		}
		if mp[key] != nil {
			a[c] = mp[key]
		}
	}
	child, err := ParseSelection(f.Relation.Model, a["select"], a["include"], a["omit"], path)
	if err != nil {
		return err
	}
	s.Rels = append(s.Rels, &Rel{Field: f, Args: a, Sel: child})
	return nil
}

// addCount reads `_count: True` (every to-many relation) or
// `_count: {'select': {'posts': True | {'where': ...}}}`.
func (s *Selection) addCount(v any, path string) error {
	m := s.Model
	if b, ok := v.(bool); ok {
		if b {
			for _, f := range m.Fields {
				if f.Kind == schema.RelationField && f.List {
					s.Counts = append(s.Counts, &Count{Field: f})
				}
			}
		}
		return nil
	}
	mp, err := AsMap(m, path, v)
	if err != nil {
		return err
	}
	selv, ok := mp["select"]
	if !ok || len(mp) != 1 {
		return perr.Validationf(m.Name, path, "expected True or {'select': {...}}")
	}
	sm, err := AsMap(m, JoinPath(path, "select"), selv)
	if err != nil {
		return err
	}
	for _, k := range SortedKeys(sm) {
		p := JoinPath(path, "select."+k)
		f := m.Field(k)
		if f == nil || f.Kind != schema.RelationField || !f.List {
			return perr.Validationf(m.Name, p, "`%s` is not a to-many relation of %s", k, m.Name)
		}
		switch t := sm[k].(type) {
		case bool:
			if t {
				s.Counts = append(s.Counts, &Count{Field: f})
			}
		case map[string]any:
			s.Counts = append(s.Counts, &Count{Field: f, Where: t["where"]})
		default:
			return perr.Validationf(m.Name, p, "expected True or {'where': {...}}, got %s", TypeName(sm[k]))
		}
	}
	return nil
}
