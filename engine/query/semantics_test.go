package query

import (
	"math"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

func seedUsers(c *client) []string {
	var ids []string
	for _, u := range []M{
		{"email": "a@x.io", "name": "50% off_sale", "loginCount": int64(1)},
		{"email": "b@x.io", "name": "Bob", "loginCount": int64(2)},
		{"email": "c@x.io", "loginCount": int64(3)},
		{"email": "d@x.io", "name": "bobby", "loginCount": int64(2)},
	} {
		ids = append(ids, c.row("User", "create", M{"data": u})["id"].(string))
	}
	return ids
}

func emails(rows []map[string]any) []any { return field(rows, "email") }

// TestFilters checks the contract's "easy to get wrong" filter semantics.
func TestFilters(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		seedUsers(c)
		find := func(where M) []any {
			t.Helper()
			return emails(c.rows("User", "findMany", M{"where": where, "orderBy": M{"email": "asc"}}))
		}
		eq(t, "contains %", find(M{"name": M{"contains": "%"}}), L{"a@x.io"})
		eq(t, "contains _", find(M{"name": M{"contains": "_"}}), L{"a@x.io"})
		eq(t, "startsWith literal", find(M{"name": M{"startsWith": "50%"}}), L{"a@x.io"})
		eq(t, "endsWith", find(M{"name": M{"endsWith": "by"}}), L{"d@x.io"})
		eq(t, "insensitive", find(M{"name": M{"contains": "BOB", "mode": "insensitive"}}), L{"b@x.io", "d@x.io"})
		eq(t, "insensitive equals", find(M{"name": M{"equals": "BOB", "mode": "insensitive"}}), L{"b@x.io"})
		eq(t, "null", find(M{"name": nil}), L{"c@x.io"})
		eq(t, "not null", find(M{"name": M{"not": nil}}), L{"a@x.io", "b@x.io", "d@x.io"})
		eq(t, "not drops null", find(M{"name": M{"not": "Bob"}}), L{"a@x.io", "d@x.io"})
		eq(t, "not filter drops null", find(M{"name": M{"not": M{"contains": "ob"}}}), L{"a@x.io"})
		eq(t, "notIn drops null", find(M{"name": M{"notIn": L{"Bob"}}}), L{"a@x.io", "d@x.io"})
		eq(t, "NOT drops null", find(M{"NOT": M{"name": "Bob"}}), L{"a@x.io", "d@x.io"})
		eq(t, "in []", find(M{"email": M{"in": L{}}}), L(nil))
		eq(t, "notIn []", len(find(M{"email": M{"notIn": L{}}})), 4)
		eq(t, "OR []", find(M{"OR": L{}}), L(nil))
		eq(t, "AND []", len(find(M{"AND": L{}})), 4)
		eq(t, "NOT []", len(find(M{"NOT": L{}})), 4)
		eq(t, "OR", find(M{"OR": L{M{"loginCount": int64(1)}, M{"loginCount": M{"gte": int64(3)}}}}), L{"a@x.io", "c@x.io"})
		eq(t, "AND dict", find(M{"AND": M{"loginCount": int64(2), "name": M{"endsWith": "ob"}}}), L{"b@x.io"})
		eq(t, "snake aliases", find(M{"name": M{"startswith": "Bo", "endswith": "b"}, "loginCount": M{"not_in": L{int64(9)}}}), L{"b@x.io"})
		if c.sch.Datasource.Provider != "mysql" { // MySQL's _ci collations ignore case, as with Prisma
			eq(t, "case-sensitive contains", find(M{"name": M{"contains": "BOB"}}), L(nil))
			eq(t, "case-sensitive startsWith", find(M{"name": M{"startsWith": "b"}}), L{"d@x.io"})
		}
		eq(t, "enum in", len(find(M{"role": M{"in": L{"USER", "ADMIN"}}, "NOT": M{"role": "ADMIN"}})), 4)
		_, err := c.try("User", "findMany", M{"where": M{"role": M{"contains": "US"}}})
		eq(t, "contains on enum", codeOf(err), perr.Validation)
		eq(t, "lt/gt", find(M{"loginCount": M{"gt": int64(1), "lt": int64(3)}}), L{"b@x.io", "d@x.io"})
	})
}

func TestOrderingAndPaging(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		seedUsers(c)
		// Ties on loginCount are broken by the primary key (cuid: creation order).
		all := c.rows("User", "findMany", M{"orderBy": L{M{"loginCount": "desc"}}})
		eq(t, "order", emails(all), L{"c@x.io", "b@x.io", "d@x.io", "a@x.io"})
		eq(t, "take/skip", emails(c.rows("User", "findMany", M{"orderBy": M{"loginCount": "desc"}, "take": int64(2), "skip": int64(1)})), L{"b@x.io", "d@x.io"})
		eq(t, "negative take", emails(c.rows("User", "findMany", M{"orderBy": M{"loginCount": "desc"}, "take": int64(-2)})), L{"d@x.io", "a@x.io"})
		eq(t, "cursor", emails(c.rows("User", "findMany", M{"orderBy": M{"loginCount": "desc"}, "cursor": M{"email": "b@x.io"}, "take": int64(2)})), L{"b@x.io", "d@x.io"})
		eq(t, "cursor backwards", emails(c.rows("User", "findMany", M{"orderBy": M{"loginCount": "desc"}, "cursor": M{"email": "d@x.io"}, "take": int64(-2)})), L{"b@x.io", "d@x.io"})
		eq(t, "cursor skip", emails(c.rows("User", "findMany", M{"orderBy": M{"loginCount": "desc"}, "cursor": M{"email": "b@x.io"}, "skip": int64(1)})), L{"d@x.io", "a@x.io"})
		eq(t, "distinct", field(c.rows("User", "findMany", M{"distinct": L{"loginCount"}, "orderBy": M{"email": "asc"}}), "loginCount"), L{int64(1), int64(2), int64(3)})
		eq(t, "nulls first", emails(c.rows("User", "findMany", M{"orderBy": L{M{"name": M{"sort": "desc", "nulls": "first"}}}})), L{"c@x.io", "d@x.io", "b@x.io", "a@x.io"})
		eq(t, "nulls last", emails(c.rows("User", "findMany", M{"orderBy": L{M{"name": M{"sort": "asc", "nulls": "last"}}}})), L{"a@x.io", "b@x.io", "d@x.io", "c@x.io"})
		first := c.row("User", "findFirst", M{"orderBy": M{"email": "desc"}})
		eq(t, "findFirst", first["email"], "d@x.io")
		if c.do("User", "findFirst", M{"where": M{"email": "zz"}}) != nil {
			t.Errorf("findFirst on nothing is not nil")
		}
		_, err := c.try("User", "findFirstOrThrow", M{"where": M{"email": "zz"}})
		eq(t, "findFirstOrThrow", codeOf(err), perr.RecordNotFound)
		_, err = c.try("User", "findUniqueOrThrow", M{"where": M{"email": "zz"}})
		eq(t, "findUniqueOrThrow", codeOf(err), perr.RecordNotFound)
		if pe, ok := err.(*perr.Error); ok {
			eq(t, "meta model", pe.Meta["modelName"], "User")
		}
	})
}

func TestRelations(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		u := c.row("User", "create", M{"data": M{"email": "w@x.io", "name": "Writer",
			"posts": M{"create": L{
				M{"title": "b-second", "published": true, "views": int64(5), "tags": M{"create": L{M{"name": "go"}}}},
				M{"title": "a-first", "views": int64(0), "tags": M{"connectOrCreate": L{M{"where": M{"name": "go"}, "create": M{"name": "go"}}, M{"where": M{"name": "db"}, "create": M{"name": "db"}}}}},
			}},
			"userRole": M{"create": M{"name": "author"}},
		}, "include": M{"posts": M{"include": M{"tags": M{"orderBy": M{"name": "asc"}}}}, "userRole": true, "_count": true}})
		posts := u["posts"].([]any)
		if len(posts) != 2 {
			t.Fatalf("posts: %#v", u["posts"])
		}
		eq(t, "_count", u["_count"], M{"posts": int64(2), "logs": int64(0)})
		eq(t, "userRole", u["userRole"].(M)["name"], "author")
		var tags []any
		for _, p := range posts {
			for _, tg := range p.(M)["tags"].([]any) {
				tags = append(tags, tg.(M)["name"])
			}
		}
		eq(t, "tags", len(tags), 3)
		lonely := c.row("User", "create", M{"data": M{"email": "l@x.io"}})

		find := func(where M) []any {
			t.Helper()
			return emails(c.rows("User", "findMany", M{"where": where, "orderBy": M{"email": "asc"}}))
		}
		eq(t, "some", find(M{"posts": M{"some": M{"published": true}}}), L{"w@x.io"})
		eq(t, "every holds without rows", find(M{"posts": M{"every": M{"views": M{"gt": int64(100)}}}}), L{"l@x.io"})
		eq(t, "none", find(M{"posts": M{"none": M{"published": true}}}), L{"l@x.io"})
		eq(t, "is null", find(M{"userRole": M{"is": nil}}), L{"l@x.io"})
		eq(t, "isNot null", find(M{"userRole": M{"isNot": nil}}), L{"w@x.io"})
		eq(t, "is", find(M{"userRole": M{"is": M{"name": "author"}}}), L{"w@x.io"})
		eq(t, "m-n some", find(M{"posts": M{"some": M{"tags": M{"some": M{"name": "db"}}}}}), L{"w@x.io"})
		byAuthor := c.rows("Post", "findMany", M{"where": M{"author": M{"email": "w@x.io"}}})
		eq(t, "to-one shorthand", len(byAuthor), 2)

		// Nested include options and primary-key order by default.
		got := c.row("User", "findUnique", M{"where": M{"email": "w@x.io"},
			"select": M{"email": true, "posts": M{"where": M{"views": M{"gte": int64(0)}}, "orderBy": M{"title": "asc"}, "take": int64(1), "select": M{"title": true}}}})
		eq(t, "nested select", got, M{"email": "w@x.io", "posts": L{M{"title": "a-first"}}})
		got = c.row("User", "findUnique", M{"where": M{"email": "w@x.io"}, "select": M{"posts": M{"orderBy": M{"title": "asc"}, "take": int64(-1), "select": M{"title": true}}}})
		eq(t, "nested negative take", got, M{"posts": L{M{"title": "b-second"}}})
		many := c.rows("User", "findMany", M{"orderBy": M{"email": "asc"}, "select": M{"email": true, "posts": M{"orderBy": M{"title": "desc"}, "skip": int64(1), "select": M{"title": true}}}})
		eq(t, "nested skip, several parents", many, []map[string]any{{"email": "l@x.io", "posts": L{}}, {"email": "w@x.io", "posts": L{M{"title": "a-first"}}}})
		got = c.row("Post", "findFirst", M{"where": M{"title": "a-first"}, "include": M{"author": M{"select": M{"email": true}}}})
		eq(t, "to-one include", got["author"], M{"email": "w@x.io"})

		// Nested connect / disconnect / set on update.
		pid := byAuthor[0]["id"]
		c.do("Post", "update", M{"where": M{"id": pid}, "data": M{"tags": M{"set": L{M{"name": "db"}}}}})
		p := c.row("Post", "findUnique", M{"where": M{"id": pid}, "include": M{"tags": true}})
		eq(t, "set tags", len(p["tags"].([]any)), 1)
		c.do("Post", "update", M{"where": M{"id": pid}, "data": M{"author": M{"connect": M{"id": lonely["id"]}}}})
		eq(t, "connect author", c.row("Post", "findUnique", M{"where": M{"id": pid}})["authorId"], lonely["id"])
		_, err := c.try("Post", "update", M{"where": M{"id": pid}, "data": M{"author": M{"connect": M{"id": "missing"}}}})
		eq(t, "connect missing", codeOf(err), perr.RecordNotFound)

		// A failing nested write leaves nothing behind.
		_, err = c.try("User", "create", M{"data": M{"email": "t@x.io", "posts": M{"create": L{M{"title": "ok"}, M{"views": int64(1)}}}}})
		eq(t, "nested missing title", codeOf(err), perr.MissingValue)
		eq(t, "rolled back", c.row("User", "findUnique", M{"where": M{"email": "t@x.io"}}), M(nil))
	})
}

func TestWrites(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		ids := seedUsers(c)
		_, err := c.try("User", "create", M{"data": M{"email": "a@x.io"}})
		eq(t, "unique", codeOf(err), perr.UniqueViolation)
		if pe, ok := err.(*perr.Error); ok {
			eq(t, "unique target", pe.Meta["target"], []string{"email"})
		}
		_, err = c.try("User", "create", M{"data": M{"name": "x"}})
		eq(t, "missing", codeOf(err), perr.MissingValue)
		_, err = c.try("Post", "create", M{"data": M{"title": "x", "authorId": "nobody"}})
		eq(t, "foreign key", codeOf(err), perr.ForeignKey)
		_, err = c.try("User", "create", M{"data": M{"email": nil}})
		eq(t, "null required", codeOf(err), perr.MissingValue)
		_, err = c.try("User", "create", M{"data": M{"email": "q@x.io", "loginCount": true}})
		eq(t, "wrong type", codeOf(err), perr.Validation)
		_, err = c.try("User", "update", M{"where": M{"id": "nope"}, "data": M{"name": "x"}})
		eq(t, "update missing", codeOf(err), perr.RecordNotFound)

		// The count is of matched rows, also when a value does not change.
		eq(t, "updateMany same value", c.do("User", "updateMany", M{"where": M{"loginCount": M{"lte": int64(2)}}, "data": M{"loginCount": M{"increment": int64(0)}}}), M{"count": int64(3)})
		c.do("Tag", "createMany", M{"data": L{M{"name": "same1"}, M{"name": "same2"}}})
		// MySQL reports changed rows unless the connection sets CLIENT_FOUND_ROWS
		// (go-sql-driver: ClientFoundRows), which Prisma's MySQL connector does.
		eq(t, "updateMany unchanged rows (needs ClientFoundRows in engine/driver/mysql)", c.do("Tag", "updateMany", M{"where": M{"name": M{"startsWith": "same"}}, "data": M{"name": M{"set": "same1"}}, "limit": int64(1)}), M{"count": int64(1)})
		c.do("User", "update", M{"where": M{"id": ids[0]}, "data": M{"userRole": M{"create": M{"name": "r"}}}})
		c.do("User", "update", M{"where": M{"id": ids[0]}, "data": M{"userRole": M{"update": M{"name": "r"}}}})
		// A 1-1 whose key is required on the other side cannot be replaced.
		_, err = c.try("User", "update", M{"where": M{"id": ids[0]}, "data": M{"userRole": M{"create": M{"name": "r2"}}}})
		eq(t, "replace required 1-1", codeOf(err), "P2014")
		eq(t, "updateMany", c.do("User", "updateMany", M{"where": M{"loginCount": int64(2)}, "data": M{"loginCount": M{"multiply": int64(10)}}}), M{"count": int64(2)})
		eq(t, "multiplied", c.row("User", "findUnique", M{"where": M{"id": ids[1]}})["loginCount"], int64(20))
		u := c.row("User", "update", M{"where": M{"id": ids[1]}, "data": M{"loginCount": M{"divide": int64(3)}, "name": M{"set": nil}}})
		eq(t, "divide", u["loginCount"], int64(6))
		eq(t, "set null", u["name"], nil)
		u = c.row("User", "update", M{"where": M{"id": ids[1]}, "data": M{"loginCount": M{"decrement": int64(7)}}})
		eq(t, "decrement", u["loginCount"], int64(-1))

		eq(t, "createMany", c.do("Tag", "createMany", M{"data": L{M{"name": "a"}, M{"name": "b"}}}), M{"count": int64(2)})
		eq(t, "skipDuplicates", c.do("Tag", "createMany", M{"data": L{M{"name": "a"}, M{"name": "c"}}, "skipDuplicates": true}), M{"count": int64(1)})
		up := c.row("Tag", "upsert", M{"where": M{"name": "z"}, "create": M{"name": "z"}, "update": M{"name": "zz"}})
		eq(t, "upsert create", up["name"], "z")
		up = c.row("Tag", "upsert", M{"where": M{"name": "z"}, "data": M{"create": M{"name": "z"}, "update": M{"name": "zz"}}})
		eq(t, "upsert update", up["name"], "zz")
		eq(t, "deleteMany", c.do("Tag", "deleteMany", M{"where": M{"name": M{"in": L{"a", "b"}}}}), M{"count": int64(2)})

		if c.sch.Datasource.Provider != "mysql" {
			rows := c.rows("Tag", "createManyAndReturn", M{"data": L{M{"name": "r1"}, M{"name": "r2"}}, "select": M{"name": true}})
			eq(t, "createManyAndReturn", rows, []map[string]any{{"name": "r1"}, {"name": "r2"}})
		}
		rows := c.rows("User", "updateManyAndReturn", M{"where": M{"loginCount": M{"lt": int64(2)}}, "data": M{"name": "low"}, "select": M{"email": true, "name": true}})
		eq(t, "updateManyAndReturn", rows, []map[string]any{{"email": "a@x.io", "name": "low"}, {"email": "b@x.io", "name": "low"}})

		// Compound id, Json, Bytes and uuid(7).
		p := c.row("Person", "create", M{"data": M{"firstName": "Ada", "lastName": "Lovelace", "data": M{"k": L{int64(1), 2.5, "s"}}, "blob": []byte{0, 1, 2}}})
		eq(t, "json", p["data"], M{"k": L{int64(1), 2.5, "s"}})
		eq(t, "bytes", p["blob"], []byte{0, 1, 2})
		if tok, _ := p["token"].(string); len(tok) != 36 || tok[14] != '7' {
			t.Errorf("uuid7: %q", tok)
		}
		got := c.row("Person", "findUnique", M{"where": M{"firstName_lastName": M{"firstName": "Ada", "lastName": "Lovelace"}}})
		eq(t, "compound", got["lastName"], "Lovelace")
		c.do("Person", "delete", M{"where": M{"firstName_lastName": M{"firstName": "Ada", "lastName": "Lovelace"}}})
	})
}

func TestTypes(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		// DateTime: millisecond precision; a microsecond input matches itself.
		micro := time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.FixedZone("X", 3600))
		l := c.row("Log", "create", M{"data": M{"action": "t", "createdAt": micro}})
		eq(t, "ms truncation", l["createdAt"], time.Date(2026, 3, 4, 4, 6, 7, 123000000, time.UTC))
		eq(t, "round trip filter", len(c.rows("Log", "findMany", M{"where": M{"createdAt": micro}})), 1)
		eq(t, "iso string input", len(c.rows("Log", "findMany", M{"where": M{"createdAt": "2026-03-04T04:06:07.123Z"}})), 1)

		// BigInt: full 64-bit range, also in atomic updates.
		s := c.row("Sales", "create", M{"data": M{"amount": "1.5", "rating": 1.0, "status": "x", "units": int64(math.MaxInt64 - 1)}})
		eq(t, "bigint", s["units"], int64(math.MaxInt64-1))
		s = c.row("Sales", "update", M{"where": M{"id": s["id"]}, "data": M{"units": M{"increment": int64(1)}}})
		eq(t, "bigint increment", s["units"], int64(math.MaxInt64))
		eq(t, "decimal", decimalString(s["amount"]), "1.5")
		s = c.row("Sales", "update", M{"where": M{"id": s["id"]}, "data": M{"amount": M{"increment": abi.Decimal("0.25")}}})
		eq(t, "decimal increment", decimalString(s["amount"]), "1.75")

		// Aggregates over zero rows; count/_count shapes; groupBy.
		empty := c.do("Sales", "aggregate", M{"where": M{"status": "none"}, "_sum": M{"amount": true}, "_avg": M{"rating": true}, "_min": M{"units": true}, "_count": M{"_all": true}}).(M)
		eq(t, "empty aggregate", empty, M{"_sum": M{"amount": nil}, "_avg": M{"rating": nil}, "_min": M{"units": nil}, "_count": M{"_all": int64(0)}})
		eq(t, "_count true", c.do("Sales", "aggregate", M{"_count": true}), M{"_count": int64(1)})
		c.do("Sales", "create", M{"data": M{"amount": "2", "rating": 3.0, "status": "x"}})
		c.do("Sales", "create", M{"data": M{"amount": "4", "rating": 5.0, "status": "y"}})
		eq(t, "count select", c.do("Sales", "count", M{"select": M{"_all": true, "status": true}}), M{"_all": int64(3), "status": int64(3)})
		eq(t, "count take", c.do("Sales", "count", M{"take": int64(2)}), int64(2))
		g := c.do("Sales", "groupBy", M{"by": L{"status"}, "_count": M{"_all": true}, "_max": M{"rating": true}, "orderBy": M{"status": "asc"}}).([]any)
		eq(t, "groupBy", g, L{
			M{"status": "x", "_count": M{"_all": int64(2)}, "_max": M{"rating": 3.0}},
			M{"status": "y", "_count": M{"_all": int64(1)}, "_max": M{"rating": 5.0}},
		})
		g = c.do("Sales", "groupBy", M{"by": "status", "having": M{"rating": M{"_avg": M{"gt": int64(4)}}}}).([]any)
		eq(t, "having", g, L{M{"status": "y"}})
	})
}

func TestMoreWrites(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		// FK-side nested create and connect inside a create.
		p := c.row("Post", "create", M{"data": M{"title": "t1", "author": M{"create": M{"email": "n@x.io"}}}, "include": M{"author": true}})
		eq(t, "nested FK create", p["author"].(M)["email"], "n@x.io")
		p2 := c.row("Post", "create", M{"data": M{"title": "t2", "views": int64(7), "author": M{"connect": M{"email": "n@x.io"}}}})
		eq(t, "nested FK connect", p2["authorId"], p["authorId"])
		_, err := c.try("Post", "create", M{"data": M{"title": "t3", "author": M{"connect": M{"email": "none@x.io"}}}})
		eq(t, "connect missing", codeOf(err), perr.RecordNotFound)

		u := c.row("User", "findUnique", M{"where": M{"email": "n@x.io"},
			"select": M{"_count": M{"select": M{"posts": M{"where": M{"views": M{"gt": int64(0)}}}}}}})
		eq(t, "_count where", u, M{"_count": M{"posts": int64(1)}})

		// Nested update/upsert/delete through a to-one relation whose key is here.
		p = c.row("Post", "update", M{"where": M{"id": p["id"]}, "data": M{"author": M{"update": M{"name": "Nina"}}}, "include": M{"author": true}})
		eq(t, "FK-side update", p["author"].(M)["name"], "Nina")
		l := c.row("Log", "create", M{"data": M{"action": "x"}})
		l = c.row("Log", "update", M{"where": M{"id": l["id"]}, "data": M{"user": M{"upsert": M{"create": M{"email": "up@x.io"}, "update": M{"name": "no"}}}}, "include": M{"user": true}})
		eq(t, "FK-side upsert create", l["user"].(M)["email"], "up@x.io")
		l = c.row("Log", "update", M{"where": M{"id": l["id"]}, "data": M{"user": M{"upsert": M{"create": M{"email": "no@x.io"}, "update": M{"name": "yes"}}}}, "include": M{"user": true}})
		eq(t, "FK-side upsert update", l["user"].(M)["name"], "yes")
		l = c.row("Log", "update", M{"where": M{"id": l["id"]}, "data": M{"user": M{"delete": true}}})
		eq(t, "FK-side delete", L{l["userId"], c.row("User", "findUnique", M{"where": M{"email": "up@x.io"}})}, L{nil, M(nil)})

		// Nested updates on a to-many relation.
		c.do("User", "update", M{"where": M{"email": "n@x.io"}, "data": M{"posts": M{
			"updateMany": M{"where": M{"views": int64(0)}, "data": M{"views": int64(1)}},
			"create":     M{"title": "t4"},
		}}})
		eq(t, "nested updateMany", len(c.rows("Post", "findMany", M{"where": M{"views": int64(1)}})), 1)
		c.do("User", "update", M{"where": M{"email": "n@x.io"}, "data": M{"posts": M{"deleteMany": M{"title": "t4"}}}})
		eq(t, "nested deleteMany", c.do("Post", "count", nil), int64(2))

		// limit on updateMany/deleteMany.
		eq(t, "updateMany limit", c.do("Post", "updateMany", M{"data": M{"published": true}, "limit": int64(1)}), M{"count": int64(1)})
		eq(t, "deleteMany limit", c.do("Post", "deleteMany", M{"limit": int64(1)}), M{"count": int64(1)})

		// createMany chunks under the parameter limit (SQLite: 32766).
		var many L
		for i := 0; i < 6000; i++ {
			many = append(many, M{"name": "tag" + itoa(i)})
		}
		eq(t, "createMany chunked", c.do("Tag", "createMany", M{"data": many}), M{"count": int64(6000)})
		eq(t, "count tags", c.do("Tag", "count", M{"where": M{"name": M{"startsWith": "tag"}}}), int64(6000))
		// Relation loading chunks too.
		tags := c.rows("Tag", "findMany", M{"include": M{"posts": true}})
		eq(t, "include over many parents", len(tags), 6000)

		// Aggregates keep Prisma's types: sums of Int are ints, averages floats.
		agg := c.do("Post", "aggregate", M{"_sum": M{"views": true}, "_avg": M{"views": true}, "_min": M{"createdAt": true}, "_max": M{"title": true}}).(M)
		if _, ok := agg["_sum"].(M)["views"].(int64); !ok {
			t.Errorf("_sum Int: %#v", agg["_sum"])
		}
		if _, ok := agg["_avg"].(M)["views"].(float64); !ok {
			t.Errorf("_avg Int: %#v", agg["_avg"])
		}
		if _, ok := agg["_min"].(M)["createdAt"].(time.Time); !ok {
			t.Errorf("_min DateTime: %#v", agg["_min"])
		}
		s := c.do("Sales", "aggregate", M{"_sum": M{"units": true}, "_avg": M{"amount": true}}).(M)
		eq(t, "empty sum bigint", s["_sum"], M{"units": nil})
		c.do("Sales", "createMany", M{"data": L{M{"amount": "1.10", "rating": 1.0, "status": "a", "units": int64(1) << 40}, M{"amount": "2.20", "rating": 2.0, "status": "a", "units": int64(1) << 40}}})
		s = c.do("Sales", "aggregate", M{"_sum": M{"units": true}, "_avg": M{"amount": true}}).(M)
		eq(t, "sum bigint", s["_sum"], M{"units": int64(1) << 41})
		if d := decimalString(s["_avg"].(M)["amount"]); len(d) < 4 || d[:4] != "1.65" {
			t.Errorf("avg decimal: %#v", s["_avg"])
		}
	})
}

func TestRelationOrderAndUpsert(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		for _, e := range []string{"b@x.io", "a@x.io", "c@x.io"} {
			c.do("User", "create", M{"data": M{"email": e}})
		}
		for i, e := range []string{"b@x.io", "a@x.io", "c@x.io", "a@x.io"} {
			c.do("Post", "create", M{"data": M{"title": "p" + itoa(i), "author": M{"connect": M{"email": e}}}})
		}
		posts := c.rows("Post", "findMany", M{"orderBy": L{M{"author": M{"email": "asc"}}, M{"title": "desc"}}})
		eq(t, "order by to-one", field(posts, "title"), L{"p3", "p1", "p0", "p2"})
		users := c.rows("User", "findMany", M{"orderBy": M{"posts": M{"_count": "desc"}}, "take": int64(1)})
		eq(t, "order by _count", emails(users), L{"a@x.io"})

		// Nested upsert on a to-many relation: update when linked, else create.
		c.do("User", "update", M{"where": M{"email": "a@x.io"}, "data": M{"posts": M{"upsert": L{
			M{"where": M{"title": "p1"}, "create": M{"title": "nope"}, "update": M{"views": int64(9)}},
			M{"where": M{"title": "p9"}, "create": M{"title": "p9"}, "update": M{"views": int64(9)}},
		}}}})
		got := c.rows("Post", "findMany", M{"where": M{"author": M{"email": "a@x.io"}}, "orderBy": M{"title": "asc"}, "select": M{"title": true, "views": true}})
		eq(t, "nested upsert", got, []map[string]any{{"title": "p1", "views": int64(9)}, {"title": "p3", "views": int64(0)}, {"title": "p9", "views": int64(0)}})
	})
}
