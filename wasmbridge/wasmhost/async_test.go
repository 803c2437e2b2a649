package wasmhost

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// awaitReplies polls until the replies of ids arrived, decoded by id.
func awaitReplies(t *testing.T, m *Module, ids ...uint64) map[uint64]abi.Reply {
	t.Helper()
	got := map[uint64]abi.Reply{}
	deadline := time.Now().Add(30 * time.Second)
	for len(got) < len(ids) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d replies", len(got), len(ids))
		}
		b, st, err := m.Poll(context.Background(), 5)
		if err != nil || st != bridge.StatusOK {
			t.Fatalf("poll: %d %v", st, err)
		}
		if b == nil {
			continue
		}
		batch, err := bridge.DecodeBatch(b)
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(got, batch)
	}
	return got
}

// With cp_submit/cp_poll the module runs requests side by side as the
// native library does: a write waiting for the writer that a transaction
// holds does not stop that transaction's own statements, and waits for its
// commit instead of timing out; a request can be canceled.
func TestSubmitAndPoll(t *testing.T) {
	m, stderr := newModule(t)
	ctx := context.Background()
	cfg := mustEncode(t, map[string]any{"url": "file:" + t.TempDir() + "/a.db"})
	h, _, st, err := m.Open(ctx, cfg)
	if err != nil || st != bridge.StatusOK {
		t.Fatalf("open: %d %v %s", st, err, stderr)
	}
	env := func(method string, params map[string]any) []byte {
		return mustEncode(t, map[string]any{"method": method, "params": params})
	}
	raw := func(sql string, tx any) []byte {
		p := map[string]any{"sql": sql, "args": []any{}, "kind": "execute"}
		if tx != nil {
			p["tx"] = tx
		}
		return env("query.raw", p)
	}
	submit := func(id uint64, b []byte) {
		t.Helper()
		if st, err := m.Submit(ctx, h, id, b); err != nil || st != bridge.StatusOK {
			t.Fatalf("submit %d: %d %v", id, st, err)
		}
	}
	submit(1, raw("CREATE TABLE t (a INTEGER)", nil))
	submit(2, env("tx.begin", map[string]any{"token": "k", "timeout_ms": int64(20000), "max_wait_ms": int64(2000)}))
	r := awaitReplies(t, m, 1, 2)
	if r[1].Error != nil || r[2].Error != nil {
		t.Fatalf("%+v %+v", r[1].Error, r[2].Error)
	}
	tx := r[2].Ok
	start := time.Now()
	submit(3, raw("INSERT INTO t VALUES (3)", nil)) // waits for the transaction's writer
	submit(4, raw("INSERT INTO t VALUES (4)", tx))
	if r := awaitReplies(t, m, 4)[4]; r.Error != nil {
		t.Fatalf("in the transaction: %+v", r.Error)
	}
	submit(5, env("tx.commit", map[string]any{"tx": tx}))
	r = awaitReplies(t, m, 3, 5)
	if r[3].Error != nil || r[5].Error != nil || time.Since(start) > 5*time.Second {
		t.Fatalf("after %v: %+v %+v", time.Since(start), r[3].Error, r[5].Error)
	}
	// Cancel: a statement waiting for a writer held by another transaction.
	submit(6, env("tx.begin", map[string]any{"token": "k2", "timeout_ms": int64(20000), "max_wait_ms": int64(2000)}))
	tx2 := awaitReplies(t, m, 6)[6].Ok
	submit(7, raw("INSERT INTO t VALUES (7)", nil))
	if st, err := m.Cancel(ctx, h, 7); err != nil || st != bridge.StatusOK {
		t.Fatalf("cancel: %d %v", st, err)
	}
	if r := awaitReplies(t, m, 7)[7]; r.Error == nil || r.Error.Code != "CANCELED" {
		t.Errorf("canceled: %+v", r)
	}
	submit(8, env("tx.rollback", map[string]any{"tx": tx2}))
	awaitReplies(t, m, 8)
	if st, _ := m.Submit(ctx, h, 9, []byte{0xc1}); st != bridge.StatusBadRequest {
		t.Errorf("bad envelope: %d", st)
	}
}
