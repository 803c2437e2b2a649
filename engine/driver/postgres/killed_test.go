package postgres

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// TestKilledConnections: after pg_terminate_backend of the pool's sessions,
// idle or busy, the next queries succeed; a statement killed while it ran is
// a connection error, never KindOther (INTERNAL).
func TestKilledConnections(t *testing.T) {
	dbURL := freshDB(t)
	ctx := context.Background()
	p, err := Open(ctx, Config{ConnString: dbURL, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	admin, err := Open(ctx, Config{ConnString: os.Getenv("CASPIAN_TEST_POSTGRES_URL")})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	u, _ := url.Parse(dbURL)
	name := strings.TrimPrefix(u.Path, "/")
	kill := func() int64 {
		_, rows, err := admin.QueryRaw(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"+
			" WHERE datname = $1 AND pid <> pg_backend_pid()", []any{name})
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0].(int64)
	}
	// gone waits until the killed sessions have ended: pg_terminate_backend
	// only signals them, and a query that races the signal fails,
	// unavoidably. The extra pause lets each exiting backend close its socket.
	gone := func() {
		for range 200 {
			_, rows, err := admin.QueryRaw(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1"+
				" AND pid <> pg_backend_pid()", []any{name})
			if err == nil && rows[0][0].(int64) == 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
	}
	run := func(n int, sql string) []error {
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); _, _, errs[i] = p.QueryRaw(ctx, sql, nil) }()
		}
		wg.Wait()
		return errs
	}

	run(4, "SELECT pg_sleep(0.2)") // four connections, now idle
	if n := kill(); n < 1 {
		t.Fatalf("killed %d idle sessions", n)
	}
	gone()
	for i, err := range run(4, "SELECT 1") {
		if err != nil {
			t.Errorf("query %d after the idle sessions were killed: %v", i, err)
		}
	}

	done := make(chan []error)
	go func() { done <- run(2, "SELECT pg_sleep(5)") }()
	for range 100 {
		_, rows, err := admin.QueryRaw(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active'", []any{name})
		if err == nil && rows[0][0].(int64) == 2 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	kill()
	gone()
	for i, err := range <-done {
		var de *driver.Error
		if !errors.As(err, &de) || de.Kind != driver.KindConnection {
			t.Errorf("busy statement %d killed: want a connection error, got %#v", i, err)
		}
	}
	for i, err := range run(4, "SELECT 1") {
		if err != nil {
			t.Errorf("query %d after the busy sessions were killed: %v", i, err)
		}
	}
}
