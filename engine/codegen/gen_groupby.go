package codegen

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// group_by's having and order_by, typed as the engine reads them
// (engine/query/aggregate.go: having, groupOrder): a having key is a
// grouped field's filter, or {'_avg': filter, ...} on an aggregate of it;
// an order_by key is a field's sort order, or {'_count': {'field': 'asc'}}.

// aggFilterName is the having filter on aggregates of fields like f:
// IntWithAggregatesFilter. One per filter kind, shared by every model.
func aggFilterName(f *schema.Field) string {
	return strings.TrimSuffix(filterName(f), "Filter") + "WithAggregatesFilter"
}

// hasAggFilter: list and Json fields have no aggregates in having.
func hasAggFilter(f *schema.Field) bool {
	return !f.List && f.Kind != schema.RelationField && !(f.Kind == schema.ScalarField && f.Type == schema.Json)
}

// aggFilterTypes emits every aggregate filter the schema's fields use, once
// each, in the order of first use.
func (g *gen) aggFilterTypes(emit emitFn) {
	seen := map[string]bool{}
	for _, m := range g.sch.Models {
		for _, f := range m.ScalarFields() {
			name := aggFilterName(f)
			if !hasAggFilter(f) || seen[name] {
				continue
			}
			seen[name] = true
			fields := []tdField{{Key: "_count", Type: "IntFilter"}}
			if summable(f) {
				avg := "FloatFilter"
				if f.Type == schema.Decimal {
					avg = "DecimalFilter"
				}
				fields = append(fields, tdField{Key: "_avg", Type: avg}, tdField{Key: "_sum", Type: filterName(f)})
			}
			if minMaxable(f) {
				fields = append(fields, tdField{Key: "_min", Type: filterName(f)}, tdField{Key: "_max", Type: filterName(f)})
			}
			emit(name, fmt.Sprintf("group_by's having on aggregates of a field filtered by %s: ``{'_count': {'gt': 1}}``.", filterName(f)), fields, false)
		}
	}
}

func (g *gen) groupByTypes(m *schema.Model, emit emitFn) {
	n := m.Name
	having := []tdField{
		{Key: "AND", Type: union(n+"ScalarWhereWithAggregatesInput", listOf(n+"ScalarWhereWithAggregatesInput"))},
		{Key: "OR", Type: listOf(n + "ScalarWhereWithAggregatesInput")},
		{Key: "NOT", Type: union(n+"ScalarWhereWithAggregatesInput", listOf(n+"ScalarWhereWithAggregatesInput"))},
	}
	var order []tdField
	for _, f := range m.ScalarFields() {
		t := whereType(f)
		if hasAggFilter(f) {
			t = union(t, aggFilterName(f))
		}
		having = append(having, tdField{Key: f.Name, Type: t})
		order = append(order, tdField{Key: f.Name, Type: union("SortOrder", "SortOrderInput")})
	}
	emit(n+"ScalarWhereWithAggregatesInput", fmt.Sprintf("group_by's having on %s: grouped fields' filters, or filters on their aggregates.", n), having, false)
	emit(n+"ScalarOrderByInput", fmt.Sprintf("Sort order by %s's scalar fields.", n), order, false)
	withAggs := append([]tdField{}, order...)
	for _, a := range []string{"_count", "_avg", "_sum", "_min", "_max"} {
		withAggs = append(withAggs, tdField{Key: a, Type: n + "ScalarOrderByInput"})
	}
	emit(n+"OrderByWithAggregationInput", fmt.Sprintf("group_by's order_by on %s: by grouped fields or by aggregates of fields.", n), withAggs, false)
}
