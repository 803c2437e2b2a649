package codegen

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// relevanceOrder declares Prisma's full-text relevance order of model m,
// `{'_relevance': {'fields': [...], 'search': '...', 'sort': 'desc'}}`
// (<Model>OrderByRelevanceInput over <Model>OrderByRelevanceFieldEnum, as
// Prisma names them), and returns the `_relevance` key of the model's
// order input. Only where the datasource's dialect has full-text search
// and the model has String fields; elsewhere the engine refuses the key.
func (g *gen) relevanceOrder(m *schema.Model, alias aliasFn, emit emitFn) (tdField, bool) {
	if g.sch.Datasource == nil {
		return tdField{}, false
	}
	d, err := dialect.For(g.sch.Datasource.Provider)
	if err != nil || !d.Supports(sqltree.FullTextSearch) {
		return tdField{}, false
	}
	var lits []string
	for _, f := range m.ScalarFields() {
		if f.Kind == schema.ScalarField && f.Type == schema.String && !f.List {
			lits = append(lits, pyStr(f.Name))
		}
	}
	if lits == nil {
		return tdField{}, false
	}
	n := m.Name
	fields := n + "OrderByRelevanceFieldEnum"
	alias(fields, fmt.Sprintf("The String fields of %s that `_relevance` searches.", n), "Literal["+strings.Join(lits, ", ")+"]")
	input := n + "OrderByRelevanceInput"
	emit(input, fmt.Sprintf("Order %s records by full-text relevance: ``{'fields': [...], 'search': query, 'sort': 'asc' | 'desc'}``; the query is in the database's own syntax.", n), []tdField{
		{Key: "fields", Type: required(union(fields, listOf(fields)), true)},
		{Key: "search", Type: required("str", true)},
		{Key: "sort", Type: required("SortOrder", true)},
	}, false)
	return tdField{Key: "_relevance", Type: input}, true
}
