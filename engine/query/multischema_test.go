package query

import (
	"context"
	"os"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Every statement names its table with its schema: the connection's
// search_path is public, which holds none of these tables, so an
// unqualified name fails with "relation does not exist".
func TestMultiSchemaQueries(t *testing.T) {
	if os.Getenv("CASPIAN_TEST_POSTGRES_URL") == "" {
		t.Skip("CASPIAN_TEST_POSTGRES_URL not set")
	}
	sch, db := freshDBFor(t, schema.PostgreSQL, loadSchemaFile(t, "testdata/multischema.prisma", schema.PostgreSQL))
	c := &client{t: t, sch: sch, db: db}

	// A nested create across the two schemas, through the m-n table too.
	u := c.row("User", "create", M{"data": M{"email": "a@x.io", "role": "ADMIN",
		"posts":  M{"create": []any{M{"title": "one"}, M{"title": "two", "status": "PUBLISHED"}}},
		"groups": M{"create": []any{M{"name": "staff"}}},
	}, "include": M{"posts": M{"orderBy": M{"id": "asc"}}, "groups": true}})
	if u["role"] != "ADMIN" || len(u["posts"].([]any)) != 2 || len(u["groups"].([]any)) != 1 {
		t.Fatalf("nested create: %v", u)
	}
	uid := u["id"]
	c.do("User", "create", M{"data": M{"email": "b@x.io", "groups": M{"connect": []any{M{"id": u["groups"].([]any)[0].(map[string]any)["id"]}}}}})

	// Relation filters both ways, across schemas and through the m-n table.
	eq(t, "users with a published post", len(c.rows("User", "findMany", M{"where": M{"posts": M{"some": M{"status": "PUBLISHED"}}}})), 1)
	eq(t, "posts of admins", len(c.rows("Post", "findMany", M{"where": M{"author": M{"is": M{"role": "ADMIN"}}}})), 2)
	eq(t, "users in staff", len(c.rows("User", "findMany", M{"where": M{"groups": M{"some": M{"name": "staff"}}}})), 2)
	g := c.row("Group", "findFirst", M{"include": M{"users": M{"orderBy": M{"email": "asc"}}, "_count": M{"select": M{"users": true}}}})
	if len(g["users"].([]any)) != 2 || g["_count"].(map[string]any)["users"] != int64(2) {
		t.Fatalf("group with users: %v", g)
	}
	p := c.row("Post", "findFirst", M{"where": M{"title": "two"}, "include": M{"author": true}})
	if p["author"].(map[string]any)["email"] != "a@x.io" || p["status"] != "PUBLISHED" {
		t.Fatalf("post with author: %v", p)
	}

	// Writes, enum values bound to the other schema's types, aggregates.
	c.do("Post", "updateMany", M{"where": M{"authorId": uid}, "data": M{"status": "DRAFT"}})
	eq(t, "drafts", c.do("Post", "count", M{"where": M{"status": "DRAFT"}}), int64(2))
	c.do("User", "upsert", M{"where": M{"email": "c@x.io"}, "create": M{"email": "c@x.io"}, "update": M{}})
	c.do("User", "update", M{"where": M{"email": "c@x.io"}, "data": M{"role": "ADMIN", "groups": M{"set": []any{}}}})
	eq(t, "admins", len(c.rows("User", "findMany", M{"where": M{"role": "ADMIN"}})), 2)
	agg := c.row("Post", "aggregate", M{"_count": M{"_all": true}, "_max": M{"id": true}})
	if agg["_count"].(map[string]any)["_all"] != int64(2) {
		t.Fatalf("aggregate: %v", agg)
	}
	eq(t, "group by role", len(c.rows("User", "groupBy", M{"by": []any{"role"}})), 2)

	// Deleting the user cascades to its posts in the other schema.
	c.do("User", "update", M{"where": M{"id": uid}, "data": M{"groups": M{"disconnect": []any{M{"name": "staff"}}}}})
	c.do("User", "delete", M{"where": M{"id": uid}})
	eq(t, "posts after the cascade", c.do("Post", "count", nil), int64(0))
	eq(t, "deleteMany", c.do("User", "deleteMany", nil), M{"count": int64(2)})
	_ = context.Background()
}

// Two tables named "users" in two schemas: each model reaches its own, and
// a relation filter between the schemas tells them apart.
func TestMultiSchemaSameTableName(t *testing.T) {
	if os.Getenv("CASPIAN_TEST_POSTGRES_URL") == "" {
		t.Skip("CASPIAN_TEST_POSTGRES_URL not set")
	}
	sch, db := freshDBFor(t, schema.PostgreSQL, loadSchemaFile(t, "testdata/multischema_same_table.prisma", schema.PostgreSQL))
	c := &client{t: t, sch: sch, db: db}
	u := c.row("User", "create", M{"data": M{"email": "base@x.io", "role": "USER",
		"events": M{"create": []any{M{"id": int64(7)}}}}})
	c.do("AuditUser", "create", M{"data": M{"id": int64(1), "email": "audit@x.io", "role": "ADMIN"}})
	eq(t, "base users", len(c.rows("User", "findMany", nil)), 1)
	eq(t, "audit users", c.row("AuditUser", "findFirst", nil)["email"], "audit@x.io")
	eq(t, "users with events", c.rows("User", "findMany", M{"where": M{"events": M{"some": M{"id": int64(7)}}}})[0]["id"], u["id"])
	ev := c.row("Event", "findFirst", M{"where": M{"user": M{"is": M{"email": "base@x.io"}}}, "include": M{"user": true}})
	eq(t, "event's user", ev["user"].(map[string]any)["email"], "base@x.io")
}
