package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// describeCols is a query.describe reply's columns as "name:type:null|notnull".
func describeCols(res any) string {
	var out []string
	for _, c := range res.(map[string]any)["columns"].([]any) {
		m := c.(map[string]any)
		null := "notnull"
		if m["nullable"].(bool) {
			null = "null"
		}
		out = append(out, fmt.Sprintf("%s:%s:%s", m["name"], m["type"], null))
	}
	return strings.Join(out, " ")
}

func describeParams(res any) string {
	var out []string
	for _, p := range res.(map[string]any)["params"].([]any) {
		out = append(out, p.(map[string]any)["type"].(string))
	}
	return strings.Join(out, " ")
}

func TestDescribe(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		q := tg.quote
		ph := func(n int) string {
			if tg.name == "postgresql" {
				return fmt.Sprintf("$%d", n)
			}
			return "?"
		}
		sql := "SELECT " + q("id") + ", " + q("email") + ", " + q("name") + " FROM " + q("User") + " WHERE " + q("id") + " > " + ph(1)
		res := call(t, e, "query.describe", map[string]any{"sql": sql})
		if got, want := describeCols(res), "id:Int:notnull email:String:notnull name:String:null"; got != want {
			t.Errorf("columns = %s, want %s", got, want)
		}
		// PostgreSQL types parameters; MySQL and SQLite do not.
		wantParam := map[string]string{"postgresql": "Int"}[tg.name]
		if wantParam == "" {
			wantParam = "Unknown"
		}
		if got := describeParams(res); got != wantParam {
			t.Errorf("params = %q, want %q", got, wantParam)
		}

		// A NOT NULL column read through an outer join may be NULL.
		sql = "SELECT u." + q("email") + ", p." + q("title") + " FROM " + q("User") + " u LEFT JOIN " + q("Post") +
			" p ON p." + q("authorId") + " = u." + q("id")
		if got, want := describeCols(call(t, e, "query.describe", map[string]any{"sql": sql})), "email:String:"; !strings.HasPrefix(got, want) ||
			!strings.Contains(got, "title:String:null") {
			t.Errorf("outer join columns = %s", got)
		}

		// A write is described (no columns) and not run.
		call(t, e, "query.raw", placeholders(tg, tg.insertUser("a@x")))
		sql = "UPDATE " + q("User") + " SET " + q("name") + " = " + ph(1) + " WHERE " + q("id") + " = " + ph(2)
		res = call(t, e, "query.describe", map[string]any{"sql": sql})
		if cols := res.(map[string]any)["columns"].([]any); len(cols) != 0 {
			t.Errorf("UPDATE columns = %v", cols)
		}
		if n := len(res.(map[string]any)["params"].([]any)); n != 2 {
			t.Errorf("UPDATE params = %d, want 2", n)
		}
		rows := rawRows(call(t, e, "query.raw", map[string]any{"sql": "SELECT " + q("name") + " FROM " + q("User")}))
		if len(rows) != 1 || rows[0]["name"] != nil {
			t.Errorf("describe ran the UPDATE: %v", rows)
		}

		// A statement the database rejects is P2010 with its message.
		pe := fail(t, e, context.Background(), "query.describe", map[string]any{"sql": "SELECT nope FROM " + q("Missing")})
		if pe.Code != perr.RawQuery || !strings.Contains(pe.Message, "Missing") {
			t.Errorf("bad statement: %+v", pe)
		}
	})
}
