package dialect

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

func n(v int64) *int64 { return &v }

// TestRender prints renderer units for every dialect side by side: the exact
// SQL and arguments of each construct whose spelling differs.
func TestRender(t *testing.T) {
	c := sqltree.Col{Table: "t", Name: "c"}
	units := []struct {
		name string
		s    sqltree.Stmt
	}{
		{"limit offset", &sqltree.Select{Columns: []sqltree.SelCol{{X: c}}, From: sqltree.Table{Name: "t"}, Limit: n(10), Offset: n(5)}},
		{"offset only", &sqltree.Select{Columns: []sqltree.SelCol{{X: c}}, From: sqltree.Table{Name: "t"}, Offset: n(5)}},
		{"like", &sqltree.Select{Columns: []sqltree.SelCol{{X: c}}, From: sqltree.Table{Name: "t"},
			Where: sqltree.Or{sqltree.Like{X: c, Value: `a%_\*?[`, Kind: sqltree.Contains}, sqltree.Like{X: c, Value: "B", Kind: sqltree.StartsWith, Insensitive: true}}}},
		{"like NUL", &sqltree.Select{Columns: []sqltree.SelCol{{X: c}}, From: sqltree.Table{Name: "t"},
			Where: sqltree.Or{sqltree.Like{X: c, Value: "a\x00%", Kind: sqltree.Contains}, sqltree.Like{X: c, Value: "\x00b", Kind: sqltree.StartsWith, Insensitive: true},
				sqltree.Like{X: c, Value: "c\x00", Kind: sqltree.EndsWith}}}},
		{"empty in / or / and", &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Raw("1")}}, From: sqltree.Table{Name: "t"},
			Where: sqltree.And{sqltree.In{X: c}, sqltree.In{X: c, Not: true}, sqltree.Or{}, sqltree.And{}}}},
		{"int div", &sqltree.Update{Table: "t", Set: []sqltree.Assign{{Col: "c", Value: sqltree.IntDiv{L: sqltree.Col{Name: "c"}, R: sqltree.Param{V: int64(2)}}}}, Where: sqltree.Eq(c, sqltree.Param{V: "x"})}},
		{"checked int", &sqltree.Update{Table: "t", Set: []sqltree.Assign{
			{Col: "a", Value: sqltree.Checked{X: sqltree.Bin{L: sqltree.Col{Name: "a"}, Op: "+", R: sqltree.Param{V: int64(1)}}, Bits: 64}},
			{Col: "b", Value: sqltree.Checked{X: sqltree.IntDiv{L: sqltree.Col{Name: "b"}, R: sqltree.Param{V: int64(-1)}}, Bits: 32}}}}},
		{"insert returning", &sqltree.Insert{Table: "t", Columns: []string{"a", "b"}, Rows: [][]sqltree.Expr{{sqltree.Param{V: 1}, sqltree.Param{V: true}}}, Returning: []string{"id"}}},
		{"insert ignore", &sqltree.Insert{Table: "t", Columns: []string{"a"}, Rows: [][]sqltree.Expr{{sqltree.Param{V: 1}}, {sqltree.Param{V: 2}}}, Ignore: true}},
		{"default values", &sqltree.Insert{Table: "t"}},
		{"json path, type, compare", &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.JSONPath{X: c, Keys: []string{"a", "0"}, Path: "$.a[0]", Text: true}}}, From: sqltree.Table{Name: "t"},
			Where: sqltree.And{sqltree.JSONTypeIs{X: sqltree.JSONPath{X: c, Keys: []string{"a"}, Path: "$.a"}, Type: sqltree.JSONNumber},
				sqltree.JSONCompare{P: sqltree.JSONPath{X: c, Keys: []string{"a"}, Path: "$.a"}, Op: ">=", V: "x\"y"}}}},
		{"json array elements", &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.JSONArrayElem{X: c}}, {X: sqltree.JSONArrayElem{X: c, Last: true}}}, From: sqltree.Table{Name: "t"},
			Where: sqltree.JSONTypeIs{X: c, Type: sqltree.JSONArray}}},
		{"quote", &sqltree.Delete{Table: `we"ird` + "`", Where: sqltree.NotTrue{X: sqltree.Bool(true)}}},
		{"text search", &sqltree.Select{Columns: []sqltree.SelCol{{X: c}}, From: sqltree.Table{Name: "t"},
			Where:   sqltree.Not{X: sqltree.TextSearch{Cols: []sqltree.Expr{c}, Query: "cat & !dog"}},
			OrderBy: []sqltree.Order{{X: sqltree.TextSearch{Cols: []sqltree.Expr{c, sqltree.Col{Table: "t", Name: "d"}}, Query: "cat", Rank: true}, Desc: true}}}},
		{"json rows", &sqltree.Select{Columns: []sqltree.SelCol{{X: c},
			{X: sqltree.JSONRows{List: true, Q: &sqltree.Select{From: sqltree.Table{Name: "u", Alias: "a"},
				Where: sqltree.Eq(sqltree.Col{Table: "a", Name: "tid"}, c), OrderBy: []sqltree.Order{{X: sqltree.Col{Table: "a", Name: "k"}, Desc: true, Nulls: "last"}}},
				Obj: sqltree.JSONObject{{Key: "k", X: sqltree.Col{Table: "a", Name: "k"}}, {Key: "b", X: sqltree.Col{Table: "a", Name: "b"}, Enc: sqltree.JSONHex},
					{Key: "j", X: sqltree.Col{Table: "a", Name: "j"}, Enc: sqltree.JSONText},
					{Key: "one", X: sqltree.JSONRows{Q: &sqltree.Select{From: sqltree.Table{Name: "t", Alias: "o"}, Where: sqltree.Eq(sqltree.Col{Table: "o", Name: "id"}, sqltree.Col{Table: "a", Name: "tid"})},
						Obj: sqltree.JSONObject{{Key: "id", X: sqltree.Col{Table: "o", Name: "id"}}}}, Enc: sqltree.JSONNested}}}}},
			From: sqltree.Table{Name: "t"}}},
		{"json rows paged", &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.JSONRows{List: true,
			Q:   &sqltree.Select{From: sqltree.Table{Name: "u", Alias: "a"}, Where: sqltree.Eq(sqltree.Col{Table: "a", Name: "tid"}, c), OrderBy: []sqltree.Order{{X: sqltree.Col{Table: "a", Name: "k"}}}, Limit: n(2), Offset: n(1)},
			Obj: sqltree.JSONObject{{Key: "k", X: sqltree.Col{Table: "a", Name: "k"}}}}}}, From: sqltree.Table{Name: "t"}}},
		{"lateral join", &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Col{Table: "j", Name: "d"}}}, From: sqltree.Table{Name: "t"},
			Joins: []sqltree.Join{{Table: sqltree.Table{Alias: "j"}, LateralCol: "d", On: sqltree.Bool(true),
				Lateral: sqltree.JSONRows{Q: &sqltree.Select{From: sqltree.Table{Name: "u", Alias: "a"}, Where: sqltree.Eq(sqltree.Col{Table: "a", Name: "tid"}, c)},
					Obj: sqltree.JSONObject{{Key: "k", X: sqltree.Param{V: "p"}}}}}}}},
	}
	// The capability a dialect must have to render a unit.
	needs := map[string]sqltree.Capability{"text search": sqltree.FullTextSearch, "lateral join": sqltree.LateralJoin}
	var b strings.Builder
	for _, u := range units {
		fmt.Fprintf(&b, "## %s\n", u.name)
		for _, p := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
			d, err := For(p)
			if err != nil {
				t.Fatal(err)
			}
			if c, ok := needs[u.name]; ok && !d.Supports(c) {
				fmt.Fprintf(&b, "%-10s (refused by the planner)\n", p)
				continue
			}
			sql, args := sqltree.Render(d, u.s)
			// NUL bytes are spelled \x00 so the golden stays text.
			fmt.Fprintf(&b, "%-10s %s  %s\n", p, sql, strings.ReplaceAll(fmt.Sprint(args), "\x00", `\x00`))
		}
	}
	golden.Assert(t, "testdata/render.golden", b.String())
}

func TestFor(t *testing.T) {
	if d, err := For("postgres"); err != nil || d.Provider() != schema.PostgreSQL {
		t.Errorf("postgres alias: %v %v", d, err)
	}
	if _, err := For("oracle"); err == nil {
		t.Errorf("unknown provider accepted")
	}
}

// TestBindList: a statement whose value lists would take it past the
// bind-parameter limit binds each list as one argument where the dialect
// can; under the limit nothing changes (the goldens above). Not a golden
// case: MySQL's side is 70,000 placeholders.
func TestBindList(t *testing.T) {
	c := sqltree.Col{Table: "t", Name: "c"}
	long := make([]sqltree.Expr, 70000)
	lower := make([]sqltree.Expr, 70000)
	for i := range long {
		long[i] = sqltree.Param{V: int64(i)}
		lower[i] = sqltree.Lower{X: sqltree.Param{V: fmt.Sprint(i)}}
	}
	s := &sqltree.Select{Columns: []sqltree.SelCol{{X: c}}, From: sqltree.Table{Name: "t"}, Where: sqltree.And{
		sqltree.In{X: c, List: long},
		sqltree.In{X: sqltree.Lower{X: c}, List: lower, Not: true},
		sqltree.In{X: c, List: []sqltree.Expr{sqltree.Param{V: "a\x00"}, sqltree.Param{V: "b"}}},    // NUL: hex on SQLite
		sqltree.In{X: c, List: []sqltree.Expr{sqltree.Param{V: math.NaN()}, sqltree.Param{V: 1.5}}}, // NaN: not in JSON
		sqltree.Eq(c, sqltree.Param{V: int64(1)}),
	}}
	for _, tc := range []struct {
		provider, sql string
		args          int
	}{
		{schema.SQLite, `SELECT "t"."c" FROM "t" WHERE ("t"."c" IN (SELECT value FROM json_each(?)) AND LOWER("t"."c") NOT IN (SELECT LOWER(value) FROM json_each(?)) AND "t"."c" IN (SELECT CAST(unhex(value) AS TEXT) FROM json_each(?)) AND "t"."c" IN (?, ?) AND "t"."c" = ?)`, 6},
		{schema.PostgreSQL, `SELECT "t"."c" FROM "t" WHERE ("t"."c" = ANY($1) AND LOWER("t"."c") NOT IN (SELECT LOWER(v) FROM unnest(CAST($2 AS text[])) AS v) AND "t"."c" = ANY($3) AND "t"."c" = ANY($4) AND "t"."c" = $5)`, 5},
		{schema.MySQL, "", 140005},
	} {
		d, _ := For(tc.provider)
		sql, args := sqltree.Render(d, s)
		if tc.sql != "" && sql != tc.sql {
			t.Errorf("%s:\n got %s\nwant %s", tc.provider, sql, tc.sql)
		}
		if len(args) != tc.args {
			t.Errorf("%s: %d arguments, want %d", tc.provider, len(args), tc.args)
		}
		if tc.provider == schema.SQLite {
			if l, ok := args[0].(driver.List); !ok || len(l) != 70000 || l[69999] != int64(69999) {
				t.Errorf("sqlite: first argument %T, want the list", args[0])
			}
			if l, ok := args[2].(driver.List); !ok || string(l[0].([]byte)) != "a\x00" {
				t.Errorf("sqlite: third argument %#v, want the strings as bytes", args[2])
			}
		}
	}
	// Under the limit the same list keeps its placeholders.
	d, _ := For(schema.SQLite)
	if sql, args := sqltree.Render(d, &sqltree.Delete{Table: "t", Where: sqltree.In{X: c, List: long[:3]}}); sql != `DELETE FROM "t" WHERE "t"."c" IN (?, ?, ?)` || len(args) != 3 {
		t.Errorf("short list: %s %v", sql, args)
	}
}
