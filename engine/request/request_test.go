package request

import (
	"errors"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

const testSchema = `
datasource db {
  provider = "postgresql"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  views    Int    @default(0)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
`

func load(t *testing.T) *schema.Schema {
	t.Helper()
	sch, err := schema.Parse(testSchema, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// pathOf is the argument path a validation error names.
func pathOf(t *testing.T, err error) string {
	t.Helper()
	var pe *perr.Error
	if !errors.As(err, &pe) || pe.Code != perr.Validation {
		t.Fatalf("want a validation error, got %v", err)
	}
	p, _ := pe.Meta["path"].(string)
	return p
}

func TestParseCall(t *testing.T) {
	sch := load(t)
	c, err := Parse(sch, "Post", "findMany", map[string]any{
		"order_by": map[string]any{"views": "desc"}, "relation_load_strategy": "join", "cursor": nil, "where": nil})
	if err != nil {
		t.Fatal(err)
	}
	if c.Model.Name != "Post" || c.Action != "findMany" || c.Strategy != StrategyJoin {
		t.Errorf("call %+v", c)
	}
	if _, ok := c.Args["orderBy"]; !ok {
		t.Errorf("order_by not read as orderBy: %v", c.Args)
	}
	if _, ok := c.Args["cursor"]; ok {
		t.Errorf("an argument passed as None is left out: %v", c.Args)
	}
	if _, ok := c.Args["relationLoadStrategy"]; ok {
		t.Errorf("the strategy stays in Args: %v", c.Args)
	}
	if c, _ := Parse(sch, "Post", "count", nil); c.Strategy != StrategyQuery {
		t.Errorf("default strategy %q", c.Strategy)
	}

	for _, tc := range []struct {
		model, action string
		args          map[string]any
		path, msg     string
	}{
		{"Nope", "findMany", nil, "", "unknown model `Nope`"},
		{"Post", "findAll", nil, "", "unknown action `findAll`"},
		{"Post", "count", map[string]any{"include": map[string]any{}}, "include", "unknown argument `include` for count"},
		{"Post", "findMany", map[string]any{"relationLoadStrategy": "lateral"}, "relationLoadStrategy", "expected 'join' or 'query'"},
	} {
		_, err := Parse(sch, tc.model, tc.action, tc.args)
		if p := pathOf(t, err); p != tc.path || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s.%s %v: path %q, %v", tc.model, tc.action, tc.args, p, err)
		}
	}
}

func TestParseSelection(t *testing.T) {
	sch := load(t)
	user := sch.Model("User")
	s, err := ParseSelection(user, map[string]any{"email": true, "posts": map[string]any{
		"where": map[string]any{"views": 1}, "take": int64(2), "select": map[string]any{"title": true}}, "_count": true}, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Scalars) != 1 || s.Scalars[0].Name != "email" {
		t.Errorf("scalars %v", s.Scalars)
	}
	if len(s.Rels) != 1 || s.Rels[0].Field.Name != "posts" || s.Rels[0].Args["take"] != int64(2) ||
		len(s.Rels[0].Sel.Scalars) != 1 || s.Rels[0].Sel.Scalars[0].Name != "title" {
		t.Errorf("relations %+v", s.Rels)
	}
	if len(s.Counts) != 1 || s.Counts[0].Field.Name != "posts" {
		t.Errorf("counts %+v", s.Counts)
	}
	s, err = ParseSelection(user, nil, nil, map[string]any{"name": true}, "")
	if err != nil || len(s.Scalars) != 2 {
		t.Errorf("omit name: %v %v", s.Scalars, err)
	}

	post := sch.Model("Post")
	for _, tc := range []struct {
		sel, inc any
		path     string
	}{
		{map[string]any{"nope": true}, nil, "select.nope"},
		{nil, map[string]any{"title": true}, "include.title"},
		{nil, map[string]any{"author": map[string]any{"take": int64(1)}}, "include.author.take"},
		{map[string]any{"author": map[string]any{"select": map[string]any{"nope": true}}}, nil, "select.author.select.nope"},
		{map[string]any{"_count": map[string]any{"select": map[string]any{"author": true}}}, nil, "select._count.select.author"},
	} {
		_, err := ParseSelection(post, tc.sel, tc.inc, nil, "")
		if p := pathOf(t, err); p != tc.path {
			t.Errorf("select %v include %v: path %q, want %q (%v)", tc.sel, tc.inc, p, tc.path, err)
		}
	}
}

func TestParseOrder(t *testing.T) {
	sch := load(t)
	post := sch.Model("Post")
	ords, err := ParseOrder(post, []any{
		map[string]any{"views": map[string]any{"sort": "desc", "nulls": "last"}},
		map[string]any{"author": map[string]any{"email": "asc"}},
	}, "orderBy")
	if err != nil {
		t.Fatal(err)
	}
	if len(ords) != 2 || ords[0].Field.Name != "views" || !ords[0].Desc || ords[0].Nulls != "last" ||
		ords[1].Rel.Name != "author" || ords[1].Sub.Field.Name != "email" {
		t.Errorf("orders %+v", ords)
	}
	if !HasRelOrder(ords) || HasRelOrder(ords[:1]) {
		t.Error("HasRelOrder")
	}
	// Not unique: the primary key is added; reversed, NULLs move to the other end.
	full := WithPK(post, ords[:1])
	if len(full) != 2 || full[1].Field.Name != "id" {
		t.Errorf("WithPK %+v", full)
	}
	if r := Reverse(full); r[0].Desc || r[0].Nulls != "first" || !r[1].Desc {
		t.Errorf("Reverse %+v", r)
	}
	if got := WithPK(sch.Model("User"), []Order{{Field: sch.Model("User").Field("email")}}); len(got) != 1 {
		t.Errorf("a required unique field orders uniquely: %+v", got)
	}

	user := sch.Model("User")
	counted, err := ParseOrder(user, map[string]any{"posts": map[string]any{"_count": "desc"}}, "orderBy")
	if err != nil || !counted[0].Count || !counted[0].Desc {
		t.Errorf("_count order %+v %v", counted, err)
	}
	for _, tc := range []struct {
		m    *schema.Model
		v    any
		path string
	}{
		{post, map[string]any{"views": "up"}, "orderBy.views"},
		{post, map[string]any{"views": map[string]any{"sort": "asc", "nulls": "middle"}}, "orderBy.views.nulls"},
		{post, []any{map[string]any{"title": "asc"}, map[string]any{"nope": "asc"}}, "orderBy[1].nope"},
		{user, map[string]any{"posts": map[string]any{"title": "asc"}}, "orderBy.posts"},
		{post, map[string]any{"_relevance": map[string]any{"fields": []any{"views"}, "search": "x", "sort": "asc"}}, "orderBy._relevance.fields[0]"},
		{post, map[string]any{"_relevance": map[string]any{"fields": "title", "search": 1, "sort": "asc"}}, "orderBy._relevance.search"},
	} {
		_, err := ParseOrder(tc.m, tc.v, "orderBy")
		if p := pathOf(t, err); p != tc.path {
			t.Errorf("%v: path %q, want %q (%v)", tc.v, p, tc.path, err)
		}
	}
	rank, err := ParseOrder(post, map[string]any{"_relevance": map[string]any{"fields": "title", "search": "cat", "sort": "desc"}}, "orderBy")
	if err != nil || rank[0].Rank == nil || rank[0].Rank.Query != "cat" || len(rank[0].Rank.Fields) != 1 || !rank[0].Desc {
		t.Errorf("_relevance %+v %v", rank, err)
	}
}
