package query

import (
	"context"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/schema"
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

		x := &exec.Runner{Ctx: context.Background(), Sch: c.sch, D: d, DB: c.db, Q: c.db}
		first, err := x.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		second, err := x.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "two runs", exec.ListOf(second), exec.ListOf(first))
		eq(t, "plan unchanged", p.String(d), before)
		eq(t, "users", len(first), 2)
		posts := first[0]["posts"].([]any)
		eq(t, "one post, the last title", posts[0].(map[string]any)["id"], "p2")
		eq(t, "count", first[0]["_count"], map[string]any{"posts": int64(3)})
	})
}

// TestWritePlanIsPureAndReusable plans writes with generated values once,
// checks that planning ran no statement and that the plans show Slots, not
// values, then runs each plan twice: every run makes its own ids (each row
// of a createMany its own), a created row is read back by the id its INSERT
// wrote, an update finds its row by the key an earlier step read, and the
// plans print the same afterwards.
func TestWritePlanIsPureAndReusable(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		d, _ := dialect.For(c.sch.Datasource.Provider)
		planOf := func(model, action string, argv M) *plan.Write {
			t.Helper()
			rec := &recorder{}
			res, err := execute(context.Background(), c.sch, rec, model, action, argv, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.lines) != 0 {
				t.Fatalf("planning %s ran statements: %v", action, rec.lines)
			}
			return res.(*plan.Write)
		}
		x := &exec.Runner{Ctx: context.Background(), Sch: c.sch, D: d, DB: c.db, Q: c.db}
		runTwice := func(w *plan.Write) []any {
			t.Helper()
			before := w.String(d)
			var out []any
			for range 2 {
				res, err := x.Write(w)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, res)
			}
			eq(t, "plan unchanged", w.String(d), before)
			return out
		}

		u := c.row("User", "create", M{"data": M{"email": "p@x.io"}})
		many := planOf("Post", "createMany", M{"data": L{M{"title": "a", "authorId": u["id"]}, M{"title": "b", "authorId": u["id"]}, M{"title": "c", "authorId": u["id"]}}})
		if s := many.String(d); !strings.Contains(s, "$cuid()[Post.id]") || !strings.Contains(s, "$now()") {
			t.Fatalf("createMany plan shows no slots:\n%s", s)
		}
		eq(t, "createMany counts", runTwice(many), []any{M{"count": int64(3)}, M{"count": int64(3)}})
		ids := map[any]bool{}
		for _, p := range c.rows("Post", "findMany", nil) {
			ids[p["id"]] = true
		}
		eq(t, "six posts, six ids", len(ids), 6)

		// Reading a relation back makes every provider insert, bind the new
		// key and read the row back by it.
		logs := runTwice(planOf("Log", "create", M{"data": M{"action": "x", "userId": u["id"]}, "include": M{"user": true}}))
		l0, l1 := logs[0].(map[string]any), logs[1].(map[string]any)
		if l0["id"] == l1["id"] {
			t.Fatalf("two creates read back one row: %v", logs)
		}
		eq(t, "log read back with its user", l1["user"].(map[string]any)["email"], "p@x.io")

		post := c.rows("Post", "findMany", M{"take": int64(1)})[0]
		upd := runTwice(planOf("Post", "update", M{"where": M{"id": post["id"]}, "data": M{"views": M{"increment": int64(1)}}, "include": M{"author": true}}))
		eq(t, "views after two runs", upd[1].(map[string]any)["views"], int64(2))

		// One upsert plan creates the row, then finds and updates it.
		up := runTwice(planOf("Tag", "upsert", M{"where": M{"name": "u"}, "create": M{"name": "u"}, "update": M{"name": "u"}, "include": M{"posts": true}}))
		if up[0].(map[string]any)["id"] != up[1].(map[string]any)["id"] {
			t.Fatalf("the second upsert did not find the row the first made: %v", up)
		}
		eq(t, "one tag", c.do("Tag", "count", M{"where": M{"name": "u"}}), int64(1))

		// A nested write's plan: connectOrCreate creates the tag on the
		// first run and finds it on the second; connect fails the run
		// whose row is missing.
		nested := planOf("Post", "create", M{"data": M{"title": "n", "author": M{"connect": M{"email": "p@x.io"}},
			"tags": M{"connectOrCreate": L{M{"where": M{"name": "nt"}, "create": M{"name": "nt"}}}}}, "include": M{"tags": true}})
		if s := nested.String(d); !strings.Contains(s, "-- if statement") || !strings.Contains(s, "$ref(Tag.id)") {
			t.Fatalf("nested plan shows no branch or refs:\n%s", s)
		}
		made := runTwice(nested)
		for _, r := range made {
			eq(t, "post's tags", len(r.(map[string]any)["tags"].([]any)), 1)
		}
		eq(t, "one tag made by two runs", c.do("Tag", "count", M{"where": M{"name": "nt"}}), int64(1))
		lost := planOf("Post", "create", M{"data": M{"title": "l", "author": M{"connect": M{"email": "gone@x.io"}}}})
		if _, err := x.Write(lost); err == nil || !strings.Contains(err.Error(), "No 'User' record was found for a nested connect") {
			t.Fatalf("connect to a missing row: %v", err)
		}

		tag := c.row("Tag", "create", M{"data": M{"name": "t"}})
		del := planOf("Tag", "delete", M{"where": M{"id": tag["id"]}, "include": M{"posts": true}})
		res, err := x.Write(del)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "deleted row", res.(map[string]any)["name"], "t")
		if _, err := x.Write(del); err == nil || !strings.Contains(err.Error(), "Record to delete does not exist.") {
			t.Fatalf("second delete: %v", err)
		}
	})
}

// TestCreateReadsBackADatabaseKey creates rows whose key the database
// generates: where there is no RETURNING (MySQL) the planned create finds
// the new key by the unique value it wrote and reads the row back by it.
func TestCreateReadsBackADatabaseKey(t *testing.T) {
	gen := map[string]string{
		"sqlite":     `@default(dbgenerated("(lower(hex(randomblob(16))))"))`,
		"postgresql": `@default(dbgenerated("(gen_random_uuid())::text"))`,
		"mysql":      `@default(dbgenerated("(uuid())")) @db.VarChar(36)`,
	}
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, err := schema.Parse(`datasource db {
  provider = "`+p+`"
}

model Device {
  id     String @id `+gen[p]+`
  serial String @unique
  label  String?
}
`, "schema.prisma")
			if err != nil {
				t.Fatal(err)
			}
			_, db := freshDBFor(t, p, sch)
			c := &client{t: t, sch: sch, db: db}
			a := c.row("Device", "create", M{"data": M{"serial": "s1", "label": "first"}})
			b := c.row("Device", "create", M{"data": M{"serial": "s2"}})
			if a["id"] == "" || a["id"] == nil || a["id"] == b["id"] {
				t.Fatalf("keys: %v %v", a["id"], b["id"])
			}
			eq(t, "read back", a["label"], "first")
			eq(t, "found by key", c.row("Device", "findUnique", M{"where": M{"id": a["id"]}})["serial"], "s1")
		})
	}
}

// TestLimitedWritesTakeTheFirstKeys: with `limit` the rows written are the
// first matching ones in key order, updateManyAndReturn answers the rows it
// changed (with their relations) even when the update takes them out of
// its filter, and no match writes and answers nothing.
func TestLimitedWritesTakeTheFirstKeys(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		u := c.row("User", "create", M{"data": M{"email": "k@x.io"}})
		for _, id := range []string{"p3", "p1", "p4", "p2"} {
			c.do("Post", "create", M{"data": M{"id": id, "title": id, "authorId": u["id"]}})
		}
		got := c.rows("Post", "updateManyAndReturn", M{"where": M{"published": false}, "data": M{"published": true},
			"limit": int64(2), "include": M{"author": true}})
		ids := []any{}
		for _, p := range got {
			ids = append(ids, p["id"])
			eq(t, "author read back", p["author"].(map[string]any)["email"], "k@x.io")
			eq(t, "updated", p["published"], true)
		}
		eq(t, "first two keys, in key order", ids, []any{"p1", "p2"})
		eq(t, "no match", c.do("Post", "updateManyAndReturn", M{"where": M{"title": "none"}, "data": M{"views": int64(1)}}), []any{})
		eq(t, "deleteMany limit", c.do("Post", "deleteMany", M{"where": M{"published": false}, "limit": int64(1)}), M{"count": int64(1)})
		left := []any{}
		for _, p := range c.rows("Post", "findMany", M{"orderBy": M{"id": "asc"}}) {
			left = append(left, p["id"])
		}
		eq(t, "p3 deleted (first unpublished key)", left, []any{"p1", "p2", "p4"})
		eq(t, "updateMany limit 0", c.do("Post", "updateMany", M{"data": M{"views": int64(5)}, "limit": int64(0)}), M{"count": int64(0)})
	})
}

// TestAggregatePlanIsPure plans an aggregate over a cursor's page with no
// statement run, then runs the plan twice: the cursor row is read each run,
// and the answers are what the request answers.
func TestAggregatePlanIsPure(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		c.row("User", "create", M{"data": M{"email": "a@x.io", "posts": M{"create": L{
			M{"id": "p1", "title": "a", "views": int64(5)}, M{"id": "p2", "title": "b", "views": int64(7)}, M{"id": "p3", "title": "c", "views": int64(9)},
		}}}})
		argv := func() M {
			return M{"cursor": M{"id": "p2"}, "orderBy": M{"views": "asc"}, "take": int64(5), "_sum": M{"views": true}, "_count": M{"_all": true}}
		}
		rec := &recorder{}
		res, err := execute(context.Background(), c.sch, rec, "Post", "aggregate", argv(), true)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.lines) != 0 {
			t.Fatalf("planning ran statements: %v", rec.lines)
		}
		p := res.(*plan.Aggregate)
		d, _ := dialect.For(c.sch.Datasource.Provider)
		if !strings.Contains(p.String(d), "$ref(Post.views)") {
			t.Fatalf("aggregate plan shows no cursor refs:\n%s", p.String(d))
		}
		x := &exec.Runner{Ctx: context.Background(), Sch: c.sch, D: d, DB: c.db, Q: c.db}
		want := M{"_count": M{"_all": int64(2)}, "_sum": M{"views": int64(16)}}
		for range 2 {
			got, err := x.Aggregate(p)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "planned aggregate", got, want)
		}
		eq(t, "the request", c.do("Post", "aggregate", argv()), want)
	})
}
