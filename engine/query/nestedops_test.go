package query

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// TestNestedOpsRefused: an operation a relation's shape or the context
// does not allow is a validation error at its argument path, listing what
// is allowed there, and nothing is written (the whole request is checked
// before the first statement of the relation runs).
func TestNestedOpsRefused(t *testing.T) {
	sch, db := freshDBFor(t, "sqlite", loadSchemaFile(t, "testdata/ops.prisma", "sqlite"))
	c := &client{t: t, sch: sch, db: db}
	a := c.row("Author", "create", M{"data": M{"email": "a@x.io"}})
	b := c.row("Book", "create", M{"data": M{"title": "T"}})
	cases := []struct {
		name, model, action string
		argv                M
		path, allowed       string
	}{
		{"update in a create (key here)", "Book", "create",
			M{"data": M{"title": "U", "author": M{"update": M{"email": "z@x.io"}}}},
			"data.author.update", "[create connect connectOrCreate]"},
		{"disconnect in a create (key there)", "Author", "create",
			M{"data": M{"email": "b@x.io", "books": M{"disconnect": true}}},
			"data.books.disconnect", "[create createMany connect connectOrCreate]"},
		{"list-only operation on a to-one (key here)", "Book", "update",
			M{"where": M{"id": b["id"]}, "data": M{"author": M{"set": L{M{"id": a["id"]}}}}},
			"data.author.set", "[disconnect delete update upsert create connect connectOrCreate]"},
		{"list-only operation on a to-one (key there)", "Author", "update",
			M{"where": M{"id": a["id"]}, "data": M{"profile": M{"createMany": M{"data": L{}}}}},
			"data.profile.createMany", "[disconnect delete update upsert create connect connectOrCreate]"},
		{"unknown operation, snake_case", "Author", "update",
			M{"where": M{"id": a["id"]}, "data": M{"books": M{"connect_or_update": L{}}}},
			"data.books.connect_or_update", "[set disconnect delete deleteMany update updateMany upsert create createMany connect connectOrCreate]"},
	}
	for _, tc := range cases {
		_, err := c.try(tc.model, tc.action, tc.argv)
		pe, ok := err.(*perr.Error)
		if !ok || pe.Code != perr.Validation {
			t.Errorf("%s: %v, want a validation error", tc.name, err)
			continue
		}
		if pe.Meta["path"] != tc.path || !strings.Contains(pe.Message, tc.allowed) {
			t.Errorf("%s: path %v, message %q; want path %s listing %s", tc.name, pe.Meta["path"], pe.Message, tc.path, tc.allowed)
		}
	}
	eq(t, "authors", len(c.rows("Author", "findMany", M{})), 1)
	eq(t, "books", len(c.rows("Book", "findMany", M{})), 1)
}
