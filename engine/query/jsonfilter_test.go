package query

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// seedJSON writes one Person per shape of Json value the filters tell
// apart; firstName names the row.
func seedJSON(c *client) {
	for _, p := range []M{
		{"firstName": "p1", "data": M{"pet": M{"name": "Bob", "age": int64(3)}, "tags": L{"a", "b", "c"}, "age": int64(5)}},
		{"firstName": "p2", "data": M{"pet": M{"name": "bobby", "age": int64(12)}, "tags": L{"b"}, "age": 40.5}},
		{"firstName": "p3", "data": abi.JsonNull},
		{"firstName": "p4", "data": abi.DbNull},
		{"firstName": "p5", "data": L{"a", int64(1), M{"k": int64(1)}}},
		{"firstName": "p6", "data": M{"pet": M{"name": int64(7)}, "age": "old", "tags": "a b"}},
	} {
		p["lastName"] = "x"
		c.do("Person", "create", M{"data": p})
	}
}

// TestJSONFilters runs Prisma's Json filters against each database.
func TestJSONFilters(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		d, err := dialect.For(c.sch.Datasource.Provider)
		if err != nil {
			t.Fatal(err)
		}
		// path is the provider's form of a path: keys on PostgreSQL, `$.a.b` elsewhere.
		path := func(keys ...string) any {
			if d.Supports(sqltree.JSONPathKeys) {
				l := L{}
				for _, k := range keys {
					l = append(l, k)
				}
				return l
			}
			return "$." + strings.Join(keys, ".")
		}
		seedJSON(c)
		find := func(f M) []any {
			t.Helper()
			return field(c.rows("Person", "findMany", M{"where": M{"data": f}, "orderBy": M{"firstName": "asc"}}), "firstName")
		}
		eq(t, "string_contains", find(M{"path": path("pet", "name"), "string_contains": "ob"}), L{"p1", "p2"})
		eq(t, "string_contains is case-sensitive", find(M{"path": path("pet", "name"), "string_contains": "B"}), L{"p1"})
		eq(t, "insensitive", find(M{"path": path("pet", "name"), "string_starts_with": "BO", "mode": "insensitive"}), L{"p1", "p2"})
		eq(t, "string_ends_with", find(M{"path": path("pet", "name"), "string_ends_with": "by"}), L{"p2"})
		eq(t, "string filters skip other types", find(M{"path": path("age"), "string_contains": "o"}), L{"p6"})
		eq(t, "string_contains literal %", find(M{"path": path("pet", "name"), "string_contains": "%"}), L(nil))
		eq(t, "equals at path", find(M{"path": path("pet", "age"), "equals": int64(3)}), L{"p1"})
		eq(t, "equals object at path", find(M{"path": path("pet"), "equals": M{"age": int64(12), "name": "bobby"}}), L{"p2"})
		eq(t, "not at path drops missing", find(M{"path": path("pet", "age"), "not": int64(3)}), L{"p2"})
		eq(t, "gt numbers only", find(M{"path": path("age"), "gt": int64(4)}), L{"p1", "p2"})
		eq(t, "lte float", find(M{"path": path("age"), "lte": 40.5}), L{"p1", "p2"})
		eq(t, "gt and lt", find(M{"path": path("age"), "gt": int64(4), "lt": int64(10)}), L{"p1"})
		eq(t, "gte string", find(M{"path": path("age"), "gte": "o"}), L{"p6"})
		eq(t, "array_starts_with", find(M{"path": path("tags"), "array_starts_with": "a"}), L{"p1"})
		eq(t, "array_ends_with", find(M{"path": path("tags"), "array_ends_with": "b"}), L{"p2"})
		eq(t, "array_ends_with object, whole value", find(M{"array_ends_with": M{"k": int64(1)}}), L{"p5"})
		eq(t, "array filters skip strings", find(M{"path": path("tags"), "array_starts_with": "a b"}), L(nil))
		eq(t, "equals DbNull", find(M{"equals": abi.DbNull}), L{"p4"})
		eq(t, "equals None is DbNull", find(M{"equals": nil}), L{"p4"})
		eq(t, "equals JsonNull", find(M{"equals": abi.JsonNull}), L{"p3"})
		eq(t, "equals AnyNull", find(M{"equals": abi.AnyNull}), L{"p3", "p4"})
		eq(t, "not AnyNull", find(M{"not": abi.AnyNull}), L{"p1", "p2", "p5", "p6"})
		eq(t, "not JsonNull drops DbNull", find(M{"not": abi.JsonNull}), L{"p1", "p2", "p5", "p6"})
		// A row without the path (or with a NULL column) is unknown to the
		// filter, and NOT keeps it out, as for scalars and in Prisma.
		eq(t, "NOT of a path filter", field(c.rows("Person", "findMany", M{"where": M{"NOT": M{"data": M{"path": path("pet", "name"), "string_contains": "ob"}}}, "orderBy": M{"firstName": "asc"}}), "firstName"), L{"p6"})
		eq(t, "equals string at path", find(M{"path": path("pet", "name"), "equals": "Bob"}), L{"p1"})
		eq(t, "equals is typed", find(M{"path": path("pet", "name"), "equals": "7"}), L(nil))
		eq(t, "equals string, whole value", find(M{"equals": M{"pet": M{"name": int64(7)}, "tags": "a b", "age": "old"}}), L{"p6"})
		if d.Supports(sqltree.JSONContainment) {
			eq(t, "array_contains list", find(M{"path": path("tags"), "array_contains": L{"b"}}), L{"p1", "p2"})
			eq(t, "array_contains all of a list", find(M{"path": path("tags"), "array_contains": L{"a", "c"}}), L{"p1"})
			eq(t, "array_contains scalar", find(M{"array_contains": "a"}), L{"p5"})
		} else {
			_, err := c.try("Person", "findMany", M{"where": M{"data": M{"array_contains": L{"a"}}}})
			eq(t, "array_contains refused", codeOf(err), perr.Validation)
			eq(t, "array_contains refused path", err.(*perr.Error).Meta["path"], "where.data.array_contains")
		}

		// The other provider's path form is refused, naming the argument.
		other := any("$.pet")
		if !d.Supports(sqltree.JSONPathKeys) {
			other = L{"pet"}
		}
		_, err = c.try("Person", "findMany", M{"where": M{"data": M{"path": other, "equals": int64(1)}}})
		eq(t, "other path form", codeOf(err), perr.Validation)
		eq(t, "other path form path", err.(*perr.Error).Meta["path"], "where.data.path")

		// Reads return None for both nulls; writes tell them apart.
		eq(t, "JsonNull reads as None", c.row("Person", "findFirst", M{"where": M{"firstName": "p3"}})["data"], nil)
		c.do("Person", "update", M{"where": M{"firstName_lastName": M{"firstName": "p3", "lastName": "x"}}, "data": M{"data": abi.DbNull}})
		c.do("Person", "update", M{"where": M{"firstName_lastName": M{"firstName": "p4", "lastName": "x"}}, "data": M{"data": abi.JsonNull}})
		eq(t, "after updates DbNull", find(M{"equals": abi.DbNull}), L{"p3"})
		eq(t, "after updates JsonNull", find(M{"equals": abi.JsonNull}), L{"p4"})
		for name, data := range map[string]M{
			"AnyNull written":      {"data": abi.AnyNull},
			"DbNull on a non-Json": {"age": abi.DbNull},
			"nested sentinel":      {"data": M{"a": abi.JsonNull}},
		} {
			_, err := c.try("Person", "update", M{"where": M{"firstName_lastName": M{"firstName": "p1", "lastName": "x"}}, "data": data})
			eq(t, name, codeOf(err), perr.Validation)
		}
	})
}
