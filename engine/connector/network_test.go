//go:build !wasip1

package connector

import (
	"net/url"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func TestPostgresURL(t *testing.T) {
	cfg, err := PostgresConfig("postgres://u:p%40ss@db.example:5433/app?schema=tenant&connection_limit=3&pool_timeout=2&sslmode=require&application_name=x", "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Schema != "tenant" || cfg.MaxConns != 3 || cfg.PoolTimeout != 2*time.Second {
		t.Errorf("cfg = %+v", cfg)
	}
	u, _ := url.Parse(cfg.ConnString)
	q := u.Query()
	if q.Get("schema") != "" || q.Get("connection_limit") != "" || q.Get("sslmode") != "require" || q.Get("application_name") != "x" {
		t.Errorf("conn string params = %v", q)
	}
	if pw, _ := u.User.Password(); pw != "p@ss" || u.Host != "db.example:5433" {
		t.Errorf("conn string = %s", cfg.ConnString)
	}
	cfg, _ = PostgresConfig("postgresql://u@h/db", "")
	if cfg.Schema != "public" {
		t.Errorf("default schema = %q", cfg.Schema)
	}
}

func TestMySQLURL(t *testing.T) {
	cfg, err := MySQLConfig("mysql://root:s%3Acret@127.0.0.1:3307/shop?connection_limit=5&sslaccept=strict", "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "root" || cfg.Password != "s:cret" || cfg.Host != "127.0.0.1" || cfg.Port != 3307 ||
		cfg.Database != "shop" || cfg.MaxConns != 5 || cfg.TLS == nil || !cfg.TLSRequired {
		t.Errorf("cfg = %+v", cfg)
	}
}

// Prisma: pool_timeout=0 disables the timeout; leaving it out keeps the default.
func TestPoolTimeoutZeroMeansNoLimit(t *testing.T) {
	pg, err := PostgresConfig("postgresql://u:p@h:5432/db?pool_timeout=0", "")
	if err != nil || pg.PoolTimeout != driver.NoPoolTimeout {
		t.Fatalf("postgres pool_timeout=0: %v, %v", pg.PoolTimeout, err)
	}
	my, err := MySQLConfig("mysql://u:p@h:3306/db?pool_timeout=0", "")
	if err != nil || my.PoolTimeout != driver.NoPoolTimeout {
		t.Fatalf("mysql pool_timeout=0: %v, %v", my.PoolTimeout, err)
	}
	pg, err = PostgresConfig("postgresql://u:p@h:5432/db", "")
	if err != nil || pg.PoolTimeout != 0 {
		t.Fatalf("postgres default: %v, %v", pg.PoolTimeout, err)
	}
}
