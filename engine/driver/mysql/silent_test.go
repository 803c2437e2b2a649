package mysql

import (
	"context"
	"strconv"
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
	_, err := Open(context.Background(), Config{Host: "127.0.0.1", Port: silent.Port(), User: "x",
		ConnectTimeout: connectTimeout, PoolTimeout: 30 * time.Second})
	drivertest.WantConnectionErr(t, "open", err, silent.Addr(), time.Since(start), connectTimeout)

	cfg := configFromEnv(t)
	proxy := drivertest.NewProxy(t, cfg.Host+":"+strconv.Itoa(cfg.Port))
	cfg.Host, cfg.Port = "127.0.0.1", proxy.Port()
	cfg.ConnectTimeout, cfg.PoolTimeout = connectTimeout, 30*time.Second
	p, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, _, err := p.QueryRaw(context.Background(), "SELECT 1", nil); err != nil {
		t.Fatal(err)
	}
	proxy.Silence()
	// The pooled connection is gone; the retry on a new one meets silence.
	start = time.Now()
	_, _, err = p.QueryRaw(context.Background(), "SELECT 1", nil)
	drivertest.WantConnectionErr(t, "query", err, proxy.Addr(), time.Since(start), connectTimeout)
	if err != nil && strings.Contains(err.Error(), cfg.Password) {
		t.Errorf("password in message: %v", err)
	}
}
