package codegen

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// TestRelevanceOrder: the `_relevance` order key and its input types are
// declared where the datasource has full-text search (the SQLite goldens
// have none), over the model's String fields only.
func TestRelevanceOrder(t *testing.T) {
	_, src := fixture(t)
	for _, p := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
		text := strings.Replace(src, `provider = "sqlite"`, `provider = "`+p+`"`, 1)
		sch, err := schema.Parse(text, "fixture.prisma")
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		files, err := Files(sch, text)
		if err != nil {
			t.Fatal(err)
		}
		types := string(files["types.py"])
		want := p != schema.SQLite
		for _, s := range []string{
			"    _relevance: UserOrderByRelevanceInput\n",
			`UserOrderByRelevanceFieldEnum = Literal["id", "email", "name"]`,
			"    search: Required[str]\n    sort: Required[SortOrder]\n",
		} {
			if strings.Contains(types, s) != want {
				t.Errorf("%s: types.py has %q: %v, want %v", p, s, !want, want)
			}
		}
	}
}
