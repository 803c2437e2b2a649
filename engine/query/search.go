package query

// Full-text search as Prisma Client has it: the `search` filter of a String
// field and the `_relevance` order
// (https://www.prisma.io/docs/orm/prisma-client/queries/full-text-search).
// The query string is the database's own syntax, passed through as a bound
// argument: to_tsquery's on PostgreSQL (`cat & !dog`, `cat <-> dog`),
// boolean mode's on MySQL (`+cat -dog`). Prisma gates it behind the
// fullTextSearchPostgres preview feature on PostgreSQL; it is always on here.
// SQLite has no full-text search a Prisma schema can declare: both are a
// validation error there, and on MySQL when no @@fulltext index covers
// exactly the searched fields (InnoDB refuses MATCH without one).

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// search is `field: {search: query}` (o, read by engine/request) on col,
// the field's column.
func (x *planner) search(m *schema.Model, f *schema.Field, col sqltree.Expr, o *request.ScalarOp) (sqltree.Expr, error) {
	if _, isCol := col.(sqltree.Col); !isCol {
		// An aggregate in groupBy's having: MATCH takes columns only.
		return nil, perr.Validationf(m.Name, o.Path, "`search` filters a field's values, not an aggregate")
	}
	q := o.Value.(string)
	if err := x.textSearchable(m, []*schema.Field{f}, o.Path); err != nil {
		return nil, err
	}
	x.noteSearch(o.Path, q)
	return sqltree.TextSearch{Cols: []sqltree.Expr{col}, Query: q}, nil
}

// textSearchable checks that the dialect can search fields of m, and on a
// dialect that needs an index, that a @@fulltext index of m has exactly
// these fields.
func (x *planner) textSearchable(m *schema.Model, fields []*schema.Field, path string) error {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	if !x.d.Supports(sqltree.FullTextSearch) {
		return perr.Validationf(m.Name, path, "full-text search on %s is not supported by the %s provider (PostgreSQL and MySQL have it)",
			fieldList(names), x.d.Provider())
	}
	if x.d.Supports(sqltree.FullTextIndexed) && !hasFullTextIndex(m, names) {
		return perr.Validationf(m.Name, path, "full-text search on %s needs a full-text index over exactly these fields: add @@fulltext([%s]) to model %s",
			fieldList(names), strings.Join(names, ", "), m.Name)
	}
	return nil
}

// hasFullTextIndex reports whether m has a @@fulltext index whose fields
// are exactly names, in any order (MySQL matches the column set).
func hasFullTextIndex(m *schema.Model, names []string) bool {
	want := sortedCopy(names)
	for _, ix := range m.Indexes {
		if ix.Type != "FullText" || len(ix.Fields) != len(want) {
			continue
		}
		if strings.Join(sortedCopy(ix.Fields), "\x00") == strings.Join(want, "\x00") {
			return true
		}
	}
	return false
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func fieldList(names []string) string {
	if len(names) == 1 {
		return "field `" + names[0] + "`"
	}
	return "fields `" + strings.Join(names, "`, `") + "`"
}

// rankable checks the `_relevance` terms of an order, those of to-one
// relations' orders included, against the dialect. A cursor cannot page
// through them yet: it would need the cursor row's score.
func (x *planner) rankable(m *schema.Model, ords []request.Order, cursor bool, cursorPath string) error {
	for _, o := range ords {
		for o.Sub != nil {
			o = *o.Sub
		}
		if o.Rank == nil {
			continue
		}
		if err := x.textSearchable(o.Rank.Model, o.Rank.Fields, o.Rank.Path); err != nil {
			return err
		}
		x.noteSearch(request.JoinPath(o.Rank.Path, "search"), o.Rank.Query)
		if cursor {
			return perr.Validationf(m.Name, cursorPath, "a cursor cannot be combined with ordering by `_relevance`")
		}
	}
	return nil
}

// rankExpr is the relevance score of r's fields on the table q.
func rankExpr(q string, r *request.Relevance) sqltree.Expr {
	cols := make([]sqltree.Expr, len(r.Fields))
	for i, f := range r.Fields {
		cols[i] = sqltree.Col{Table: q, Name: f.DBName}
	}
	return sqltree.TextSearch{Cols: cols, Query: r.Query, Rank: true}
}

// searchQuery is a full-text query of the request, kept to name it when the
// database refuses a statement as malformed.
type searchQuery struct{ path, query string }

// noteSearch records the full-text query q written at path.
func (x *planner) noteSearch(path, q string) {
	x.searches = append(x.searches, searchQuery{path, q})
}

// badSearch makes a syntax error of a request holding full-text queries a
// data validation error (P2007) naming them: the SQL around the queries is
// fixed (the goldens hold it), so what the database found malformed is a
// query, whose syntax is the database's own (to_tsquery refuses `cat dog`
// with SQLSTATE 42601, MySQL's boolean mode `((` with 1064).
func (x *planner) badSearch(pe *perr.Error, err error) {
	var de *driver.Error
	if len(x.searches) == 0 || !errors.As(err, &de) || de.Kind != driver.KindSyntax {
		return
	}
	names := make([]string, len(x.searches))
	paths := make([]string, len(x.searches))
	for i, s := range x.searches {
		names[i] = fmt.Sprintf("%q at `%s`", s.query, s.path)
		paths[i] = s.path
	}
	what := "the full-text search query " + names[0]
	if len(names) > 1 {
		what = "one of the full-text search queries " + strings.Join(names, ", ")
	}
	if pe.Meta == nil {
		pe.Meta = map[string]any{}
	}
	in := ""
	if m, _ := pe.Meta["modelName"].(string); m != "" {
		in = " of model `" + m + "`"
	}
	pe.Code = perr.DataValidation
	pe.Message = fmt.Sprintf("Data validation error%s: the database refused %s as malformed (%s syntax): %s", in, what, x.d.Provider(), de.Message)
	pe.Meta["path"] = paths[0]
	pe.Meta["paths"] = paths
	pe.Meta["database_error"] = de.Message
	pe.Meta["code"] = de.Code
}
