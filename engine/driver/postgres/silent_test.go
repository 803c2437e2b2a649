package postgres

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
)

// TestSilentServer: a server that accepts TCP and never answers is a
// connection error within connect_timeout (Prisma's P1001), not a pool
// timeout, both when opening and when the pool needs a new connection.
func TestSilentServer(t *testing.T) {
	const connectTimeout = time.Second
	silent := drivertest.NewProxy(t, "")
	start := time.Now()
	_, err := Open(context.Background(), Config{ConnString: "postgresql://x:y@" + silent.Addr() + "/db",
		ConnectTimeout: connectTimeout, PoolTimeout: 30 * time.Second})
	drivertest.WantConnectionErr(t, "open", err, silent.Addr(), time.Since(start), connectTimeout)

	base := os.Getenv("CASPIAN_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("CASPIAN_TEST_POSTGRES_URL is not set")
	}
	u, _ := url.Parse(base)
	proxy := drivertest.NewProxy(t, u.Host)
	u.Host = proxy.Addr()
	p, err := Open(context.Background(), Config{ConnString: u.String(), ConnectTimeout: connectTimeout, PoolTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, _, err := p.QueryRaw(context.Background(), "SELECT 1", nil); err != nil {
		t.Fatal(err)
	}
	proxy.Silence()
	// The first query may meet the dead pooled connection (a connection
	// error too); the next needs a new connection and meets silence.
	for i := range 2 {
		start = time.Now()
		_, _, err = p.QueryRaw(context.Background(), "SELECT 1", nil)
		drivertest.WantConnectionErr(t, "query "+string(rune('1'+i)), err, proxy.Addr(), time.Since(start), connectTimeout)
	}
	pw, _ := u.User.Password()
	if err != nil && strings.Contains(err.Error(), pw) {
		t.Errorf("password in message: %v", err)
	}
}
