//go:build !wasip1

package connector

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/postgres"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// openNetwork opens a PostgreSQL or MySQL pool; errors are the adapters'
// (open maps them to perr).
func openNetwork(ctx context.Context, provider, rawURL string) (driver.Pool, error) {
	if provider == "postgresql" {
		cfg, err := PostgresConfig(rawURL)
		if err != nil {
			return nil, err
		}
		p, err := postgres.Open(ctx, cfg)
		if err != nil {
			return nil, perr.FromDriver(err, perr.Op{})
		}
		return p, nil
	}
	cfg, err := MySQLConfig(rawURL)
	if err != nil {
		return nil, err
	}
	p, err := mysql.Open(ctx, cfg)
	if err != nil {
		return nil, perr.FromDriver(err, perr.Op{})
	}
	return p, nil
}

// prismaParams are Prisma's own URL parameters, not the driver's.
var prismaParams = []string{"schema", "connection_limit", "pool_timeout", "connect_timeout", "socket_timeout",
	"pgbouncer", "statement_cache_size", "sslaccept", "sslidentity", "sslpassword", "socket", "single_use_connections"}

// PostgresConfig translates a postgresql:// URL.
func PostgresConfig(rawURL string) (postgres.Config, error) {
	u, err := config.ParseURL(rawURL)
	if err != nil {
		return postgres.Config{}, perr.New(perr.ConnectFailed, nil, "the PostgreSQL URL is not valid: %v", err)
	}
	q := u.Query()
	cfg := postgres.Config{Schema: q.Get("schema")}
	var perrOut error
	cfg.MaxConns, perrOut = intParam(q, "connection_limit")
	if perrOut != nil {
		return cfg, perrOut
	}
	if cfg.PoolTimeout, err = poolTimeoutParam(q); err != nil {
		return cfg, err
	}
	if cfg.ConnectTimeout, err = secondsParam(q, "connect_timeout"); err != nil {
		return cfg, err
	}
	if s := q.Get("host"); s != "" && u.Host == "" {
		u.Host = "localhost" // a socket dir in ?host=; pgx reads it from the query
	}
	for _, p := range prismaParams {
		q.Del(p)
	}
	if q.Get("sslmode") == "" {
		// Prisma's default: TLS when the server offers it.
		q.Set("sslmode", "prefer")
	}
	u.Scheme = "postgresql"
	u.RawQuery = q.Encode()
	cfg.ConnString = u.String()
	if cfg.Schema == "" {
		cfg.Schema = "public"
	}
	return cfg, nil
}

// MySQLConfig translates a mysql:// URL.
func MySQLConfig(rawURL string) (mysql.Config, error) {
	u, err := config.ParseURL(rawURL)
	if err != nil {
		return mysql.Config{}, perr.New(perr.ConnectFailed, nil, "the MySQL URL is not valid: %v", err)
	}
	q := u.Query()
	pw, _ := u.User.Password()
	cfg := mysql.Config{User: u.User.Username(), Password: pw, Host: u.Hostname(),
		Database: strings.TrimPrefix(u.Path, "/"), Socket: q.Get("socket")}
	if cfg.Host == "" {
		cfg.Host = "localhost"
	}
	if p := u.Port(); p != "" {
		if cfg.Port, err = strconv.Atoi(p); err != nil {
			return cfg, perr.New(perr.ConnectFailed, nil, "the MySQL URL has an invalid port %q", p)
		}
	}
	if cfg.MaxConns, err = intParam(q, "connection_limit"); err != nil {
		return cfg, err
	}
	if cfg.PoolTimeout, err = poolTimeoutParam(q); err != nil {
		return cfg, err
	}
	if cfg.ConnectTimeout, err = secondsParam(q, "connect_timeout"); err != nil {
		return cfg, err
	}
	switch q.Get("sslaccept") {
	case "accept_invalid_certs":
		cfg.TLS = "skip-verify"
	case "strict":
		cfg.TLS = "true"
	default:
		cfg.TLS = "preferred"
	}
	if m := q.Get("sslmode"); m == "disable" || m == "DISABLED" {
		cfg.TLS = "false"
	}
	return cfg, nil
}

func intParam(q url.Values, name string) (int, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, perr.New(perr.ConnectFailed, nil, "the database URL parameter %s must be a whole number, got %q", name, s)
	}
	return n, nil
}

// poolTimeoutParam reads pool_timeout: absent means the adapter's default,
// 0 means no limit (driver.NoPoolTimeout), as in Prisma.
func poolTimeoutParam(q url.Values) (time.Duration, error) {
	d, err := secondsParam(q, "pool_timeout")
	if err == nil && d == 0 && q.Has("pool_timeout") {
		d = driver.NoPoolTimeout
	}
	return d, err
}

func secondsParam(q url.Values, name string) (time.Duration, error) {
	n, err := intParam(q, name)
	return time.Duration(n) * time.Second, err
}
