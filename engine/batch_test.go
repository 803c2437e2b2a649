package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

func createUser(email string) map[string]any {
	return map[string]any{"model": "User", "action": "create", "args": map[string]any{"data": map[string]any{"email": email}}}
}

// TestBatch runs through the real query layer: results come back in order,
// and one failing op rolls back the whole batch.
func TestBatch(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		res := call(t, e, "batch.execute", map[string]any{"ops": []any{
			createUser("a@x"), createUser("b@x"),
			map[string]any{"model": "User", "action": "count", "args": map[string]any{}},
		}}).([]any)
		if len(res) != 3 || res[0].(map[string]any)["email"] != "a@x" || res[1].(map[string]any)["email"] != "b@x" || res[2] != int64(2) {
			t.Fatalf("batch = %#v", res)
		}
		pe := fail(t, e, context.Background(), "batch.execute", map[string]any{"ops": []any{createUser("c@x"), createUser("a@x")}})
		if pe.Code != perr.UniqueViolation || pe.Meta["batch_index"] != int64(1) {
			t.Errorf("failing batch: %+v", pe)
		}
		if n := tg.countUsers(e, t); n != 2 {
			t.Errorf("failing batch left %d users, want 2", n)
		}
		// Inside an interactive transaction, the batch joins it.
		id := call(t, e, "tx.begin", nil).(string)
		call(t, e, "batch.execute", map[string]any{"tx": id, "ops": []any{createUser("d@x")}})
		call(t, e, "tx.rollback", map[string]any{"tx": id})
		if n := tg.countUsers(e, t); n != 2 {
			t.Errorf("batch in a rolled back tx left %d users, want 2", n)
		}
	})
}

// TestQueryErrors: driver failures of query.execute come back with Prisma's
// codes and field-level meta.
func TestQueryErrors(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		call(t, e, "query.execute", createUser("a@x"))
		pe := fail(t, e, context.Background(), "query.execute", createUser("a@x"))
		if pe.Code != perr.UniqueViolation || !reflect.DeepEqual(pe.Meta["target"], []string{"email"}) || pe.Meta["modelName"] != "User" {
			t.Errorf("unique: %+v", pe)
		}
		pe = fail(t, e, context.Background(), "query.execute", map[string]any{"model": "Post", "action": "create",
			"args": map[string]any{"data": map[string]any{"title": "t", "authorId": int64(999)}}})
		if pe.Code != perr.ForeignKey {
			t.Errorf("foreign key: %+v", pe)
		}
		// Inside a transaction, and after it expired.
		id := call(t, e, "tx.begin", nil).(string)
		op := createUser("tx@x")
		op["tx"] = id
		row := call(t, e, "query.execute", op).(map[string]any)
		if row["email"] != "tx@x" {
			t.Errorf("create in tx = %#v", row)
		}
		call(t, e, "tx.rollback", map[string]any{"tx": id})
		if pe := fail(t, e, context.Background(), "query.execute", op); pe.Code != perr.TxExpired {
			t.Errorf("after rollback: %+v", pe)
		}
	})
}

func TestExplain(t *testing.T) {
	e, err := Open(Config{Schema: strings.Replace(schemaTmpl, "%s", "sqlite", 1)})
	if err != nil {
		t.Fatal(err)
	}
	sql, err := e.Handle(context.Background(), "query.explain", map[string]any{"model": "User", "action": "findMany", "args": map[string]any{}})
	if err != nil || !strings.Contains(sql.(string), "User") {
		t.Errorf("explain = %v, %v", sql, err)
	}
}
