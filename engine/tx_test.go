package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// openTxs counts the transactions the engine holds open.
func openTxs(e *Engine) int {
	e.txs.mu.Lock()
	defer e.txs.mu.Unlock()
	n := 0
	for _, x := range e.txs.txs {
		x.mu.Lock()
		if x.state == txOpen {
			n++
		}
		x.mu.Unlock()
	}
	return n
}

// freeNow checks that a transaction begins at once: on SQLite the writer is
// free, elsewhere the pool has a connection.
func freeNow(t *testing.T, e *Engine) {
	t.Helper()
	id := call(t, e, "tx.begin", map[string]any{"max_wait_ms": int64(500)}).(string)
	call(t, e, "tx.rollback", map[string]any{"tx": id})
}

// hookBegun sets txBegun for the test.
func hookBegun(t *testing.T, f func(ctx context.Context, token string)) {
	old := txBegun
	txBegun = f
	t.Cleanup(func() { txBegun = old })
}

// TestTxAbandon: tx.abandon rolls back the transaction begun with a token,
// whether it arrives after the begin completed or before.
func TestTxAbandon(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		// After the begin: the open transaction is rolled back.
		id := call(t, e, "tx.begin", map[string]any{"token": "after", "timeout_ms": int64(60_000)}).(string)
		p := placeholders(tg, tg.insertUser("abandoned@x"))
		p["tx"] = id
		call(t, e, "query.raw", p)
		call(t, e, "tx.abandon", map[string]any{"token": "after"})
		if pe := fail(t, e, context.Background(), "query.raw", p); pe.Code != perr.TxExpired || !strings.Contains(pe.Message, "rolled back") {
			t.Errorf("use after abandon: %+v", pe)
		}
		if n := tg.countUsers(e, t); n != 0 {
			t.Errorf("abandoned tx committed %d users", n)
		}
		freeNow(t, e)
		// Again, and for a token never used: no-ops.
		call(t, e, "tx.abandon", map[string]any{"token": "after"})
		call(t, e, "tx.abandon", map[string]any{"token": "never-begun"})

		// Before the begin registers (the abandon overtook the reply): the
		// begin rolls back and answers CANCELED.
		hookBegun(t, func(ctx context.Context, token string) {
			if token == "before" {
				call(t, e, "tx.abandon", map[string]any{"token": "before"})
			}
		})
		pe := fail(t, e, context.Background(), "tx.begin", map[string]any{"token": "before", "timeout_ms": int64(60_000)})
		if pe.Code != perr.Canceled {
			t.Errorf("begin of an abandoned token: %+v", pe)
		}
		if n := openTxs(e); n != 0 {
			t.Errorf("%d transactions open", n)
		}
		freeNow(t, e)

		for _, bad := range []map[string]any{{}, {"token": ""}, {"token": int64(1)}} {
			if pe := fail(t, e, context.Background(), "tx.abandon", bad); pe.Code != perr.Validation {
				t.Errorf("tx.abandon %v: %+v", bad, pe)
			}
		}
		if pe := fail(t, e, context.Background(), "tx.begin", map[string]any{"token": int64(7)}); pe.Code != perr.Validation {
			t.Errorf("tx.begin with a bad token: %+v", pe)
		}
	})
}

// TestTxBeginCanceledAfterBegin: a tx.begin whose request is canceled just
// after the database began (the reply would be dropped) rolls back at once
// instead of holding the connection until the timeout.
func TestTxBeginCanceledAfterBegin(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		hookBegun(t, func(context.Context, string) { cancel() })
		if pe := fail(t, e, ctx, "tx.begin", map[string]any{"timeout_ms": int64(60_000)}); pe.Code != perr.Canceled {
			t.Errorf("canceled begin: %+v", pe)
		}
		hookBegun(t, func(context.Context, string) {})
		if n := openTxs(e); n != 0 {
			t.Errorf("%d transactions open", n)
		}
		freeNow(t, e)
	})
}

// TestTxAbandonRace: begins and abandons of the same token race, with
// cancels of the begin request; whatever the order, no transaction is left
// open, and a begin that answered with an id finds it rolled back.
func TestTxAbandonRace(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		const n = 60
		var wg sync.WaitGroup
		ids := make([]string, n)
		for i := range n {
			wg.Add(2)
			token := fmt.Sprintf("race-%d", i)
			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				defer wg.Done()
				defer cancel()
				if v, err := e.Handle(ctx, "tx.begin", map[string]any{"token": token, "timeout_ms": int64(60_000),
					"max_wait_ms": int64(20_000)}); err == nil {
					ids[i] = v.(string)
				}
			}()
			go func() {
				defer wg.Done()
				time.Sleep(time.Duration(rand.IntN(15_000)) * time.Microsecond)
				if i%3 == 0 {
					cancel()
				}
				call(t, e, "tx.abandon", map[string]any{"token": token})
			}()
		}
		wg.Wait()
		if k := openTxs(e); k != 0 {
			t.Errorf("%d transactions left open", k)
		}
		begun := 0
		for _, id := range ids {
			if id == "" {
				continue
			}
			begun++
			if pe := fail(t, e, context.Background(), "tx.commit", map[string]any{"tx": id}); pe.Code != perr.TxExpired {
				t.Errorf("commit of an abandoned tx: %+v", pe)
			}
		}
		t.Logf("%d of %d begins answered before their abandon", begun, n)
		freeNow(t, e)
	})
}

// TestTxCloseWhileBeginning: a begin that completes after Close rolled back
// the open transactions does not register (nothing would roll it back).
func TestTxCloseWhileBeginning(t *testing.T) {
	tg := targets(t)[0]
	e := open(t, tg)
	hookBegun(t, func(context.Context, string) { e.txs.closeAll() })
	if pe := fail(t, e, context.Background(), "tx.begin", nil); pe.Code != perr.ConnectFailed {
		t.Errorf("begin racing Close: %+v", pe)
	}
	if n := openTxs(e); n != 0 {
		t.Errorf("%d transactions open", n)
	}
}
