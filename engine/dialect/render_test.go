package dialect

import (
	"fmt"
	"strings"
	"testing"

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
		{"quote", &sqltree.Delete{Table: `we"ird` + "`", Where: sqltree.NotTrue{X: sqltree.Bool(true)}}},
	}
	var b strings.Builder
	for _, u := range units {
		fmt.Fprintf(&b, "## %s\n", u.name)
		for _, p := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
			d, err := For(p)
			if err != nil {
				t.Fatal(err)
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
