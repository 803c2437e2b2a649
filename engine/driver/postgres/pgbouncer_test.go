package postgres

import (
	"context"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Through PgBouncer in transaction mode (scripts/pgbouncer-up.sh), pgx's
// named prepared statements land on server connections that do not have
// them, or already have them from another client; NoPrepare (what
// pgbouncer=true and statement_cache_size=0 set) never names one.
func TestNamedStatementsBreakBehindPgBouncer(t *testing.T) {
	pgb := os.Getenv("CASPIAN_TEST_PGBOUNCER_URL")
	if pgb == "" {
		t.Skip("CASPIAN_TEST_PGBOUNCER_URL not set")
	}
	direct := freshDB(t)
	d, _ := url.Parse(direct)
	b, _ := url.Parse(pgb)
	b.Path = d.Path
	b.RawQuery = "sslmode=disable"
	run := func(noPrepare bool) (prepErrs, other int64, first error) {
		// Schema "" sends no search_path, which PgBouncer would refuse.
		p, err := Open(context.Background(), Config{ConnString: b.String(), MaxConns: 12, NoPrepare: noPrepare})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for c := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range 20 {
					// Statements differ per round, so each is prepared anew.
					sql := "SELECT $1::int + " + strings.Repeat("1 + ", r%5) + "0"
					_, err := p.Query(context.Background(), sql, []any{int64(c)}, []driver.Type{driver.TypeInt})
					if err == nil {
						continue
					}
					if strings.Contains(err.Error(), "prepared statement") {
						atomic.AddInt64(&prepErrs, 1)
					} else {
						atomic.AddInt64(&other, 1)
					}
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return prepErrs, other, first
	}
	if n, other, first := run(false); n == 0 {
		t.Errorf("named prepared statements through PgBouncer: no prepared-statement error (%d others, %v)", other, first)
	} else {
		t.Logf("named prepared statements: %d prepared-statement errors, e.g. %v", n, first)
	}
	if n, other, first := run(true); n+other != 0 {
		t.Errorf("NoPrepare through PgBouncer: %d prepared-statement and %d other errors, e.g. %v", n, other, first)
	}
}
