package drivertest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// SilentBound is how long past connect_timeout a silent server may take to
// be reported: generous, for a loaded 2-core CI machine.
const SilentBound = 4 * time.Second

// WantConnectionErr fails unless err is a connection error naming addr that
// came within connect_timeout + SilentBound.
func WantConnectionErr(t *testing.T, what string, err error, addr string, took, connectTimeout time.Duration) {
	t.Helper()
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Host != addr {
		t.Errorf("%s: want a connection error for %s, got %#v", what, addr, err)
	}
	if took > connectTimeout+SilentBound {
		t.Errorf("%s: took %v, connect_timeout is %v", what, took, connectTimeout)
	}
}

// Sessions is what KilledConnections asks of the server, through an admin
// connection of the adapter's test: the sessions of the pool's database.
type Sessions struct {
	// Kill ends every session of the pool's database (not the admin's) and
	// returns how many it signalled.
	Kill func() int
	// Count counts those sessions; only the ones running a statement when
	// busy is true.
	Count func(busy bool) int
	// Sleep is a statement that runs for about the given seconds.
	Sleep func(seconds string) string
}

// KilledConnections: after the server kills the pool's sessions, idle or
// busy, the next queries succeed; a statement killed while it ran is a
// connection error, never KindOther (INTERNAL). p should allow at least 4
// connections.
func KilledConnections(t *testing.T, p driver.Querier, s Sessions) {
	ctx := context.Background()
	// gone waits until the killed sessions have ended (a kill only signals
	// a busy one, and a query that races the signal fails, unavoidably),
	// then lets each exiting session close its socket.
	gone := func() {
		for range 200 {
			if s.Count(false) == 0 {
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

	run(4, s.Sleep("0.2")) // four connections, now idle
	if n := s.Kill(); n < 1 {
		t.Fatalf("killed %d idle sessions", n)
	}
	gone()
	for i, err := range run(4, "SELECT 1") {
		if err != nil {
			t.Errorf("query %d after the idle sessions were killed: %v", i, err)
		}
	}

	done := make(chan []error)
	go func() { done <- run(2, s.Sleep("5")) }()
	for range 100 {
		if s.Count(true) == 2 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Kill()
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
