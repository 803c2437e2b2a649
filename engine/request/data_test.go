package request

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dumpData spells write data on one line: each assignment with its
// operation, value (%T where the type is the point) and path, then the
// relations kept as given.
func dumpData(d *Data) string {
	var parts []string
	for _, a := range d.Scalars {
		parts = append(parts, fmt.Sprintf("%s %s %T(%v) @%s", a.Field.Name, a.Op, a.Value, a.Value, a.Path))
	}
	for _, r := range d.Relations {
		parts = append(parts, fmt.Sprintf("rel %s %v @%s", r.Field.Name, r.Value, r.Path))
	}
	return d.Path + ": " + strings.Join(parts, "; ")
}

func TestParseDataShape(t *testing.T) {
	sch := loadFilters(t)
	user, post := sch.Model("User"), sch.Model("Post")
	for _, tc := range []struct {
		name string
		d    func() (*Data, error)
		want string
	}{
		{"create: values coerced, {'set': v} unwrapped, sentinels, relations kept",
			func() (*Data, error) {
				return ParseCreate(user, M{"email": M{"set": "a@x"}, "name": nil, "role": "ADMIN", "tags": L{"a"},
					"data": abi.JsonNull, "posts": M{"create": M{"title": "t"}}}, "data")
			},
			"data: data set request.JSON(null) @data.data; email set string(a@x) @data.email; name set <nil>(<nil>) @data.name; " +
				"role set string(admin) @data.role; tags set request.List([a]) @data.tags; rel posts map[create:map[title:t]] @data.posts"},
		{"create: a Json dict is the value, not an operation",
			func() (*Data, error) { return ParseCreate(user, M{"data": M{"set": int64(1)}}, "create") },
			`create: data set request.JSON({"set":1}) @create.data`},
		{"update: atomic operations and {'set': v} carry their operation's path",
			func() (*Data, error) {
				return ParseUpdate(post, M{"views": M{"divide": int64(2)}, "title": M{"set": "t"}, "authorId": int64(3),
					"author": M{"connect": M{"id": int64(1)}}}, "data", true)
			},
			"data: authorId set int64(3) @data.authorId; title set string(t) @data.title.set; views divide int64(2) @data.views.divide; " +
				"rel author map[connect:map[id:1]] @data.author"},
		{"update: scalar lists set and push (one value or a list)",
			func() (*Data, error) { return ParseUpdate(user, M{"tags": M{"push": "b"}}, "data", false) },
			"data: tags push request.List([b]) @data.tags.push"},
		{"update: a list given as is is set",
			func() (*Data, error) { return ParseUpdate(user, M{"tags": L{"x", "y"}}, "update", false) },
			"update: tags set request.List([x y]) @update.tags"},
		{"createMany row: scalar fields only",
			func() (*Data, error) { return ParseRow(post, M{"title": "t", "authorId": 1.0}, "data[2]") },
			"data[2]: authorId set int64(1) @data[2].authorId; title set string(t) @data[2].title"},
	} {
		d, err := tc.d()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := dumpData(d); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestParseDataErrors(t *testing.T) {
	sch := loadFilters(t)
	user, post := sch.Model("User"), sch.Model("Post")
	create := func(m *schema.Model, v any) func() (*Data, error) {
		return func() (*Data, error) { return ParseCreate(m, v, "data") }
	}
	update := func(m *schema.Model, v any, rels bool) func() (*Data, error) {
		return func() (*Data, error) { return ParseUpdate(m, v, "data", rels) }
	}
	for _, tc := range []struct {
		d               func() (*Data, error)
		code, path, msg string
	}{
		{create(post, "x"), perr.Validation, "data", "expected an object (dict), got a string"},
		{create(post, M{"nope": 1}), perr.Validation, "data.nope", "unknown field `nope` on model Post"},
		{create(post, M{"title": nil}), perr.MissingValue, "data.title", "Missing a required value for `Post.title` at `data.title`"},
		{create(post, M{"title": M{"set": abi.DbNull}}), perr.Validation, "data.title", "DbNull is for Json fields; `title` is String"},
		{create(user, M{"data": abi.AnyNull}), perr.Validation, "data.data", "AnyNull only filters"},
		{create(post, M{"views": "many"}), perr.Validation, "data.views", "expected an integer (Int) for field `views`, got a string"},
		{create(user, M{"tags": M{"push": "a"}}), perr.Validation, "data.tags", "expected a list of a string for field `tags`"},
		{update(post, M{"views": M{"increment": 1, "set": 2}}, true), perr.Validation, "data.views", "expected exactly one of [set increment decrement multiply divide], got 2 operations"},
		{update(post, M{"views": M{"add": 1}}, true), perr.Validation, "data.views.add", "unknown update operation `add`"},
		{update(post, M{"title": M{"increment": 1}}, true), perr.Validation, "data.title.increment", "`increment` needs a numeric field; `title` is String"},
		{update(user, M{"role": M{"multiply": 2}}, true), perr.Validation, "data.role.multiply", "`multiply` needs a numeric field"},
		{update(post, M{"views": M{"decrement": nil}}, true), perr.Validation, "data.views.decrement", "expected a number, got null"},
		{update(post, M{"views": M{"divide": int64(0)}}, true), perr.Validation, "data.views.divide", "division by zero"},
		{update(post, M{"views": M{"set": nil}}, true), perr.MissingValue, "data.views.set", "at `data.views.set`"},
		{update(post, M{"author": M{"connect": M{"id": 1}}}, false), perr.Validation, "data.author", "relation `author` cannot be written here"},
		{update(user, M{"tags": M{"pop": 1}}, true), perr.Validation, "data.tags.pop", "unknown update operation `pop` for scalar list `tags`"},
		{update(user, M{"tags": M{"push": L{nil}}}, true), perr.Validation, "data.tags.push[0]", "a scalar list cannot hold null"},
		{update(user, M{"tags": nil}, true), perr.Validation, "data.tags", "expected a list of a string for field `tags`, got null"},
		{func() (*Data, error) { return ParseRow(post, M{"author": M{}}, "data[1]") }, perr.Validation, "data[1].author", "createMany takes scalar fields only"},
		{func() (*Data, error) { return ParseRow(post, M{"nope": 1}, "data[0]") }, perr.Validation, "data[0].nope", "unknown field `nope`"},
	} {
		_, err := tc.d()
		var pe *perr.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: want an error, got %v", tc.path, err)
			continue
		}
		if p, _ := pe.Meta["path"].(string); pe.Code != tc.code || p != tc.path || !strings.Contains(pe.Message, tc.msg) {
			t.Errorf("got %s at %q: %s\nwant %s at %q: %q", pe.Code, p, pe.Message, tc.code, tc.path, tc.msg)
		}
	}
}
