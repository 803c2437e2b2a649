package request

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Order is one ordering term: a scalar field, or (when Rel is set) a field
// of a to-one related record (Sub) or the number of to-many related records
// (Count), or (Rank) full-text relevance.
type Order struct {
	Field *schema.Field
	Desc  bool
	Rel   *schema.Field
	Sub   *Order // to-one: the ordering on the related model
	Count bool   // to-many: order by _count
	Nulls string // "first", "last", or "" (the database's placement)
	Rank  *Relevance
}

// ParseOrder reads orderBy: a dict or a list of dicts of field -> 'asc'|'desc'
// (or {'sort': 'asc'|'desc'}), and `_relevance` terms.
func ParseOrder(m *schema.Model, v any, path string) ([]Order, error) {
	var out []Order
	for i, item := range AsList(v) {
		p := path
		if _, isList := v.([]any); isList {
			p = Index(path, i)
		}
		mp, err := AsMap(m, p, item)
		if err != nil {
			return nil, err
		}
		for _, k := range SortedKeys(mp) {
			f := m.Field(k)
			kp := JoinPath(p, k)
			if k == RelevanceKey {
				o, err := parseRelevance(m, mp[k], kp)
				if err != nil {
					return nil, err
				}
				out = append(out, o)
				continue
			}
			if f == nil {
				return nil, perr.UnknownField(m.Name, kp, k, ScalarNames(m))
			}
			if f.Kind == schema.RelationField {
				o, err := parseRelOrder(m, f, mp[k], kp)
				if err != nil {
					return nil, err
				}
				out = append(out, o)
				continue
			}
			dir := mp[k]
			nulls := ""
			if sm, ok := dir.(map[string]any); ok {
				dir = sm["sort"]
				if n, has := sm["nulls"]; has {
					if n != "first" && n != "last" {
						return nil, perr.Validationf(m.Name, JoinPath(kp, "nulls"), "expected 'first' or 'last', got %v", n)
					}
					nulls = n.(string)
				}
			}
			switch dir {
			case "asc":
				out = append(out, Order{Field: f, Nulls: nulls})
			case "desc":
				out = append(out, Order{Field: f, Desc: true, Nulls: nulls})
			default:
				return nil, perr.Validationf(m.Name, kp, "expected 'asc' or 'desc', got %v", dir)
			}
		}
	}
	return out, nil
}

// parseRelOrder reads {'author': {'name': 'asc'}} or {'posts': {'_count': 'desc'}}.
func parseRelOrder(m *schema.Model, f *schema.Field, v any, path string) (Order, error) {
	mp, err := AsMap(m, path, v)
	if err != nil {
		return Order{}, err
	}
	if f.List {
		dir, ok := mp["_count"]
		if !ok || len(mp) != 1 {
			return Order{}, perr.Validationf(m.Name, path, "a to-many relation is ordered by {'_count': 'asc'|'desc'}")
		}
		switch dir {
		case "asc", "desc":
			return Order{Rel: f, Count: true, Desc: dir == "desc"}, nil
		}
		return Order{}, perr.Validationf(m.Name, JoinPath(path, "_count"), "expected 'asc' or 'desc', got %v", dir)
	}
	subs, err := ParseOrder(f.Relation.Model, mp, path)
	if err != nil {
		return Order{}, err
	}
	if len(subs) != 1 {
		return Order{}, perr.Validationf(m.Name, path, "expected exactly one field to order by")
	}
	return Order{Rel: f, Sub: &subs[0], Desc: subs[0].Desc}, nil
}

// UniqueOrder reports whether the ordering fields include the primary key or
// every field of a unique constraint made only of required fields.
func UniqueOrder(m *schema.Model, ords []Order) bool {
	has := map[string]bool{}
	for _, o := range ords {
		if o.Field != nil {
			has[o.Field.Name] = true
		}
	}
	all := func(names []string) bool {
		for _, n := range names {
			if !has[n] {
				return false
			}
		}
		return len(names) > 0
	}
	if all(m.PrimaryKey.Fields) {
		return true
	}
	for _, u := range m.Uniques {
		req := true
		for _, n := range u.Fields {
			if f := m.Field(n); f == nil || f.Optional {
				req = false
			}
		}
		if req && all(u.Fields) {
			return true
		}
	}
	return false
}

// WithPK appends the primary key ascending when the order is not unique.
func WithPK(m *schema.Model, ords []Order) []Order {
	if UniqueOrder(m, ords) {
		return ords
	}
	has := map[string]bool{}
	for _, o := range ords {
		if o.Field != nil {
			has[o.Field.Name] = true
		}
	}
	for _, f := range m.IDFields() {
		if !has[f.Name] {
			ords = append(ords, Order{Field: f})
		}
	}
	return ords
}

// Reverse is the order read backwards (a negative take), NULLs placed to match.
func Reverse(ords []Order) []Order {
	out := make([]Order, len(ords))
	for i, o := range ords {
		o.Desc = !o.Desc
		switch o.Nulls {
		case "first":
			o.Nulls = "last"
		case "last":
			o.Nulls = "first"
		}
		out[i] = o
	}
	return out
}

// HasRelOrder reports whether an order names a relation.
func HasRelOrder(ords []Order) bool {
	for _, o := range ords {
		if o.Rel != nil {
			return true
		}
	}
	return false
}

// RelevanceKey orders by full-text relevance:
// {'_relevance': {'fields': [...], 'search': '...', 'sort': 'asc'|'desc'}}.
const RelevanceKey = "_relevance"

// Relevance is a `_relevance` order term: the fields searched as one
// document, the query, and where it was written (for errors raised once the
// dialect is known).
type Relevance struct {
	Model  *schema.Model
	Fields []*schema.Field
	Query  string
	Path   string
}

// Searchable reports whether f can be searched: a String field, not an
// enum or a list.
func Searchable(f *schema.Field) bool {
	return f.Kind == schema.ScalarField && f.Type == schema.String && !f.List
}

// parseRelevance reads the value of a `_relevance` order term.
func parseRelevance(m *schema.Model, v any, path string) (Order, error) {
	mp, err := AsMap(m, path, v)
	if err != nil {
		return Order{}, err
	}
	for _, k := range SortedKeys(mp) {
		if k != "fields" && k != "search" && k != "sort" {
			return Order{}, perr.Validationf(m.Name, JoinPath(path, k), "unknown key `%s`; expected fields, search and sort", k)
		}
	}
	r := &Relevance{Model: m, Path: path}
	fp := JoinPath(path, "fields")
	list, isList := mp["fields"].([]any)
	if s, ok := mp["fields"].(string); ok {
		list = []any{s}
	} else if !isList || len(list) == 0 {
		return Order{}, perr.Validationf(m.Name, fp, "expected a field name or a non-empty list of String field names, got %s", TypeName(mp["fields"]))
	}
	seen := map[string]bool{}
	for i, item := range list {
		p := fp
		if isList {
			p = Index(fp, i)
		}
		name, _ := item.(string)
		f := m.Field(name)
		if f == nil || !Searchable(f) {
			return Order{}, perr.UnknownField(m.Name, p, name, stringFieldNames(m))
		}
		if seen[name] {
			return Order{}, perr.Validationf(m.Name, p, "field `%s` is listed twice", name)
		}
		seen[name] = true
		r.Fields = append(r.Fields, f)
	}
	q, ok := mp["search"].(string)
	if !ok {
		return Order{}, perr.Validationf(m.Name, JoinPath(path, "search"), "expected the search query, a string, got %s", TypeName(mp["search"]))
	}
	r.Query = q
	switch mp["sort"] {
	case "asc":
		return Order{Rank: r}, nil
	case "desc":
		return Order{Rank: r, Desc: true}, nil
	}
	return Order{}, perr.Validationf(m.Name, JoinPath(path, "sort"), "expected 'asc' or 'desc', got %v", mp["sort"])
}

// stringFieldNames lists the fields `_relevance` can name.
func stringFieldNames(m *schema.Model) []string {
	var out []string
	for _, f := range m.ScalarFields() {
		if Searchable(f) {
			out = append(out, f.Name)
		}
	}
	return out
}
