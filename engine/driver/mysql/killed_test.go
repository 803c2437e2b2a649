package mysql

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// TestKilledConnections: after KILL CONNECTION of the pool's sessions, idle
// or busy, the next queries succeed; a statement killed while it ran is a
// connection error, never KindOther (INTERNAL).
func TestKilledConnections(t *testing.T) {
	p := openFresh(t)
	ctx := context.Background()
	admin, err := Open(ctx, configFromEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	_, rows, err := p.QueryRaw(ctx, "SELECT DATABASE()", nil)
	if err != nil {
		t.Fatal(err)
	}
	name := rows[0][0]
	sessions := func(where string) []any {
		_, rows, err := admin.QueryRaw(ctx, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?"+where, []any{name})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]any, len(rows))
		for i, r := range rows {
			ids[i] = r[0]
		}
		return ids
	}
	kill := func() int {
		ids := sessions("")
		for _, id := range ids {
			n, _ := strconv.ParseInt(toString(id), 10, 64)
			admin.Exec(ctx, "KILL CONNECTION "+strconv.FormatInt(n, 10), nil) // it may have ended meanwhile
		}
		return len(ids)
	}
	// gone waits until the killed sessions have ended (KILL only flags a
	// busy one), then lets the server close their sockets.
	gone := func() {
		for range 200 {
			if len(sessions("")) == 0 {
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

	run(4, "SELECT SLEEP(0.2)") // four connections, now idle
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
	go func() { done <- run(2, "SELECT SLEEP(5)") }()
	for range 100 {
		if len(sessions(" AND COMMAND = 'Query'")) == 2 {
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

func toString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return ""
}
