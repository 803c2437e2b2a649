package codegen

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/names"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// typesPy is types.py: the input TypedDicts per model, named as Prisma names
// them (UserWhereInput, UserCreateInput, ...), plus the shared filters from
// caspian_prisma.types, re-exported. Every TypedDict is total=False, except
// compound unique keys, which need all their fields.
func (g *gen) typesPy() string {
	var w pyWriter
	var names []string
	emit := func(name, doc string, fields []tdField, total bool) {
		w.line("")
		w.line("")
		w.typedDict(name, doc, fields, total)
		names = append(names, name)
	}
	alias := func(name, doc, value string) {
		w.line("")
		w.line("%s = %s", name, value)
		w.docstring(doc)
		names = append(names, name)
	}

	for _, e := range g.sch.Enums {
		g.enumTypes(e, alias, emit)
	}
	g.aggFilterTypes(emit)
	for _, m := range g.sch.Models {
		g.modelTypes(m, alias, emit)
	}
	body := w.String()

	var h pyWriter
	h.b.WriteString(g.header())
	h.line(`"""Input types of the client, named as Prisma names them: <Model>WhereInput,`)
	h.line("<Model>CreateInput, <Model>Include, ... A type checker then rejects misspelled")
	h.line("fields and operators in literal dicts. Keys are Prisma's camelCase; the")
	h.line(`snake_case aliases the engine accepts are listed too."""`)
	h.line("from __future__ import annotations")
	h.line("")
	if usedNames(body, "datetime") != nil {
		h.line("from datetime import datetime")
	}
	if usedNames(body, "Decimal") != nil {
		h.line("from decimal import Decimal")
	}
	h.b.WriteString(importLine("typing", usedNames(body+" TypedDict", "Any", "Dict", "List", "Literal", "Optional", "Required", "TypedDict", "Union")))
	h.line("")
	h.line("from caspian_prisma.types import (")
	h.in()
	for _, n := range runtimeTypeNames {
		h.line("%s as %s,", n, n)
	}
	h.out()
	h.line(")")
	if enums := usedNames(body, g.enumNames()...); len(enums) > 0 {
		h.line("")
		h.b.WriteString(importLine(".enums", enums))
	}
	h.line("")
	h.allList(append(append([]string{}, runtimeTypeNames...), names...))
	return h.String() + body
}

type aliasFn func(name, doc, value string)
type emitFn func(name, doc string, fields []tdField, total bool)

func (g *gen) enumTypes(e *schema.Enum, alias aliasFn, emit emitFn) {
	var lits []string
	for _, v := range e.Values {
		lits = append(lits, pyStr(v.Name))
	}
	in := e.Name + "Input"
	alias(in, fmt.Sprintf("A %s value: the enum member or its name as a string.", e.Name),
		fmt.Sprintf("Union[%s, Literal[%s]]", e.Name, strings.Join(lits, ", ")))
	f := "Enum" + e.Name + "Filter"
	emit(f, fmt.Sprintf("Filter on a %s field.", e.Name), withAliases([]tdField{
		{Key: "equals", Type: optional(in, true)},
		{Key: "in", Type: listOf(in)},
		{Key: "notIn", Type: listOf(in)},
		{Key: "not", Type: union(in, "None", f)},
	}), false)
	emit("Enum"+e.Name+"ListFilter", fmt.Sprintf("Filter on a %s[] field.", e.Name), withAliases([]tdField{
		{Key: "equals", Type: optional(listOf(in), true)},
		{Key: "has", Type: optional(in, true)},
		{Key: "hasEvery", Type: listOf(in)},
		{Key: "hasSome", Type: listOf(in)},
		{Key: "isEmpty", Type: "bool"},
	}), false)
	emit("Enum"+e.Name+"FieldUpdateOperationsInput", fmt.Sprintf("``{'set': value}`` for a %s field.", e.Name),
		[]tdField{{Key: "set", Type: optional(in, true)}}, false)
	emit("Enum"+e.Name+"ListUpdateInput", fmt.Sprintf("Update of a %s[] field.", e.Name), []tdField{
		{Key: "set", Type: listOf(in)},
		{Key: "push", Type: union(in, listOf(in))},
	}, false)
}

// withAliases adds, after each key that has one, its snake_case alias.
func withAliases(fields []tdField) []tdField {
	out := make([]tdField, 0, len(fields)+4)
	for _, f := range fields {
		out = append(out, f)
		for _, a := range names.Snake(f.Key) {
			out = append(out, tdField{Key: a, Type: f.Type})
		}
	}
	return out
}

func (g *gen) modelTypes(m *schema.Model, alias aliasFn, emit emitFn) {
	n := m.Name
	scalars := m.ScalarFields()
	var keys []string
	for _, f := range scalars {
		keys = append(keys, pyStr(f.Name))
	}
	alias(n+"ScalarFieldKeys", fmt.Sprintf("The names of %s's scalar fields (for distinct and group_by's by).", n),
		"Literal["+strings.Join(keys, ", ")+"]")

	// Filters.
	where := withAliases([]tdField{
		{Key: "AND", Type: union(n+"WhereInput", listOf(n+"WhereInput"))},
		{Key: "OR", Type: listOf(n + "WhereInput")},
		{Key: "NOT", Type: union(n+"WhereInput", listOf(n+"WhereInput"))},
	})
	for _, f := range m.Fields {
		where = append(where, tdField{Key: f.Name, Type: whereType(f), Doc: f.Doc})
	}
	emit(n+"WhereInput", fmt.Sprintf("Filters %s records: field conditions, combined with AND, OR and NOT.", n), where, false)
	unique := append([]tdField{}, where...)
	for _, c := range compoundKeys(m) {
		unique = append(unique, tdField{Key: c.name, Type: c.typeName})
	}
	emit(n+"WhereUniqueInput", fmt.Sprintf("Identifies one %s record: by its id, a unique field or a compound key; other field conditions may be added.", n), unique, false)
	for _, c := range compoundKeys(m) {
		var fs []tdField
		for _, fn := range c.fields {
			f := m.Field(fn)
			fs = append(fs, tdField{Key: fn, Type: scalarInput(f)})
		}
		emit(c.typeName, fmt.Sprintf("The compound key %s of %s: every field is needed.", c.name, n), fs, true)
	}
	emit(n+"RelationFilter", fmt.Sprintf("Filter on a relation to one %s.", n), withAliases([]tdField{
		{Key: "is", Type: optional(n+"WhereInput", true)},
		{Key: "isNot", Type: optional(n+"WhereInput", true)},
	}), false)
	emit(n+"ListRelationFilter", fmt.Sprintf("Filter on a relation to many %s records.", n), []tdField{
		{Key: "every", Type: n + "WhereInput"},
		{Key: "some", Type: n + "WhereInput"},
		{Key: "none", Type: n + "WhereInput"},
	}, false)

	// Ordering.
	var order []tdField
	for _, f := range m.Fields {
		t := union("SortOrder", "SortOrderInput")
		if f.Kind == schema.RelationField {
			t = f.Relation.Model.Name + "OrderByInput"
			if f.List {
				t = "OrderByRelationAggregateInput"
			}
		}
		order = append(order, tdField{Key: f.Name, Type: t})
	}
	if rel, ok := g.relevanceOrder(m, alias, emit); ok {
		order = append(order, rel)
	}
	emit(n+"OrderByInput", fmt.Sprintf("Sort order for %s records: ``{'field': 'asc' | 'desc'}``.", n), order, false)

	g.selectionTypes(m, emit)
	g.writeTypes(m, emit)
	g.aggregateTypes(m, emit)
	g.groupByTypes(m, emit)
}

type compoundKey struct {
	name     string
	typeName string
	fields   []string
}

// compoundKeys are the multi-field primary key and unique constraints, each a
// key of WhereUniqueInput (Prisma's `a_b: {a: .., b: ..}`).
func compoundKeys(m *schema.Model) []compoundKey {
	var out []compoundKey
	add := func(name string, fields []string) {
		if len(fields) < 2 {
			return
		}
		out = append(out, compoundKey{name: name, typeName: m.Name + pascal(name) + "CompoundUniqueInput", fields: fields})
	}
	if m.PrimaryKey != nil {
		name := m.PrimaryKey.Name
		if name == "" {
			name = strings.Join(m.PrimaryKey.Fields, "_")
		}
		add(name, m.PrimaryKey.Fields)
	}
	for _, u := range m.Uniques {
		name := u.Name
		if name == "" {
			name = strings.Join(u.Fields, "_")
		}
		add(name, u.Fields)
	}
	return out
}

func (g *gen) selectionTypes(m *schema.Model, emit emitFn) {
	n := m.Name
	relArgs := func(f *schema.Field) string {
		if f.List {
			return union("bool", f.Relation.Model.Name+"FindManyArgs")
		}
		return union("bool", f.Relation.Model.Name+"Args")
	}
	var sel, inc, omit, countSel []tdField
	for _, f := range m.Fields {
		if f.Kind == schema.RelationField {
			sel = append(sel, tdField{Key: f.Name, Type: relArgs(f)})
			inc = append(inc, tdField{Key: f.Name, Type: relArgs(f)})
			if f.List {
				countSel = append(countSel, tdField{Key: f.Name, Type: union("bool", f.Relation.Model.Name+"WhereArgs")})
			}
			continue
		}
		sel = append(sel, tdField{Key: f.Name, Type: "bool"})
		omit = append(omit, tdField{Key: f.Name, Type: "bool"})
	}
	count := tdField{Key: "_count", Type: union("bool", n+"CountArgs")}
	emit(n+"Select", fmt.Sprintf("Which %s fields to return: scalars by name, relations with their own arguments, and _count.", n), append(sel, count), false)
	emit(n+"Include", fmt.Sprintf("Which %s relations to load with the record, and _count.", n), append(inc, count), false)
	emit(n+"Omit", fmt.Sprintf("Which %s scalar fields to leave out.", n), omit, false)
	emit(n+"Args", fmt.Sprintf("Arguments for a nested %s (a to-one relation in select/include).", n), []tdField{
		{Key: "select", Type: n + "Select"},
		{Key: "include", Type: n + "Include"},
		{Key: "omit", Type: n + "Omit"},
	}, false)
	emit(n+"FindManyArgs", fmt.Sprintf("Arguments for nested %s records (a to-many relation in select/include).", n), withAliases([]tdField{
		{Key: "where", Type: n + "WhereInput"},
		{Key: "orderBy", Type: union(n+"OrderByInput", listOf(n+"OrderByInput"))},
		{Key: "take", Type: "int"},
		{Key: "skip", Type: "int"},
		{Key: "cursor", Type: n + "WhereUniqueInput"},
		{Key: "distinct", Type: union(n+"ScalarFieldKeys", listOf(n+"ScalarFieldKeys"))},
		{Key: "select", Type: n + "Select"},
		{Key: "include", Type: n + "Include"},
		{Key: "omit", Type: n + "Omit"},
	}), false)
	emit(n+"WhereArgs", fmt.Sprintf("A filter on related %s records, for relation counts.", n), []tdField{
		{Key: "where", Type: n + "WhereInput"},
	}, false)
	emit(n+"CountOutputSelect", fmt.Sprintf("Which of %s's to-many relations to count.", n), countSel, false)
	emit(n+"CountArgs", fmt.Sprintf("``_count`` in a %s select/include: ``{'select': {'relation': True}}``.", n), []tdField{
		{Key: "select", Type: n + "CountOutputSelect"},
	}, false)
}

func (g *gen) aggregateTypes(m *schema.Model, emit emitFn) {
	n := m.Name
	count := []tdField{{Key: "_all", Type: "bool"}}
	var sum, minmax, sumOut, avgOut, minOut []tdField
	for _, f := range m.ScalarFields() {
		count = append(count, tdField{Key: f.Name, Type: "bool"})
		if summable(f) {
			sum = append(sum, tdField{Key: f.Name, Type: "bool"})
			sumOut = append(sumOut, tdField{Key: f.Name, Type: optional(scalarOutput(f), true)})
			avgOut = append(avgOut, tdField{Key: f.Name, Type: optional(avgOutput(f), true)})
		}
		if minMaxable(f) {
			minmax = append(minmax, tdField{Key: f.Name, Type: "bool"})
			minOut = append(minOut, tdField{Key: f.Name, Type: optional(scalarOutput(f), true)})
		}
	}
	emit(n+"CountAggregateInput", fmt.Sprintf("Fields of %s to count (non-null values); _all counts records.", n), count, false)
	emit(n+"SumAggregateInput", fmt.Sprintf("Number fields of %s to sum.", n), sum, false)
	emit(n+"AvgAggregateInput", fmt.Sprintf("Number fields of %s to average.", n), sum, false)
	emit(n+"MinAggregateInput", fmt.Sprintf("Fields of %s to take the smallest value of.", n), minmax, false)
	emit(n+"MaxAggregateInput", fmt.Sprintf("Fields of %s to take the largest value of.", n), minmax, false)
	// The outputs are total: a result holds only the aggregates and fields
	// the call asked for, but typing every key as present is what lets
	// ``stats['_sum']['amount']`` (the page's snippet) pass pyright strict,
	// which refuses to read a key that may be missing. A key not asked for
	// raises KeyError at run time, as reading any absent dict key does.
	emit(n+"SumAggregateOutput", fmt.Sprintf("Sums over %s records (None over no rows).", n), sumOut, true)
	emit(n+"AvgAggregateOutput", fmt.Sprintf("Averages over %s records (None over no rows).", n), avgOut, true)
	emit(n+"MinAggregateOutput", fmt.Sprintf("Smallest values over %s records (None over no rows).", n), minOut, true)
	emit(n+"MaxAggregateOutput", fmt.Sprintf("Largest values over %s records (None over no rows).", n), minOut, true)
	emit(n+"AggregateOutput", fmt.Sprintf("What aggregate() on %s returns: ``stats['_sum']['field']``; _count is an int for ``_count=True``, else a dict.", n), []tdField{
		{Key: "_count", Type: "Any"},
		{Key: "_sum", Type: n + "SumAggregateOutput"},
		{Key: "_avg", Type: n + "AvgAggregateOutput"},
		{Key: "_min", Type: n + "MinAggregateOutput"},
		{Key: "_max", Type: n + "MaxAggregateOutput"},
	}, true)
}
