package mysql

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
)

// silentBound is how long past connect_timeout a silent server may take to
// be reported: generous, for a loaded 2-core CI machine.
const silentBound = 4 * time.Second

// wantConnectionErr fails unless err is a connection error naming addr that
// came within connect_timeout + silentBound.
func wantConnectionErr(t *testing.T, what string, err error, addr string, took, connectTimeout time.Duration) {
	t.Helper()
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Host != addr {
		t.Errorf("%s: want a connection error for %s, got %#v", what, addr, err)
	}
	if took > connectTimeout+silentBound {
		t.Errorf("%s: took %v, connect_timeout is %v", what, took, connectTimeout)
	}
}

// TestSilentServer: a server that accepts TCP and never answers is a
// connection error within connect_timeout (Prisma's P1001), not a pool
// timeout, both when opening and when the pool needs a new connection.
func TestSilentServer(t *testing.T) {
	const connectTimeout = time.Second
	silent := drivertest.NewProxy(t, "")
	start := time.Now()
	_, err := Open(context.Background(), Config{Host: "127.0.0.1", Port: silent.Port(), User: "x",
		ConnectTimeout: connectTimeout, PoolTimeout: 30 * time.Second})
	wantConnectionErr(t, "open", err, silent.Addr(), time.Since(start), connectTimeout)

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
	wantConnectionErr(t, "query", err, proxy.Addr(), time.Since(start), connectTimeout)
	if err != nil && strings.Contains(err.Error(), cfg.Password) {
		t.Errorf("password in message: %v", err)
	}
}
