package query

import (
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// TestScalarLists: PostgreSQL's String[], Int[], enum and DateTime lists
// written, read, filtered (equals, has, hasEvery, hasSome, isEmpty) and
// updated (set, push a value, push a list, push onto a list never set).
func TestScalarLists(t *testing.T) {
	sch, db := freshDBFor(t, schema.PostgreSQL, loadSchemaFile(t, "testdata/lists.prisma", schema.PostgreSQL))
	c := &client{t: t, sch: sch, db: db}
	day := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)
	a := c.row("Item", "create", M{"data": M{"tags": L{"a", "b"}, "nums": M{"set": L{int64(1), int64(2)}},
		"colors": L{"RED", "GREEN"}, "seen": L{"2026-01-02T03:04:05.006Z"}}})
	eq(t, "created", a, M{"id": a["id"], "tags": L{"a", "b"}, "nums": L{int64(1), int64(2)}, "colors": L{"RED", "GREEN"}, "seen": L{day}})
	b := c.row("Item", "create", M{"data": M{"tags": L{}}})
	eq(t, "never set reads empty", b["nums"], L{})
	ids := func(where M) []any {
		t.Helper()
		return field(c.rows("Item", "findMany", M{"where": where, "orderBy": M{"id": "asc"}}), "id")
	}
	eq(t, "equals", ids(M{"tags": L{"a", "b"}}), L{a["id"]})
	eq(t, "equals op (order matters)", ids(M{"tags": M{"equals": L{"b", "a"}}}), []any(nil))
	eq(t, "has", ids(M{"tags": M{"has": "b"}}), L{a["id"]})
	eq(t, "has enum", ids(M{"colors": M{"has": "GREEN"}}), L{a["id"]})
	eq(t, "hasEvery", ids(M{"nums": M{"hasEvery": L{int64(2), int64(1)}}}), L{a["id"]})
	eq(t, "hasSome", ids(M{"tags": M{"has_some": L{"z", "a"}}}), L{a["id"]})
	eq(t, "isEmpty", ids(M{"tags": M{"isEmpty": true}}), L{b["id"]})
	eq(t, "not isEmpty", ids(M{"tags": M{"isEmpty": false}}), L{a["id"]})

	u := c.row("Item", "update", M{"where": M{"id": a["id"]}, "data": M{"tags": M{"push": "c"}, "nums": M{"push": L{int64(3), int64(4)}}}})
	eq(t, "push", u["tags"], L{"a", "b", "c"})
	eq(t, "push list", u["nums"], L{int64(1), int64(2), int64(3), int64(4)})
	u = c.row("Item", "update", M{"where": M{"id": b["id"]}, "data": M{"nums": M{"push": int64(7)}, "colors": M{"set": L{"GREEN"}}}})
	eq(t, "push onto never set", u["nums"], L{int64(7)})
	eq(t, "set", u["colors"], L{"GREEN"})
	eq(t, "updateMany set", c.do("Item", "updateMany", M{"data": M{"tags": L{"x"}}}), M{"count": int64(2)})

	for _, bad := range []struct {
		data M
		path string
	}{
		{M{"tags": L{"a", nil}}, "data.tags[1]"},
		{M{"nums": L{"one"}}, "data.nums[0]"},
		{M{"tags": "a"}, "data.tags"},
	} {
		_, err := c.try("Item", "create", M{"data": bad.data})
		pe, ok := err.(*perr.Error)
		if !ok || pe.Code != perr.Validation || pe.Meta["path"] != bad.path {
			t.Errorf("create %v: %v; want a validation error at %s", bad.data, err, bad.path)
		}
	}
}
