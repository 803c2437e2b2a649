package query

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// countingDB counts the statements a request runs.
type countingDB struct {
	DB
	n *atomic.Int64
}

func (c countingDB) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	c.n.Add(1)
	return c.DB.Query(ctx, sql, args, types)
}

// seedJoin fills testdata/join.prisma's models: every scalar type set and
// null in related rows, empty relations, two levels of nesting.
func seedJoin(t *testing.T, c *client) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 123000000, time.UTC)
	tags := []string{"alpha", "beta", "gamma"}
	for _, n := range tags {
		c.do("Tag", "create", M{"data": M{"name": n}})
	}
	c.do("Author", "create", M{"data": M{"name": "Ann", "genre": "ESSAY", "profile": M{"create": M{"bio": "b"}},
		"tags": M{"connect": L{M{"name": "alpha"}, M{"name": "gamma"}}}}})
	c.do("Author", "create", M{"data": M{"name": "Bob", "mentor": M{"connect": M{"id": int64(1)}}}})
	c.do("Author", "create", M{"data": M{"name": "Cid", "mentor": M{"connect": M{"id": int64(1)}}, "profile": M{"create": M{}}}})
	books := []M{
		{"title": "Full", "price": "12.50", "copies": int64(math.MaxInt64 - 7), "rating": 4.25, "published": true, "at": at,
			"cover": []byte{0, 1, 0xfe, 0xff}, "meta": M{"k": L{int64(1), "two", nil, 3.5}, "big": int64(1) << 60}, "genre": "NOVEL", "authorId": int64(1)},
		{"title": "Nulls", "authorId": int64(1)},
		{"title": "Str", "meta": "just a string", "price": "0.001", "rating": -0.5, "copies": int64(-3), "authorId": int64(1)},
		{"title": "Bob's", "price": "100", "at": at.Add(48 * time.Hour), "meta": L{}, "authorId": int64(2)},
	}
	for i, b := range books {
		b["tags"] = M{"connect": L{M{"name": tags[i%3]}}}
		c.do("Book", "create", M{"data": b})
	}
	for i := 1; i <= 5; i++ {
		c.do("Chapter", "create", M{"data": M{"n": int64(6 - i), "title": fmt.Sprintf("c%d", i), "bookId": int64(1)}})
	}
	c.do("Chapter", "create", M{"data": M{"n": int64(1), "title": "only", "bookId": int64(4)}})
}

// joinRequests are include-heavy reads that must give the same result
// with either relation load strategy.
var joinRequests = []struct {
	name, model, action string
	args                M
}{
	{"to-many with every type", "Author", "findMany", M{"include": M{"books": true}}},
	{"to-one both ways", "Author", "findMany", M{"include": M{"profile": true, "mentor": true}}},
	{"nested two levels", "Author", "findMany", M{"include": M{
		"books":   M{"include": M{"chapters": M{"orderBy": M{"n": "asc"}, "take": int64(3), "skip": int64(1)}, "tags": true, "author": true}},
		"mentees": M{"include": M{"books": M{"select": M{"title": true, "price": true}}}}}}},
	{"ordering, where and take inside include", "Author", "findMany", M{"orderBy": M{"name": "desc"}, "include": M{
		"books": M{"where": M{"title": M{"not": "Nulls"}}, "orderBy": L{M{"price": "desc"}}, "take": int64(2)}}}},
	{"skip only", "Book", "findMany", M{"include": M{"chapters": M{"skip": int64(2)}}}},
	{"implicit many-to-many", "Tag", "findMany", M{"include": M{"books": M{"orderBy": M{"title": "asc"}}, "authors": true}}},
	{"_count", "Author", "findMany", M{"select": M{"name": true, "_count": M{"select": M{"books": true, "mentees": M{"where": M{"name": "Bob"}}}},
		"books": M{"select": M{"title": true, "_count": true}}}}},
	{"select picks nested scalars only", "Book", "findMany", M{"select": M{"id": true, "author": M{"select": M{"name": true}}, "tags": M{"select": M{"name": true}}}}},
	{"empty relations", "Author", "findMany", M{"where": M{"name": "Cid"}, "include": M{"books": true, "tags": true, "mentees": true, "profile": true}}},
	{"findUnique", "Book", "findUnique", M{"where": M{"id": int64(1)}, "include": M{"author": M{"include": M{"profile": true}}, "chapters": true}}},
	{"findFirst paged root", "Book", "findFirst", M{"orderBy": M{"id": "desc"}, "skip": int64(1), "include": M{"author": true, "chapters": true}}},
	{"root distinct", "Book", "findMany", M{"distinct": L{"authorId"}, "include": M{"author": true}}},
	{"relation filter in include where", "Author", "findMany", M{"include": M{"books": M{"where": M{"tags": M{"some": M{"name": "alpha"}}}}}}},
	{"ordering by relation inside include", "Author", "findMany", M{"include": M{"books": M{"orderBy": L{M{"chapters": M{"_count": "desc"}}}}}}},
	{"ordering by a to-one relation and nulls last inside include", "Tag", "findMany", M{"include": M{"books": M{"orderBy": L{
		M{"author": M{"name": "desc"}}, M{"price": M{"sort": "asc", "nulls": "last"}}}}}}},
	{"root cursor", "Book", "findMany", M{"cursor": M{"id": int64(2)}, "take": int64(2), "include": M{"chapters": M{"take": int64(1)}, "tags": true}}},
	{"root backwards", "Book", "findMany", M{"take": int64(-2), "include": M{"author": M{"select": M{"_count": true}}}}},
	{"nested cursor falls back", "Book", "findMany", M{"include": M{"chapters": M{"cursor": M{"id": int64(2)}, "take": int64(2)}}}},
	{"nested distinct falls back", "Author", "findMany", M{"include": M{"books": M{"distinct": L{"authorId"}}}}},
	{"backwards nested take falls back", "Book", "findMany", M{"include": M{"chapters": M{"take": int64(-2)}}}},
}

// joinStatements is how many statements the join strategy runs for a
// request: one, plus the root cursor's own step (reading the cursor row, as
// with the query strategy); the fallbacks run one per relation.
func joinStatements(name string) int64 {
	switch name {
	case "root cursor":
		return 2
	case "nested cursor falls back", "nested distinct falls back", "backwards nested take falls back":
		return 2 // the rows, then their one relation
	}
	return 1
}

func TestRelationJoinMatchesQuery(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/join.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			seedJoin(t, c)
			for _, r := range joinRequests {
				t.Run(r.name, func(t *testing.T) {
					run := func(strategy string) (any, int64) {
						n := &atomic.Int64{}
						a := M{"relationLoadStrategy": strategy}
						for k, v := range r.args {
							a[k] = v
						}
						res, err := Execute(context.Background(), sch, countingDB{db, n}, r.model, r.action, a)
						if err != nil {
							t.Fatalf("%s: %v", strategy, err)
						}
						return res, n.Load()
					}
					want, _ := run("query")
					got, n := run("join")
					if !reflect.DeepEqual(got, want) {
						t.Errorf("join differs from query:\n join: %#v\nquery: %#v", got, want)
					}
					if want := joinStatements(r.name); n != want {
						t.Errorf("join ran %d statements, want %d", n, want)
					}
				})
			}
		})
	}
}

// Writes return their row with its relations read by the strategy asked
// for, as Prisma's create, update, upsert and delete take it.
func TestRelationJoinOnWrites(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/join.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			seedJoin(t, c)
			inc := M{"books": M{"orderBy": M{"title": "desc"}, "include": M{"chapters": M{"take": int64(2)}, "tags": true}},
				"profile": true, "mentor": true, "_count": true}
			// both runs a write once per strategy; the rows, without the
			// keys in drop (ids the two writes make), must be equal.
			both := func(model, action string, inc M, a func() M, drop ...string) {
				t.Helper()
				var got [2]M
				for i, s := range []string{"query", "join"} {
					args := a()
					args["relationLoadStrategy"], args["include"] = s, inc
					got[i] = c.row(model, action, args)
					for _, k := range drop {
						delete(got[i], k)
					}
				}
				eq(t, model+"."+action, got[1], got[0])
			}
			both("Author", "update", inc, func() M { return M{"where": M{"id": int64(1)}, "data": M{"name": "Ann"}} })
			both("Author", "upsert", inc, func() M {
				return M{"where": M{"id": int64(2)}, "update": M{"name": "Bob"}, "create": M{"name": "never"}}
			})
			both("Author", "create", inc, func() M { return M{"data": M{"name": "Dee", "mentor": M{"connect": M{"id": int64(1)}}}} }, "id")
			n := 0
			bookInc := M{"author": M{"include": M{"profile": true}}, "tags": true}
			both("Book", "create", bookInc, func() M {
				n++
				return M{"data": M{"title": fmt.Sprint("gone", n), "authorId": int64(1), "tags": M{"connect": L{M{"name": "beta"}}}}}
			}, "id", "title")
			gone := c.rows("Book", "findMany", M{"where": M{"title": M{"startsWith": "gone"}}, "orderBy": M{"id": "asc"}})
			n = 0
			both("Book", "delete", bookInc, func() M {
				n++
				return M{"where": M{"id": gone[n-1]["id"]}}
			}, "id", "title")
		})
	}
}

// The fixture must hold what the comparison is about, or it proves nothing.
func TestRelationJoinFixture(t *testing.T) {
	sch, db := freshDBFor(t, schema.SQLite, loadSchemaFile(t, "testdata/join.prisma", schema.SQLite))
	c := &client{t: t, sch: sch, db: db}
	seedJoin(t, c)
	a := c.row("Author", "findUnique", M{"where": M{"id": int64(1)}, "relationLoadStrategy": "join",
		"include": M{"books": M{"take": int64(1), "include": M{"chapters": M{"orderBy": M{"n": "asc"}, "take": int64(2)}}}}})
	b := a["books"].([]any)[0].(M)
	eq(t, "decimal", decimalString(b["price"]), "12.5")
	eq(t, "bigint", b["copies"], int64(math.MaxInt64-7))
	eq(t, "bytes", b["cover"], []byte{0, 1, 0xfe, 0xff})
	eq(t, "datetime", b["at"], time.Date(2026, 3, 4, 5, 6, 7, 123000000, time.UTC))
	eq(t, "json", b["meta"], M{"k": L{int64(1), "two", nil, 3.5}, "big": int64(1) << 60})
	eq(t, "enum", b["genre"], "NOVEL")
	eq(t, "nested order and take", field(toMaps(b["chapters"]), "n"), L{int64(1), int64(2)})
}

func TestRelationLoadStrategyValidation(t *testing.T) {
	sch, db := freshDBFor(t, schema.SQLite, loadSchemaFile(t, "testdata/join.prisma", schema.SQLite))
	c := &client{t: t, sch: sch, db: db}
	_, err := c.try("Author", "findMany", M{"relationLoadStrategy": "lateral", "include": M{"books": true}})
	if err == nil || err.Error() == "" {
		t.Fatal("want a validation error for an unknown strategy")
	}
	eq(t, "error", err.Error(), "Invalid argument `relationLoadStrategy` for Author: expected 'join' or 'query', got \"lateral\"")
	_, err = c.try("Author", "count", M{"relationLoadStrategy": "join"})
	if err == nil {
		t.Fatal("count takes no relationLoadStrategy")
	}
}

func toMaps(v any) []map[string]any {
	var out []map[string]any
	for _, r := range v.([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

// A related object of more than maxJSONMembers members cannot be one
// json_build_object on PostgreSQL: such a read falls back to queries; one
// of exactly maxJSONMembers stays one statement.
func TestRelationJoinWideObjects(t *testing.T) {
	fields := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "  f%d Int @default(%d)\n", i, i)
		}
		return b.String()
	}
	// id and parentId, then the f fields.
	src := "datasource db {\n  provider = \"sqlite\"\n}\n" +
		"model Parent {\n  id Int @id @default(autoincrement())\n  wides Wide[]\n  narrows Narrow[]\n}\n" +
		"model Wide {\n  id Int @id @default(autoincrement())\n  parentId Int\n  parent Parent @relation(fields: [parentId], references: [id])\n" + fields(maxJSONMembers-1) + "}\n" +
		"model Narrow {\n  id Int @id @default(autoincrement())\n  parentId Int\n  parent Parent @relation(fields: [parentId], references: [id])\n" + fields(maxJSONMembers-2) + "}\n"
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			text := strings.Replace(src, `provider = "sqlite"`, `provider = "`+p+`"`, 1)
			sch, err := schema.Parse(text, "wide.prisma")
			if err != nil {
				t.Fatal(err)
			}
			sch, db := freshDBFor(t, p, sch)
			c := &client{t: t, sch: sch, db: db}
			c.do("Parent", "create", M{"data": M{"wides": M{"create": L{M{}, M{"f3": int64(-3)}}}, "narrows": M{"create": M{}}}})
			for rel, statements := range map[string]int64{"wides": 2, "narrows": 1} {
				var res [2]any
				var n int64
				for i, s := range []string{"query", "join"} {
					cnt := &atomic.Int64{}
					res[i], err = Execute(context.Background(), sch, countingDB{db, cnt}, "Parent", "findMany",
						M{"relationLoadStrategy": s, "include": M{rel: true}})
					if err != nil {
						t.Fatalf("%s %s: %v", rel, s, err)
					}
					n = cnt.Load()
				}
				eq(t, rel, res[1], res[0])
				eq(t, rel+" statements with join", n, statements)
			}
		})
	}
}

// Non-finite doubles in related rows: PostgreSQL writes them into JSON as
// strings, SQLite an infinity as 9.0e+999.
func TestRelationJoinNonFiniteFloats(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			d, _ := dialect.For(p)
			if !d.Supports(sqltree.FloatInfinity) {
				t.Skip("the database's doubles are finite")
			}
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/join.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			c.do("Author", "create", M{"data": M{"name": "A", "books": M{"create": L{
				M{"title": "up", "rating": math.Inf(1)}, M{"title": "down", "rating": math.Inf(-1)}}}}})
			if d.Supports(sqltree.FloatNaN) {
				c.do("Book", "create", M{"data": M{"title": "nan", "rating": math.NaN(), "authorId": int64(1)}})
			}
			var got [2][]any
			for i, s := range []string{"query", "join"} {
				a := c.row("Author", "findFirst", M{"relationLoadStrategy": s, "include": M{"books": M{"orderBy": M{"id": "asc"}}}})
				for _, b := range a["books"].([]any) {
					got[i] = append(got[i], b.(M)["rating"])
				}
			}
			eq(t, "infinities", got[1][:2], L{math.Inf(1), math.Inf(-1)})
			eq(t, "as query", got[1][:2], got[0][:2])
			if len(got[1]) == 3 {
				if f, ok := got[1][2].(float64); !ok || !math.IsNaN(f) {
					t.Errorf("NaN: got %#v", got[1][2])
				}
			}
		})
	}
}
