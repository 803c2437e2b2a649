package query

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestPlanCache: a find of a shape seen before is answered from the cache
// with its own values — the same rows as planning it, on every provider —
// and a value planning would refuse is refused the same way; values the
// Shape does not lift (a nested AND here) are planned every time.
func TestPlanCache(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		u := c.row("User", "create", map[string]any{"data": map[string]any{"email": "a@x", "role": "ADMIN"}})
		c.do("User", "create", map[string]any{"data": map[string]any{"email": "b@x"}})
		for i := int64(0); i < 12; i++ {
			c.do("Post", "create", map[string]any{"data": map[string]any{
				"title": "p" + string(rune('a'+i)), "views": i, "published": i%2 == 0, "authorId": u["id"]}})
		}
		lifted := func(min int64, pub bool) map[string]any {
			return map[string]any{"where": map[string]any{"published": pub, "views": map[string]any{"gte": min}},
				"orderBy": map[string]any{"views": "desc"}, "select": map[string]any{"title": true, "views": true}}
		}
		planned := func(min int64, pub bool) map[string]any {
			return map[string]any{"where": map[string]any{"AND": []any{map[string]any{"published": pub},
				map[string]any{"views": map[string]any{"gte": min}}}},
				"orderBy": map[string]any{"views": "desc"}, "select": map[string]any{"title": true, "views": true}}
		}
		before := planCacheHits.Load()
		for _, min := range []int64{3, 7, 0, 11, 5} {
			for _, pub := range []bool{true, false} {
				got := c.rows("Post", "findMany", lifted(min, pub))
				want := c.rows("Post", "findMany", planned(min, pub))
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("views >= %d, published %v: cached %v, planned %v", min, pub, got, want)
				}
			}
		}
		if hits := planCacheHits.Load() - before; hits < 8 {
			t.Errorf("%d cache hits in 10 finds of one shape", hits)
		}

		// findUnique by each key, OrThrow's P2025, an enum value.
		for _, email := range []string{"a@x", "b@x", "a@x"} {
			if r := c.row("User", "findUnique", map[string]any{"where": map[string]any{"email": email}}); r["email"] != email {
				t.Errorf("findUnique %s: %v", email, r)
			}
		}
		if _, err := c.try("User", "findUniqueOrThrow", map[string]any{"where": map[string]any{"email": "none@x"}}); err == nil ||
			!strings.Contains(err.Error(), "No record was found") {
			t.Errorf("findUniqueOrThrow of a missing row: %v", err)
		}
		for _, role := range []string{"ADMIN", "USER", "ADMIN"} {
			rs := c.rows("User", "findMany", map[string]any{"where": map[string]any{"role": role}})
			if len(rs) != 1 || rs[0]["role"] != role {
				t.Errorf("role %s: %v", role, rs)
			}
		}
		// Refused as planning refuses it, after the shape was cached.
		for _, tc := range []struct {
			args map[string]any
			msg  string
		}{
			{lifted(1<<40, true), "does not fit in 32 bits"},
			{map[string]any{"where": map[string]any{"role": "OWNER"}}, "is not a value of enum Role"},
		} {
			_, err := c.try("Post", "findMany", tc.args)
			if tc.args["where"].(map[string]any)["role"] != nil {
				_, err = c.try("User", "findMany", tc.args)
			}
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%v: %v, want %q", tc.args, err, tc.msg)
			}
		}
	})
}

// Values alike at fill time cannot tell their slots apart: such a shape is
// not kept from them, and a later request of it gets its own rows.
func TestPlanCacheAmbiguousValues(t *testing.T) {
	sch, db := freshDB(t, "sqlite")
	c := &client{t: t, sch: sch, db: db}
	u := c.row("User", "create", map[string]any{"data": map[string]any{"email": "a@x"}})
	for i := int64(0); i < 6; i++ {
		c.do("Post", "create", map[string]any{"data": map[string]any{"title": "t", "views": i, "authorId": u["id"]}})
	}
	find := func(lo, hi int64) int {
		return len(c.rows("Post", "findMany", map[string]any{"where": map[string]any{"views": map[string]any{"gte": lo, "lte": hi}}}))
	}
	if n := find(3, 3); n != 1 {
		t.Fatalf("3..3: %d rows", n)
	}
	if n := find(1, 4); n != 4 {
		t.Errorf("1..4 after 3..3: %d rows, want 4", n)
	}
	if n := find(4, 1); n != 0 {
		t.Errorf("4..1: %d rows, want 0 (slots swapped?)", n)
	}
	if n := find(0, 5); n != 6 {
		t.Errorf("0..5: %d rows, want 6", n)
	}
}

// A value the dialect refuses (a NaN on SQLite) is refused on a cache hit
// as planning refuses it, not bound into the kept statement.
func TestPlanCacheDialectChecks(t *testing.T) {
	sch, db := freshDB(t, "sqlite")
	c := &client{t: t, sch: sch, db: db}
	find := func(v float64) error {
		_, err := c.try("Sales", "findMany", map[string]any{"where": map[string]any{"rating": map[string]any{"gt": v}}})
		return err
	}
	for _, v := range []float64{1.5, 2.5} {
		if err := find(v); err != nil {
			t.Fatalf("rating > %v: %v", v, err)
		}
	}
	if err := find(math.NaN()); err == nil || !strings.Contains(err.Error(), "NaN cannot be stored in Float field `rating` on sqlite") {
		t.Errorf("rating > NaN after the shape was kept: %v", err)
	}
}
