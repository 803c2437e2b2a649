package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// TestTryInline: on SQLite a read is answered inline with what Handle
// answers, and a write in a transaction of its own; a request in an
// interactive transaction, a write while the writer is held, and a read or
// write running past the budget are handed back (Later) having changed
// nothing; a database server answers Never.
func TestTryInline(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		ctx := context.Background()
		find := map[string]any{"model": "User", "action": "findMany", "args": map[string]any{"where": map[string]any{"email": "a@x"}}}
		if tg.name != "sqlite" {
			call(t, e, "query.raw", placeholders(tg, tg.insertUser("a@x"))) // opens the pool
			if v, _, _ := e.TryInline(ctx, "query.execute", find); v != Never {
				t.Fatalf("%s: TryInline = %v, want Never", tg.name, v)
			}
			// A pool whose Begin does no I/O begins inline; the
			// transaction works as one begun the usual way.
			v, id, err := e.TryInline(ctx, "tx.begin", map[string]any{})
			if _, quick := e.pool.(driver.QuickBeginner); !quick {
				if v != Never {
					t.Fatalf("%s: tx.begin: %v, want Never", tg.name, v)
				}
				return
			}
			if v != Answered || err != nil {
				t.Fatalf("%s: tx.begin: %v, %v", tg.name, v, err)
			}
			create := map[string]any{"model": "User", "action": "create", "args": map[string]any{"data": map[string]any{"email": "in@tx"}}, "tx": id}
			call(t, e, "query.execute", create)
			call(t, e, "tx.rollback", map[string]any{"tx": id})
			if got := call(t, e, "query.execute", map[string]any{"model": "User", "action": "count", "args": map[string]any{}}); got != int64(1) {
				t.Fatalf("%s: %v users after the rolled-back transaction, want 1", tg.name, got)
			}
			return
		}
		// Room for the reads that must be answered inline on a loaded
		// machine; the slow statements below take 25-40 ms here.
		e.testBudget = 10 * time.Millisecond
		if v, _, _ := e.TryInline(ctx, "query.execute", find); v != Later {
			t.Fatalf("before the pool is open: %v, want Later", v)
		}
		call(t, e, "query.raw", tg.insertUser("a@x"))
		if v, _, _ := e.TryInline(ctx, "query.execute", find); v != Later {
			t.Fatalf("no reader open yet: %v, want Later", v) // opening one takes milliseconds
		}
		call(t, e, "query.execute", find) // opens a reader, idle afterwards
		v, got, err := e.TryInline(ctx, "query.execute", find)
		if v != Answered || err != nil {
			t.Fatalf("read: %v, %v", v, err)
		}
		if want := call(t, e, "query.execute", find); !reflect.DeepEqual(got, want) {
			t.Fatalf("inline %v, Handle %v", got, want)
		}
		// An invalid read is answered too: its error is the answer.
		bad := map[string]any{"model": "User", "action": "findMany", "args": map[string]any{"where": map[string]any{"nope": 1}}}
		if v, _, err := e.TryInline(ctx, "query.execute", bad); v != Answered || err == nil {
			t.Fatalf("invalid read: %v, %v", v, err)
		}
		// A write runs inline in a transaction of its own.
		create := map[string]any{"model": "User", "action": "create", "args": map[string]any{"data": map[string]any{"email": "b@x"}}}
		if v, row, err := e.TryInline(ctx, "query.execute", create); v != Answered || err != nil || row.(map[string]any)["email"] != "b@x" {
			t.Fatalf("write: %v, %v, %v", v, row, err)
		}
		// A failing write is answered with its error and leaves nothing.
		if v, _, err := e.TryInline(ctx, "query.execute", create); v != Answered || err == nil {
			t.Fatalf("duplicate write: %v, %v; want its unique violation", v, err)
		}
		unknown := map[string]any{"model": "User", "action": "findMany", "args": map[string]any{}, "tx": "x"}
		if v, _, err := e.TryInline(ctx, "query.execute", unknown); v != Answered || err == nil {
			t.Fatalf("unknown transaction: %v, %v; want its error", v, err)
		}
		// While an interactive transaction holds the writer, a write is
		// handed back instead of waiting for it.
		tx := call(t, e, "tx.begin", map[string]any{}).(string)
		other := map[string]any{"model": "User", "action": "create", "args": map[string]any{"data": map[string]any{"email": "c@x"}}}
		if v, _, _ := e.TryInline(ctx, "query.execute", other); v != Later {
			t.Fatalf("writer busy: %v, want Later", v)
		}
		// In the transaction a write cannot be interrupted (that would undo
		// the whole transaction): only one its own data bounds is answered
		// inline (a create or an update by a unique where, of scalar
		// fields, no key another relation references, nothing read back
		// through relations). A read is answered, and sees the
		// transaction's own writes.
		inTx := func(action string, args map[string]any) map[string]any {
			return map[string]any{"model": "User", "action": action, "args": args, "tx": tx}
		}
		for _, w := range []map[string]any{
			inTx("create", map[string]any{"data": map[string]any{"email": "n@x", "posts": map[string]any{"create": map[string]any{"title": "t"}}}}),
			inTx("create", map[string]any{"data": map[string]any{"email": "n@x"}, "include": map[string]any{"posts": true}}),
			inTx("update", map[string]any{"where": map[string]any{"email": "a@x"}, "data": map[string]any{"id": 99}}),
			inTx("updateMany", map[string]any{"data": map[string]any{"name": "all"}}),
			inTx("create", map[string]any{"data": map[string]any{"email": strings.Repeat("x", smallWriteBytes+1)}}),
		} {
			if v, _, _ := e.TryInline(ctx, "query.execute", w); v != Later {
				t.Fatalf("unbounded write in a transaction (%v): %v, want Later", w["args"], v)
			}
		}
		v, row, err := e.TryInline(ctx, "query.execute", inTx("create", map[string]any{"data": map[string]any{"email": "t@x"}}))
		if v != Answered || err != nil || row.(map[string]any)["email"] != "t@x" {
			t.Fatalf("small create in a transaction: %v, %v, %v; want it answered", v, row, err)
		}
		v, row, err = e.TryInline(ctx, "query.execute", inTx("update", map[string]any{"where": map[string]any{"email": "t@x"}, "data": map[string]any{"name": "T"}}))
		if v != Answered || err != nil || row.(map[string]any)["name"] != "T" {
			t.Fatalf("small update in a transaction: %v, %v, %v; want it answered", v, row, err)
		}
		if v, _, err := e.TryInline(ctx, "query.execute", inTx("create", map[string]any{"data": map[string]any{"email": "t@x"}})); v != Answered || err == nil {
			t.Fatalf("duplicate create in a transaction: %v, %v; want its unique violation", v, err)
		}
		v, n, err := e.TryInline(ctx, "query.execute", inTx("count", map[string]any{}))
		if v != Answered || err != nil || n != int64(3) {
			t.Fatalf("read in a transaction: %v, %v, %v; want 3 rows", v, n, err)
		}
		call(t, e, "tx.rollback", map[string]any{"tx": tx})
		if n := tg.countUsers(e, t); n != 2 {
			t.Fatalf("%d users, want 2", n)
		}
		// 200,000 rows and a filter no index serves: past the budget, so
		// the read is interrupted and handed back, and it still runs the
		// usual way.
		call(t, e, "query.raw", map[string]any{"kind": "execute", "sql": `INSERT INTO "User" ("email", "name")
			WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
			SELECT 'u' || x || '@x', 'n' || x FROM c`})
		slow := map[string]any{"model": "User", "action": "count", "args": map[string]any{"where": map[string]any{"name": map[string]any{"contains": "zz"}}}}
		if v, _, err := e.TryInline(ctx, "query.execute", slow); v != Later || err != nil {
			t.Fatalf("slow read: %v, %v; want Later", v, err)
		}
		// For a while the same model and action are handed back at once,
		// even a fast read; another action is still tried.
		fastCount := map[string]any{"model": "User", "action": "count", "args": map[string]any{"where": map[string]any{"id": 1}}}
		if v, _, _ := e.TryInline(ctx, "query.execute", fastCount); v != Later {
			t.Fatalf("count right after a slow count: %v, want Later", v)
		}
		if v, _, _ := e.TryInline(ctx, "query.execute", find); v != Answered {
			t.Fatalf("findMany after a slow count: %v, want Answered", v)
		}
		if n := call(t, e, "query.execute", slow); n != int64(0) {
			t.Fatalf("slow read the usual way: %v", n)
		}
		// Overruns in a row set the action aside for twice as long each
		// time (16 budgets first, at most inlineBackoff); an inline answer
		// ends the run.
		key := opKey{"User", "count"}
		aside := func() (time.Duration, int) {
			v, ok := e.inlineSlow.Load(key)
			if !ok {
				return 0, 0
			}
			return time.Until(v.(slowOp).until), v.(slowOp).streak
		}
		if d, n := aside(); n != 1 || d <= 0 || d > 16*e.inlineBudget() {
			t.Fatalf("after one overrun: aside %v, streak %d; want up to %v, 1", d, n, 16*e.inlineBudget())
		}
		for range 2 {
			_, n := aside()
			e.inlineSlow.Store(key, slowOp{until: time.Now(), streak: n}) // its time is up
			if v, _, _ := e.TryInline(ctx, "query.execute", slow); v != Later {
				t.Fatalf("slow read again: %v, want Later", v)
			}
		}
		if d, n := aside(); n != 3 || d <= 32*e.inlineBudget() || d > 64*e.inlineBudget() {
			t.Fatalf("after three overruns in a row: aside %v, streak %d; want (%v, %v], 3", d, n, 32*e.inlineBudget(), 64*e.inlineBudget())
		}
		e.inlineSlow.Store(key, slowOp{until: time.Now(), streak: 3})
		if v, _, _ := e.TryInline(ctx, "query.execute", fastCount); v != Answered {
			t.Fatalf("fast count once the time is up: %v, want Answered", v)
		}
		if _, n := aside(); n != 0 {
			t.Fatalf("an inline answer left the streak at %d", n)
		}
		// A write past the budget is interrupted and undone, then runs the usual way.
		rename := map[string]any{"model": "User", "action": "updateMany", "args": map[string]any{"data": map[string]any{"name": "renamed"}}}
		if v, _, err := e.TryInline(ctx, "query.execute", rename); v != Later || err != nil {
			t.Fatalf("slow write: %v, %v; want Later", v, err)
		}
		renamed := map[string]any{"model": "User", "action": "count", "args": map[string]any{"where": map[string]any{"name": "renamed"}}}
		if n := call(t, e, "query.execute", renamed); n != int64(0) {
			t.Fatalf("the interrupted write left %v rows renamed", n)
		}
	})
}
