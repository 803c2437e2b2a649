//go:build !wasip1

package connector_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// The URL parameters against the test servers (skipped without them).

var sleepSQL = map[string]func(secs string) string{
	"postgresql": func(s string) string { return "SELECT pg_sleep(" + s + ")" },
	"mysql":      func(s string) string { return "SELECT SLEEP(" + s + ")" },
}

func open(t *testing.T, rawURL string) driver.Pool {
	t.Helper()
	p, err := connector.Open(context.Background(), rawURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func withParams(u, q string) string {
	if strings.Contains(u, "?") {
		return u + "&" + q
	}
	return u + "?" + q
}

func perrOf(t *testing.T, err error) *perr.Error {
	t.Helper()
	var pe *perr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *perr.Error", err, err)
	}
	return pe
}

func eachServer(t *testing.T, f func(t *testing.T, provider, dbURL string)) {
	for _, provider := range []string{"postgresql", "mysql"} {
		t.Run(provider, func(t *testing.T) {
			f(t, provider, testdb.URL(t, provider, "params"))
		})
	}
}

// connection_limit=1: three statements of 0.3 s each run one after the
// other; connection_limit=3 runs them side by side.
func TestConnectionLimitSerialises(t *testing.T) {
	eachServer(t, func(t *testing.T, provider, dbURL string) {
		run := func(limit string) time.Duration {
			p := open(t, withParams(dbURL, "connection_limit="+limit))
			p.Query(context.Background(), "SELECT 1", nil, []driver.Type{driver.TypeInt}) // connected
			start := time.Now()
			var wg sync.WaitGroup
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, _, err := p.QueryRaw(context.Background(), sleepSQL[provider]("0.3"), nil); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if s := p.(driver.StatsReporter).Stats(); s.Max != map[string]int{"1": 1, "3": 3}[limit] {
				t.Errorf("connection_limit=%s: pool max %d", limit, s.Max)
			}
			return time.Since(start)
		}
		if d := run("1"); d < 900*time.Millisecond {
			t.Errorf("connection_limit=1: three 0.3 s sleeps took %v, so they overlapped", d)
		}
		if d := run("3"); d > 850*time.Millisecond {
			t.Errorf("connection_limit=3: three 0.3 s sleeps took %v, so they did not overlap", d)
		}
	})
}

// pool_timeout: with the only connection held by a transaction, the next
// statement waits pool_timeout and fails with Prisma's P2024.
func TestPoolTimeoutP2024(t *testing.T) {
	eachServer(t, func(t *testing.T, provider, dbURL string) {
		p := open(t, withParams(dbURL, "connection_limit=1&pool_timeout=1"))
		tx, err := p.Begin(context.Background(), driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(context.Background())
		start := time.Now()
		_, _, err = p.QueryRaw(context.Background(), "SELECT 1", nil)
		took := time.Since(start)
		pe := perr.FromDriver(err, perr.Op{})
		want := "Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool " +
			"(Current connection pool timeout: 1, connection limit: 1)"
		if pe.Code != perr.PoolTimeout || pe.Message != want || pe.Meta["connection_limit"] != 1 || pe.Meta["timeout"] != 1 {
			t.Errorf("got %s %q %v", pe.Code, pe.Message, pe.Meta)
		}
		if took < 900*time.Millisecond || took > 3*time.Second {
			t.Errorf("failed after %v, want about pool_timeout=1 s", took)
		}
	})
}

// socket_timeout: a statement that gets no answer for that long is P1008,
// stopped on the server, and the pool goes on working.
func TestSocketTimeout(t *testing.T) {
	eachServer(t, func(t *testing.T, provider, dbURL string) {
		p := open(t, withParams(dbURL, "socket_timeout=1&connection_limit=1"))
		start := time.Now()
		_, _, err := p.QueryRaw(context.Background(), sleepSQL[provider]("5"), nil)
		took := time.Since(start)
		pe := perr.FromDriver(err, perr.Op{})
		if pe.Code != perr.Timeout || !strings.Contains(pe.Message, "socket_timeout (1 s)") {
			t.Errorf("got %s %q", pe.Code, pe.Message)
		}
		if took > 4*time.Second {
			t.Errorf("socket_timeout=1 failed after %v", took)
		}
		tx, err := p.Begin(context.Background(), driver.TxOptions{})
		if err != nil {
			t.Fatalf("after the timeout: %v", err)
		}
		defer tx.Rollback(context.Background())
		if _, _, err := tx.QueryRaw(context.Background(), sleepSQL[provider]("0.2"), nil); err != nil {
			t.Errorf("a statement shorter than socket_timeout: %v", err)
		}
		_, _, err = tx.QueryRaw(context.Background(), sleepSQL[provider]("5"), nil)
		if pe := perr.FromDriver(err, perr.Op{}); pe.Code != perr.Timeout {
			t.Errorf("in a transaction: %s %q", pe.Code, pe.Message)
		}
	})
}

// connect_timeout: a server that accepts and never answers is P1001 after
// connect_timeout, not after the default 5 s.
func TestConnectTimeoutSilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	}()
	for _, scheme := range []string{"postgresql", "mysql"} {
		start := time.Now()
		_, err := connector.Open(context.Background(), scheme+"://u:pw@"+ln.Addr().String()+"/db?connect_timeout=1&sslmode=disable", "")
		took := time.Since(start)
		if pe := perrOf(t, err); pe.Code != perr.ConnectFailed {
			t.Errorf("%s: %s %s", scheme, pe.Code, pe.Message)
		}
		if took < 900*time.Millisecond || took > 3*time.Second {
			t.Errorf("%s: connect_timeout=1 failed after %v", scheme, took)
		}
	}
}

// schema=x puts the tables in schema x (search_path), and reads them there.
func TestSchemaParam(t *testing.T) {
	dbURL := testdb.URL(t, "postgresql", "params")
	admin := open(t, dbURL)
	ctx := context.Background()
	if _, err := admin.Exec(ctx, `CREATE SCHEMA "tenant one"`, nil); err != nil {
		t.Fatal(err)
	}
	p := open(t, withParams(dbURL, "schema=tenant%20one"))
	if _, err := p.Exec(ctx, "CREATE TABLE t (id int)", nil); err != nil {
		t.Fatal(err)
	}
	_, rows, err := admin.QueryRaw(ctx, "SELECT table_schema FROM information_schema.tables WHERE table_name = 't'", nil)
	if err != nil || len(rows) != 1 || rows[0][0] != "tenant one" {
		t.Errorf("table t is in %v (%v), want schema \"tenant one\"", rows, err)
	}
	if _, _, err := admin.QueryRaw(ctx, "SELECT * FROM t", nil); err == nil {
		t.Errorf("t is visible in public too")
	}
}

// statement_cache_size=0 (and pgbouncer=true) prepares no named statement;
// the default keeps them on the connection.
func TestStatementCacheSize(t *testing.T) {
	dbURL := testdb.URL(t, "postgresql", "params")
	ctx := context.Background()
	prepared := func(q string) int64 {
		p := open(t, withParams(dbURL, "connection_limit=1&"+q))
		tx, err := p.Begin(ctx, driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		for i := range 3 {
			if _, err := tx.Query(ctx, "SELECT $1::int + 1", []any{int64(i)}, []driver.Type{driver.TypeInt}); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := tx.Query(ctx, "SELECT count(*) FROM pg_prepared_statements WHERE name <> ''", nil, []driver.Type{driver.TypeBigInt})
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0].(int64)
	}
	if n := prepared("statement_cache_size=100"); n == 0 {
		t.Errorf("statement_cache_size=100: no prepared statement kept")
	}
	for _, q := range []string{"statement_cache_size=0", "pgbouncer=true"} {
		if n := prepared(q); n != 0 {
			t.Errorf("%s: %d named prepared statements", q, n)
		}
	}
}
