package query

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
)

// TestReadPlanIsPureAndReusable plans a read with a cursor, nested
// relations, nested paging and a relation count once, checks that planning
// ran no statement, then runs the same plan twice: both runs return the
// same rows and the plan prints the same before and after (the executor
// binds parent keys and cursor values into copies, never into the plan).
func TestReadPlanIsPureAndReusable(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		u := c.row("User", "create", M{"data": M{"email": "p@x.io", "posts": M{"create": L{
			M{"id": "p1", "title": "a", "published": true, "tags": M{"create": L{M{"name": "t1"}}}},
			M{"id": "p2", "title": "b", "published": true},
			M{"id": "p3", "title": "c", "published": false},
		}}}})
		c.row("User", "create", M{"data": M{"email": "q@x.io"}})
		argv := M{
			"where":   M{"email": M{"in": L{"p@x.io", "q@x.io"}}},
			"cursor":  M{"id": u["id"]},
			"orderBy": M{"email": "asc"},
			"include": M{
				"posts":  M{"where": M{"published": true}, "orderBy": M{"title": "desc"}, "take": int64(1), "include": M{"tags": true}},
				"_count": M{"select": M{"posts": true}},
			},
		}
		rec := &recorder{}
		res, err := execute(context.Background(), c.sch, rec, "User", "findMany", argv, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.lines) != 0 {
			t.Fatalf("planning ran statements: %v", rec.lines)
		}
		d, _ := dialect.For(c.sch.Datasource.Provider)
		p := res.(*plan.Read)
		before := p.String(d)

		x := &exec{ctx: context.Background(), sch: c.sch, d: d, db: c.db, q: c.db}
		first, err := x.runRead(p)
		if err != nil {
			t.Fatal(err)
		}
		second, err := x.runRead(p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "two runs", listOf(second), listOf(first))
		eq(t, "plan unchanged", p.String(d), before)
		eq(t, "users", len(first), 2)
		posts := first[0]["posts"].([]any)
		eq(t, "one post, the last title", posts[0].(map[string]any)["id"], "p2")
		eq(t, "count", first[0]["_count"], map[string]any{"posts": int64(3)})
	})
}
