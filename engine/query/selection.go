package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// selection is the output shape of one model level: which scalar fields come
// back, which relations are loaded (with their own arguments) and which
// relation counts go under "_count".
type selection struct {
	m       *schema.Model
	scalars []*schema.Field
	rels    []*relSel
	counts  []*countSel
}

type relSel struct {
	f   *schema.Field
	a   args // where, orderBy, take, skip, cursor, distinct of a to-many relation
	sel *selection
}

type countSel struct {
	f     *schema.Field
	where any
}

var nestedReadArgs = []string{"where", "orderBy", "take", "skip", "cursor", "distinct", "select", "include", "omit"}

// parseSelection reads select/include/omit. select picks scalar fields (and
// may load relations); include adds relations to the scalars; omit removes
// scalars. Given together, select picks the scalars and include adds relations.
func parseSelection(m *schema.Model, sel, inc, omit any, path string) (*selection, error) {
	s := &selection{m: m}
	picked := map[string]bool{}
	if sel != nil {
		mp, err := asMap(m, joinPath(path, "select"), sel)
		if err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(mp) {
			if err := s.add(k, mp[k], joinPath(path, "select."+k), true, picked); err != nil {
				return nil, err
			}
		}
	}
	if inc != nil {
		mp, err := asMap(m, joinPath(path, "include"), inc)
		if err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(mp) {
			if err := s.add(k, mp[k], joinPath(path, "include."+k), false, picked); err != nil {
				return nil, err
			}
		}
	}
	omitted := map[string]bool{}
	if omit != nil {
		mp, err := asMap(m, joinPath(path, "omit"), omit)
		if err != nil {
			return nil, err
		}
		for k, v := range mp {
			f := m.Field(k)
			if f == nil || f.Kind == schema.RelationField {
				return nil, perr.UnknownField(m.Name, joinPath(path, "omit."+k), k, scalarNames(m))
			}
			b, err := asBool(m, joinPath(path, "omit."+k), v)
			if err != nil {
				return nil, err
			}
			omitted[k] = b
		}
	}
	for _, f := range m.ScalarFields() {
		if (sel == nil || picked[f.Name]) && !omitted[f.Name] {
			s.scalars = append(s.scalars, f)
		}
	}
	return s, nil
}

func scalarNames(m *schema.Model) []string {
	var out []string
	for _, f := range m.ScalarFields() {
		out = append(out, f.Name)
	}
	return out
}

func (s *selection) add(k string, v any, path string, isSelect bool, picked map[string]bool) error {
	m := s.m
	if k == "_count" {
		return s.addCount(v, path)
	}
	f := m.Field(k)
	if f == nil {
		return perr.UnknownField(m.Name, path, k, fieldNames(m))
	}
	if f.Kind != schema.RelationField {
		if !isSelect {
			return perr.Validationf(m.Name, path, "`%s` is a scalar field; include takes relations only (use select)", k)
		}
		b, err := asBool(m, path, v)
		if err != nil {
			return err
		}
		picked[k] = b
		return nil
	}
	if b, ok := v.(bool); ok {
		if b {
			child, _ := parseSelection(f.Relation.Model, nil, nil, nil, path)
			s.rels = append(s.rels, &relSel{f: f, a: args{}, sel: child})
		}
		return nil
	}
	mp, err := asMap(m, path, v)
	if err != nil {
		return err
	}
	a := args{}
	for _, key := range sortedKeys(mp) {
		c := canon(key)
		if !contains(nestedReadArgs, c) {
			return perr.Validationf(m.Name, joinPath(path, key), "unknown argument `%s`; expected one of %v", key, nestedReadArgs)
		}
		if !f.List && contains([]string{"orderBy", "take", "skip", "cursor", "distinct"}, c) {
			return perr.Validationf(m.Name, joinPath(path, key), "`%s` applies to to-many relations only; `%s` is to-one", key, f.Name)
		}
		if mp[key] != nil {
			a[c] = mp[key]
		}
	}
	child, err := parseSelection(f.Relation.Model, a["select"], a["include"], a["omit"], path)
	if err != nil {
		return err
	}
	s.rels = append(s.rels, &relSel{f: f, a: a, sel: child})
	return nil
}

// addCount reads `_count: True` (every to-many relation) or
// `_count: {'select': {'posts': True | {'where': ...}}}`.
func (s *selection) addCount(v any, path string) error {
	m := s.m
	if b, ok := v.(bool); ok {
		if b {
			for _, f := range m.Fields {
				if f.Kind == schema.RelationField && f.List {
					s.counts = append(s.counts, &countSel{f: f})
				}
			}
		}
		return nil
	}
	mp, err := asMap(m, path, v)
	if err != nil {
		return err
	}
	selv, ok := mp["select"]
	if !ok || len(mp) != 1 {
		return perr.Validationf(m.Name, path, "expected True or {'select': {...}}")
	}
	sm, err := asMap(m, joinPath(path, "select"), selv)
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(sm) {
		p := joinPath(path, "select."+k)
		f := m.Field(k)
		if f == nil || f.Kind != schema.RelationField || !f.List {
			return perr.Validationf(m.Name, p, "`%s` is not a to-many relation of %s", k, m.Name)
		}
		switch t := sm[k].(type) {
		case bool:
			if t {
				s.counts = append(s.counts, &countSel{f: f})
			}
		case map[string]any:
			s.counts = append(s.counts, &countSel{f: f, where: t["where"]})
		default:
			return perr.Validationf(m.Name, p, "expected True or {'where': {...}}, got %s", typeName(sm[k]))
		}
	}
	return nil
}

// fetchFields are the columns a level must read: the output scalars plus
// the keys that relation loading and counting need.
func (s *selection) fetchFields(extra ...*schema.Field) []*schema.Field {
	seen := map[string]bool{}
	var out []*schema.Field
	addF := func(f *schema.Field) {
		if f != nil && !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	for _, f := range s.scalars {
		addF(f)
	}
	for _, r := range s.rels {
		for _, f := range linkOf(r.f).parent {
			addF(f)
		}
	}
	for _, c := range s.counts {
		for _, f := range linkOf(c.f).parent {
			addF(f)
		}
	}
	for _, f := range extra {
		addF(f)
	}
	return out
}
