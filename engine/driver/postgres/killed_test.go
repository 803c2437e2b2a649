package postgres

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
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
	count := func(where string) int {
		_, rows, err := admin.QueryRaw(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1"+
			" AND pid <> pg_backend_pid()"+where, []any{name})
		if err != nil {
			t.Fatal(err)
		}
		return int(rows[0][0].(int64))
	}
	drivertest.KilledConnections(t, p, drivertest.Sessions{
		Kill: func() int {
			_, rows, err := admin.QueryRaw(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"+
				" WHERE datname = $1 AND pid <> pg_backend_pid()", []any{name})
			if err != nil {
				t.Fatal(err)
			}
			return int(rows[0][0].(int64))
		},
		Count: func(busy bool) int {
			if busy {
				return count(" AND state = 'active'")
			}
			return count("")
		},
		Sleep: func(seconds string) string { return "SELECT pg_sleep(" + seconds + ")" },
	})
}
