package query

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

type M = map[string]any
type L = []any

func codeOf(err error) string {
	if pe, ok := err.(*perr.Error); ok {
		return pe.Code
	}
	return "not a perr: " + err.Error()
}

func field(rows []map[string]any, name string) []any {
	var out []any
	for _, r := range rows {
		out = append(out, r[name])
	}
	return out
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

func keys(r map[string]any) []string {
	var out []string
	for k := range r {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestPageSnippets runs the operations of the documentation page.
func TestPageSnippets(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		user := c.row("User", "create", M{"data": M{"email": "alice@example.com", "name": "Alice"}})
		id, _ := user["id"].(string)
		if len(id) != 25 || id[0] != 'c' {
			t.Errorf("cuid id: %q", id)
		}
		eq(t, "loginCount default", user["loginCount"], int64(0))
		eq(t, "role default", user["role"], "USER")
		if _, ok := user["createdAt"].(time.Time); !ok {
			t.Errorf("createdAt: %#v", user["createdAt"])
		}
		c.do("UserRole", "create", M{"data": M{"name": "admin", "userId": id}})
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, title := range []string{"Caspian intro", "Other", "More Caspian", "Draft Caspian"} {
			c.do("Post", "create", M{"data": M{"title": title, "published": i != 3, "authorId": id,
				"createdAt": base.Add(time.Duration(i) * time.Hour)}})
		}
		posts := c.rows("Post", "findMany", M{"where": M{"published": true, "title": M{"contains": "Caspian"}}, "orderBy": M{"createdAt": "desc"}})
		eq(t, "posts", field(posts, "title"), L{"More Caspian", "Caspian intro"})

		u := c.row("User", "findUnique", M{"where": M{"email": "alice@example.com"}, "include": M{"userRole": true}})
		if r, ok := u["userRole"].(map[string]any); !ok || r["name"] != "admin" || u["email"] != "alice@example.com" {
			t.Errorf("include: %#v", u)
		}
		u = c.row("User", "findUnique", M{"where": M{"email": "alice@example.com"}, "select": M{"id": true, "name": true}})
		eq(t, "select keys", keys(u), []string{"id", "name"})
		u = c.row("User", "findUnique", M{"where": M{"email": "alice@example.com"}, "select": M{"id": true, "name": true}, "include": M{"userRole": true}})
		eq(t, "select+include keys", keys(u), []string{"id", "name", "userRole"})

		u = c.row("User", "update", M{"where": M{"id": id}, "data": M{"name": "New Name", "loginCount": M{"increment": int64(1)}}})
		eq(t, "update name", u["name"], "New Name")
		eq(t, "increment", u["loginCount"], int64(1))
		if !u["updatedAt"].(time.Time).After(user["updatedAt"].(time.Time).Add(-time.Millisecond)) {
			t.Errorf("updatedAt not refreshed")
		}

		yesterday := time.Now().Add(-24 * time.Hour)
		c.do("Log", "create", M{"data": M{"action": "old", "createdAt": yesterday.Add(-time.Hour)}})
		c.do("Log", "create", M{"data": M{"action": "new", "userId": id}})
		eq(t, "delete_many lt", c.do("Log", "deleteMany", M{"where": M{"createdAt": M{"lt": yesterday}}}), M{"count": int64(1)})

		for _, s := range []M{{"amount": "10.50", "rating": 4.0, "status": "completed"}, {"amount": abi.Decimal("2.25"), "rating": int64(5), "status": "completed"}, {"amount": "99", "rating": 1.0, "status": "pending"}} {
			c.do("Sales", "create", M{"data": s})
		}
		stats := c.do("Sales", "aggregate", M{"_sum": M{"amount": true}, "_avg": M{"rating": true}, "where": M{"status": "completed"}}).(M)
		eq(t, "sum amount", decimalString(stats["_sum"].(M)["amount"]), "12.75")
		eq(t, "avg rating", stats["_avg"].(M)["rating"], 4.5)
		eq(t, "count", c.do("User", "count", nil), int64(1))

		c.do("User", "delete", M{"where": M{"id": id}})
		eq(t, "count after delete", c.do("User", "count", nil), int64(0))
		_, err := c.try("User", "delete", M{"where": M{"id": id}})
		if err == nil || codeOf(err) != perr.RecordNotFound {
			t.Errorf("delete missing: %v", err)
		}
	})
}

// decimalString normalises a Decimal result for comparison ("12.750" -> "12.75").
func decimalString(v any) string {
	d, ok := v.(abi.Decimal)
	if !ok {
		return "not a Decimal"
	}
	s := string(d)
	for len(s) > 1 && s[len(s)-1] == '0' && containsDot(s) {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

func containsDot(s string) bool {
	for _, c := range s {
		if c == '.' {
			return true
		}
	}
	return false
}
