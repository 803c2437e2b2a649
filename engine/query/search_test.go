package query

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// searchQueries spells each search of TestFullTextSearch in the syntax of
// each database that has full-text search: to_tsquery's on PostgreSQL,
// boolean mode's on MySQL.
var searchQueries = map[string]map[string]string{
	schema.PostgreSQL: {"and": "dragon & castle", "or": "dragon | wizard", "andNot": "castle & !dragon", "phrase": "castle <-> gate", "prefix": "wiz:*", "malformed": "dragon castle"},
	schema.MySQL:      {"and": "+dragon +castle", "or": "dragon wizard", "andNot": "+castle -dragon", "phrase": `"castle gate"`, "prefix": "wiz*", "malformed": "(("},
}

// TestFullTextSearch: the search filter (alone, negated, in a relation
// filter, in count and deleteMany) and the _relevance order (top level,
// several fields, an included list, a to-one relation) on the databases
// that have full-text search; the validation errors where they cannot run.
// The words are neither stop words nor shorter than InnoDB's minimum token
// (3), and stem to themselves, so every text search configuration agrees.
func TestFullTextSearch(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, searchSchema(t, p))
			c := &client{t: t, sch: sch, db: db}
			// db push created the @@fulltext indexes (FULLTEXT on MySQL) as
			// the schema has them: a second push finds nothing to do.
			if res, err := migrate.Push(context.Background(), db.(testdb.Atomic).Pool, sch, migrate.PushOptions{}); err != nil || !res.AlreadyInSync {
				t.Fatalf("second push: %+v %v", res.Steps, err)
			}
			ann := c.row("Author", "create", M{"data": M{"name": "Ann", "bio": "dragon lore"}})
			bob := c.row("Author", "create", M{"data": M{"name": "Bob"}})
			for _, a := range []M{
				{"title": "dragon castle", "body": "dragon guards castle gate", "authorId": ann["id"]},
				{"title": "forest wizard", "body": "wizard lives deep forest", "authorId": bob["id"]},
				{"title": "castle siege", "body": "armies besiege castle walls", "authorId": bob["id"], "summary": "war"},
				{"title": "garden", "body": "dragon dragon dragon sleeps garden", "authorId": ann["id"]},
			} {
				c.do("Article", "create", M{"data": a})
			}
			ids := func(model string, argv M) []any {
				t.Helper()
				if _, ok := argv["orderBy"]; !ok {
					argv["orderBy"] = M{"id": "asc"}
				}
				return field(c.rows(model, "findMany", argv), "id")
			}
			i := func(ns ...int64) []any {
				out := []any{}
				for _, n := range ns {
					out = append(out, n)
				}
				return out
			}
			title := func(q string) M { return M{"where": M{"title": M{"search": q}}} }
			rank := func(fields any, q, sort string) M {
				return M{"_relevance": M{"fields": fields, "search": q, "sort": sort}}
			}

			qs, ok := searchQueries[p]
			if !ok {
				// SQLite: every construct is a validation error naming the path.
				for _, bad := range []struct {
					model string
					argv  M
					path  string
				}{
					{"Article", title("castle"), "where.title.search"},
					{"Article", M{"where": M{"body": M{"not": M{"search": "castle"}}}}, "where.body.not.search"},
					{"Author", M{"where": M{"articles": M{"some": M{"title": M{"search": "castle"}}}}}, "where.articles.some.title.search"},
					{"Article", M{"orderBy": rank("body", "dragon", "desc")}, "orderBy._relevance"},
					{"Author", M{"include": M{"articles": M{"orderBy": rank(L{"title"}, "dragon", "desc")}}}, "articles.orderBy._relevance"},
				} {
					_, err := c.try(bad.model, "findMany", bad.argv)
					pe, ok := err.(*perr.Error)
					if !ok || pe.Code != perr.Validation || pe.Meta["path"] != bad.path {
						t.Errorf("%v: %v; want a validation error at %s", bad.argv, err, bad.path)
					}
				}
				return
			}

			eq(t, "one word", ids("Article", title("castle")), i(1, 3))
			eq(t, "and", ids("Article", title(qs["and"])), i(1))
			eq(t, "or", ids("Article", title(qs["or"])), i(1, 2))
			eq(t, "and not", ids("Article", title(qs["andNot"])), i(3))
			eq(t, "phrase", ids("Article", M{"where": M{"body": M{"search": qs["phrase"]}}}), i(1))
			eq(t, "prefix", ids("Article", title(qs["prefix"])), i(2))
			eq(t, "not search", ids("Article", M{"where": M{"title": M{"not": M{"search": "castle"}}}}), i(2, 4))
			eq(t, "with another filter", ids("Article", M{"where": M{"title": M{"search": "castle", "startsWith": "dragon"}}}), i(1))
			eq(t, "relation filter", ids("Author", M{"where": M{"articles": M{"some": M{"title": M{"search": "wizard"}}}}}), i(bob["id"].(int64)))
			eq(t, "count", c.do("Article", "count", M{"where": M{"body": M{"search": "dragon"}}}), int64(2))

			// Relevance: article 4 says dragon three times, article 1 once.
			eq(t, "relevance desc", ids("Article", M{"orderBy": L{rank("body", "dragon", "desc"), M{"id": "asc"}}}), i(4, 1, 2, 3))
			eq(t, "relevance asc", ids("Article", M{"orderBy": L{rank(L{"body"}, "dragon", "asc"), M{"id": "asc"}}}), i(2, 3, 1, 4))
			eq(t, "relevance of two fields, filtered, paged", ids("Article", M{
				"where":   M{"body": M{"search": "castle"}},
				"orderBy": L{rank(L{"title", "body"}, "siege", "desc"), M{"id": "asc"}},
				"take":    int64(1)}), i(3))
			withArticles := c.rows("Author", "findMany", M{"orderBy": M{"id": "asc"},
				"include": M{"articles": M{"orderBy": L{rank("body", "dragon", "desc")}}}})
			var included []any
			for _, a := range withArticles[0]["articles"].([]any) {
				included = append(included, a.(map[string]any)["id"])
			}
			eq(t, "included list by relevance", included, i(4, 1))
			eq(t, "to-one relation's relevance", ids("Article", M{"orderBy": L{M{"author": rank("name", "Bob", "desc")}, M{"id": "asc"}}}), i(2, 3, 1, 4))

			if p == schema.MySQL {
				// InnoDB refuses MATCH without a FULLTEXT index over exactly its columns.
				_, err := c.try("Article", "findMany", M{"where": M{"summary": M{"search": "war"}}})
				if pe, ok := err.(*perr.Error); !ok || pe.Code != perr.Validation || pe.Meta["path"] != "where.summary.search" {
					t.Errorf("search without an index: %v", err)
				}
				_, err = c.try("Article", "findMany", M{"orderBy": rank(L{"title", "summary"}, "war", "asc")})
				if pe, ok := err.(*perr.Error); !ok || pe.Code != perr.Validation || pe.Meta["path"] != "orderBy._relevance" {
					t.Errorf("relevance without an index: %v", err)
				}
			} else {
				eq(t, "any field on PostgreSQL", ids("Article", M{"where": M{"summary": M{"search": "war"}}}), i(3))
			}

			// A query the database cannot parse is the user's: P2007 naming it.
			for _, bad := range []struct {
				argv M
				path string
			}{
				{title(qs["malformed"]), "where.title.search"},
				{M{"orderBy": rank("body", qs["malformed"], "asc")}, "orderBy._relevance.search"},
			} {
				_, err := c.try("Article", "findMany", bad.argv)
				if pe, ok := err.(*perr.Error); !ok || pe.Code != perr.DataValidation || pe.Meta["path"] != bad.path {
					t.Errorf("malformed query %v: %#v; want P2007 at %s", bad.argv, err, bad.path)
				}
			}

			eq(t, "deleteMany", c.do("Article", "deleteMany", M{"where": M{"title": M{"search": "castle"}}}), M{"count": int64(2)})
			eq(t, "after deleteMany", ids("Article", M{}), i(2, 4))
		})
	}
}
