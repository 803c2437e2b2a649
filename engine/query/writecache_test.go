package query

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// planned runs a request with the schema's cache emptied first, so that
// it is planned (and its shape kept again for the next cached call).
func (c *client) planned(model, action string, argv map[string]any) (any, error) {
	planCaches.Delete(c.sch)
	return c.try(model, action, argv)
}

// stable is a row without the values a write makes as it runs.
func stable(r any) any {
	m, ok := r.(map[string]any)
	if !ok {
		return r
	}
	out := map[string]any{}
	for k, v := range m {
		switch k {
		case "id", "createdAt", "updatedAt", "email": // email: each create has its own
		default:
			out[k] = v
		}
	}
	return out
}

// sameAnswer runs argv from the cache and planned, and fails unless both
// answer alike (rows without generated values; errors whole: code,
// message, meta with the argument path). mk makes the request anew
// for each run (a create needs its own unique values).
func sameAnswer(t *testing.T, c *client, model, action string, mk func(run int) map[string]any) (cached, planned any) {
	t.Helper()
	before := planCacheHits.Load()
	got, gerr := c.try(model, action, mk(0))
	hit := planCacheHits.Load() > before
	want, werr := c.planned(model, action, mk(1))
	if !reflect.DeepEqual(gerr, werr) {
		t.Fatalf("%s.%s: cached error %#v, planned %#v", model, action, gerr, werr)
	}
	if !reflect.DeepEqual(stable(got), stable(want)) {
		t.Fatalf("%s.%s: cached %v, planned %v", model, action, got, want)
	}
	if gerr == nil && !hit {
		t.Fatalf("%s.%s was not answered from the cache", model, action)
	}
	return got, want
}

// TestWriteCache: creates, updates and deletes of one shape are answered
// from the cache with their own values, as planning answers them, on
// every provider; values planning refuses are refused with the same
// error and path.
func TestWriteCache(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		n := 0
		user := func(extra map[string]any) func(int) map[string]any {
			return func(int) map[string]any {
				n++
				data := map[string]any{"email": "u" + string(rune('a'+n)) + "@x", "name": "n", "role": "ADMIN"}
				for k, v := range extra {
					data[k] = v
				}
				return map[string]any{"data": data}
			}
		}
		c.do("User", "create", user(nil)(0)) // keeps the shape
		for i := 0; i < 3; i++ {
			email := "u" + string(rune('a'+n+1)) + "@x"
			got, _ := sameAnswer(t, c, "User", "create", user(nil))
			if r := got.(map[string]any); r["email"] != email || r["role"] != "ADMIN" || r["loginCount"] != int64(0) {
				t.Fatalf("created %v", got)
			}
		}
		// A DateTime given as a string, coerced to a time as planning does.
		created := func(ts string) func(int) map[string]any {
			return func(run int) map[string]any { return user(map[string]any{"createdAt": ts})(run) }
		}
		c.do("User", "create", created("2024-01-02T03:04:05Z")(0))
		got, _ := sameAnswer(t, c, "User", "create", created("2025-06-07T08:09:10.5Z"))
		if ts, _ := got.(map[string]any)["createdAt"].(time.Time); !ts.Equal(time.Date(2025, 6, 7, 8, 9, 10, 5e8, time.UTC)) {
			t.Errorf("createdAt from the cache: %v", got.(map[string]any)["createdAt"])
		}
		// Refused by the checks a hit repeats: the same error, same path.
		sameAnswer(t, c, "User", "create", user(map[string]any{"role": "OWNER"}))
		c.do("User", "create", user(map[string]any{"loginCount": int64(3)})(0))
		sameAnswer(t, c, "User", "create", user(map[string]any{"loginCount": int64(1) << 40}))
		sameAnswer(t, c, "User", "create", created("not a time"))
		// A unique violation from the database, named the same.
		dup := func(int) map[string]any {
			return map[string]any{"data": map[string]any{"email": "ua@x", "name": "x", "role": "USER"}}
		}
		c.try("User", "create", dup(0))
		sameAnswer(t, c, "User", "create", dup)

		// Update by id: a value and a {set: v} (increments: EqualValues).
		u := c.row("User", "create", map[string]any{"data": map[string]any{"email": "up@x"}})
		upd := func(name string, n int64) func(int) map[string]any {
			return func(int) map[string]any {
				return map[string]any{"where": map[string]any{"id": u["id"]},
					"data": map[string]any{"name": name, "loginCount": map[string]any{"set": n}}}
			}
		}
		c.do("User", "update", upd("a", 1)(0))
		a, b := sameAnswer(t, c, "User", "update", upd("b", 5))
		if a.(map[string]any)["loginCount"] != int64(5) || b.(map[string]any)["name"] != "b" {
			t.Fatalf("updates: %v then %v", a, b)
		}
		if r := c.row("User", "findUnique", map[string]any{"where": map[string]any{"id": u["id"]}}); r["loginCount"] != int64(5) || r["name"] != "b" {
			t.Errorf("after the updates: %v", r)
		}
		sameAnswer(t, c, "User", "update", upd("c", int64(1)<<40))
		missingID := func(int) map[string]any {
			return map[string]any{"where": map[string]any{"id": "none"}, "data": map[string]any{"name": "z", "loginCount": map[string]any{"increment": int64(1)}}}
		}
		sameAnswer(t, c, "User", "update", missingID)

		// Update by a unique email with a selection; delete by id.
		byEmail := func(name string) func(int) map[string]any {
			return func(int) map[string]any {
				return map[string]any{"where": map[string]any{"email": "up@x"}, "data": map[string]any{"name": name},
					"select": map[string]any{"name": true, "email": true}}
			}
		}
		c.do("User", "update", byEmail("d")(0))
		if got, _ := sameAnswer(t, c, "User", "update", byEmail("e")); !reflect.DeepEqual(got, map[string]any{"name": "e", "email": "up@x"}) {
			t.Errorf("update with select: %v", got)
		}
		// A selection spelled in the shape: relations read back (kept as
		// planned, bound to the new key), fields left out.
		for _, sel := range []map[string]any{
			{"include": map[string]any{"posts": true}},
			{"omit": map[string]any{"name": true, "createdAt": true}},
		} {
			mk := func(int) map[string]any {
				a := user(nil)(0)
				for k, v := range sel {
					a[k] = v
				}
				return a
			}
			c.do("User", "create", mk(0))
			got, _ := sameAnswer(t, c, "User", "create", mk)
			_, hasPosts := got.(map[string]any)["posts"]
			_, hasName := got.(map[string]any)["name"]
			if hasPosts != (sel["include"] != nil) || hasName == (sel["omit"] != nil) {
				t.Errorf("create with %v: %v", sel, got)
			}
		}
		ids := []any{}
		for i := 0; i < 3; i++ {
			ids = append(ids, c.row("Tag", "create", map[string]any{"data": map[string]any{"name": "t" + string(rune('a'+i))}})["id"])
		}
		del := func(id any) func(int) map[string]any {
			return func(int) map[string]any { return map[string]any{"where": map[string]any{"id": id}} }
		}
		c.do("Tag", "delete", del(ids[0])(0))
		before := planCacheHits.Load()
		if r := c.row("Tag", "delete", del(ids[1])(0)); r["name"] != "tb" || planCacheHits.Load() == before {
			t.Errorf("delete from the cache: %v", r)
		}
		sameAnswer(t, c, "Tag", "delete", del(int64(999999)))
		if left := c.rows("Tag", "findMany", nil); len(left) != 1 || left[0]["id"] != ids[2] {
			t.Errorf("tags left: %v", left)
		}
	})
}

// TestWriteCacheSlots: two creates from one kept plan get their own id
// and clock; the autoincrement key MySQL reads back is each row's own.
func TestWriteCacheSlots(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		u := c.row("User", "create", map[string]any{"data": map[string]any{"email": "a@x"}})
		post := func(title string) map[string]any {
			return c.row("Post", "create", map[string]any{"data": map[string]any{"title": title, "authorId": u["id"]}})
		}
		post("keep")
		before := planCacheHits.Load()
		p1 := post("one")
		time.Sleep(5 * time.Millisecond) // so the two clocks differ at millisecond precision
		p2 := post("two")
		if planCacheHits.Load()-before != 2 {
			t.Fatalf("%d cache hits in 2 creates of a kept shape", planCacheHits.Load()-before)
		}
		if p1["id"] == p2["id"] || p1["createdAt"] == p2["createdAt"] {
			t.Errorf("two creates from one plan share generated values: %v, %v", p1, p2)
		}
		for _, p := range []map[string]any{p1, p2} {
			r := c.row("Post", "findUnique", map[string]any{"where": map[string]any{"id": p["id"]}})
			if !reflect.DeepEqual(r, p) {
				t.Errorf("read back %v, created %v", r, p)
			}
		}
		// A key given in the data: on MySQL it is also the read-back's
		// where (a read kept as planned), so the shape is marked to be
		// planned each time; elsewhere it is kept.
		before = planCacheHits.Load()
		for _, id := range []string{"k1", "k2", "k3"} {
			if p := c.row("Post", "create", map[string]any{"data": map[string]any{"id": id, "title": id, "authorId": u["id"]}}); p["id"] != id || p["title"] != id {
				t.Errorf("create with key %s: %v", id, p)
			}
		}
		hits, marked := planCacheHits.Load()-before, 0
		cacheOf(c.sch).plans.Range(func(_, e any) bool {
			if _, ok := e.(plannedWrite); ok {
				marked++
			}
			return true
		})
		if mysql := c.sch.Datasource.Provider == "mysql"; (mysql && (hits != 0 || marked != 1)) || (!mysql && (hits != 2 || marked != 0)) {
			t.Errorf("creates with a key on %s: %d hits, %d shapes marked planned", c.sch.Datasource.Provider, hits, marked)
		}
		c.do("Tag", "create", map[string]any{"data": map[string]any{"name": "x"}})
		t1 := c.row("Tag", "create", map[string]any{"data": map[string]any{"name": "y"}})
		t2 := c.row("Tag", "create", map[string]any{"data": map[string]any{"name": "z"}})
		if t1["id"] == t2["id"] || t1["name"] != "y" || t2["name"] != "z" {
			t.Errorf("autoincrement keys: %v, %v", t1, t2)
		}
	})
}

// A value equal to one the planner binds itself (the read-back's LIMIT 1
// on MySQL) is told apart from it, and an increment bound twice (SQLite's
// overflow guard) is bound at both places.
func TestWriteCacheEqualValues(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		u := c.row("User", "create", map[string]any{"data": map[string]any{"email": "a@x"}})
		inc := func(by int64) map[string]any {
			return c.row("User", "update", map[string]any{"where": map[string]any{"email": "a@x"},
				"data": map[string]any{"loginCount": map[string]any{"increment": by}}})
		}
		total, before := int64(0), planCacheHits.Load()
		for _, by := range []int64{1, 1, 7, 1, 30} {
			total += by
			if r := inc(by); r["loginCount"] != total || r["id"] != u["id"] {
				t.Fatalf("after +%d: %v, want loginCount %d", by, r, total)
			}
		}
		if hits := planCacheHits.Load() - before; hits != 4 {
			t.Errorf("%d cache hits in 5 updates of one shape, want 4", hits)
		}
	})
}

// Requests running at once share a kept plan: each gets its own values
// bound (run with -race, nothing is written to the kept plan).
func TestWriteCacheConcurrent(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		c.do("Tag", "create", map[string]any{"data": map[string]any{"name": "keep"}})
		errs := make(chan error, 8)
		for g := 0; g < 8; g++ {
			go func(g int) {
				for i := 0; i < 10; i++ {
					name := "g" + string(rune('a'+g)) + string(rune('a'+i))
					r, err := c.try("Tag", "create", map[string]any{"data": map[string]any{"name": name}})
					if err == nil && r.(map[string]any)["name"] != name {
						err = fmt.Errorf("created %s, answered %v", name, r)
					}
					if err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}(g)
		}
		for g := 0; g < 8; g++ {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if n := len(c.rows("Tag", "findMany", nil)); n != 81 {
			t.Errorf("%d tags, want 81", n)
		}
	})
}
