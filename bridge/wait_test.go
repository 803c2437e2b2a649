package bridge

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

func openURL(t *testing.T, url string) *Engine {
	t.Helper()
	b, _ := abi.Encode(map[string]any{"url": url, "root": t.TempDir()})
	e, body := Open(b)
	if body != nil {
		t.Fatal(body)
	}
	t.Cleanup(e.Close)
	return e
}

// deliveries records what StartWait left to deliver.
type deliveries struct {
	mu  sync.Mutex
	got map[uint64][][]byte
	ch  chan struct{}
}

func newDeliveries() *deliveries {
	return &deliveries{got: map[uint64][][]byte{}, ch: make(chan struct{}, 10)}
}

func (d *deliveries) deliver(id uint64, b []byte) {
	d.mu.Lock()
	d.got[id] = append(d.got[id], b)
	d.mu.Unlock()
	d.ch <- struct{}{}
}

// TestStartWait: a reply in time is the caller's and is never delivered;
// one later than the wait is delivered once, and the caller heard
// StatusPending at the wait's end, not at the reply's.
func TestStartWait(t *testing.T) {
	e := openURL(t, "file:./w.db")
	d := newDeliveries()
	raw := func(sql string) abi.Request {
		return abi.Request{Method: "query.raw", Params: map[string]any{"sql": sql, "args": []any{}, "kind": "query"}}
	}
	// Open the pool first (its first statement may outlast a wait).
	if _, st := e.StartWait(1, raw("SELECT 1"), time.Minute, d.deliver); st != StatusOK {
		t.Fatalf("first request: status %d", st)
	}
	out, st := e.StartWait(2, raw("SELECT 41 + 1 AS n"), 100*time.Millisecond, d.deliver)
	if r, err := abi.DecodeReply(out); st != StatusOK || err != nil || !strings.Contains(fmt.Sprint(r.Ok), "42") {
		t.Fatalf("fast request: status %d, %v, %v", st, err, r)
	}
	slow := raw("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) AS n FROM c")
	start := time.Now()
	out, st = e.StartWait(3, slow, time.Millisecond, d.deliver)
	if st != StatusPending || out != nil {
		t.Fatalf("slow request: status %d, %d bytes; want StatusPending", st, len(out))
	}
	if waited := time.Since(start); waited > 200*time.Millisecond {
		t.Errorf("StatusPending came after %v: the caller waited for the reply", waited)
	}
	select {
	case <-d.ch:
	case <-time.After(time.Minute):
		t.Fatal("the slow reply was never delivered")
	}
	time.Sleep(10 * time.Millisecond)
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.got) != 1 || len(d.got[3]) != 1 {
		t.Fatalf("delivered %v; want one reply, for request 3", d.got)
	}
	if r, err := abi.DecodeReply(d.got[3][0]); err != nil || !strings.Contains(fmt.Sprint(r.Ok), "2000000") {
		t.Errorf("slow reply: %v %v", err, r)
	}
}

// TestStartWaitRefusesServers: once the pool is a database server's, a wait
// is refused with nothing started.
func TestStartWaitRefusesServers(t *testing.T) {
	if os.Getenv(testdb.EnvVar("postgresql")) == "" {
		t.Skip(testdb.EnvVar("postgresql") + " not set")
	}
	e := openURL(t, testdb.URL(t, "postgresql", "caspian_wait"))
	d := newDeliveries()
	ping := abi.Request{Method: "query.raw", Params: map[string]any{"sql": "SELECT 1", "args": []any{}, "kind": "query"}}
	if _, st := e.StartWait(1, ping, time.Minute, d.deliver); st != StatusOK {
		t.Fatalf("first request (pool not open yet): status %d", st)
	}
	if out, st := e.StartWait(2, ping, time.Minute, d.deliver); st != StatusNever || out != nil {
		t.Fatalf("status %d; want StatusNever", st)
	}
	time.Sleep(10 * time.Millisecond)
	if len(d.got) != 0 {
		t.Errorf("delivered %v; nothing was started", d.got)
	}
}
