//go:build !wasip1

package connector

import (
	"context"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/postgres"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// openNetwork opens a PostgreSQL or MySQL pool; errors are the adapters'
// (open maps them to perr).
func openNetwork(ctx context.Context, provider, rawURL, root string) (driver.Pool, error) {
	if provider == "postgresql" {
		cfg, err := PostgresConfig(rawURL, root)
		if err != nil {
			return nil, err
		}
		p, err := postgres.Open(ctx, cfg)
		if err != nil {
			return nil, perr.FromDriver(err, perr.Op{})
		}
		return p, nil
	}
	cfg, err := MySQLConfig(rawURL, root)
	if err != nil {
		return nil, err
	}
	p, err := mysql.Open(ctx, cfg)
	if err != nil {
		return nil, perr.FromDriver(err, perr.Op{})
	}
	return p, nil
}

// PostgresConfig translates a postgresql:// URL; root is the project root
// (relative certificate paths resolve against <root>/prisma).
func PostgresConfig(rawURL, root string) (postgres.Config, error) {
	u, err := config.ParseURL(rawURL)
	if err != nil {
		return postgres.Config{}, perr.New(perr.InvalidURL, nil, "The provided database string is invalid. The PostgreSQL URL is not valid: %v", err)
	}
	q := u.Query()
	p, err := readParams(q)
	if err == nil {
		err = checkSSLMode(p.SSLMode)
	}
	if err != nil {
		return postgres.Config{}, err
	}
	cfg := postgres.Config{Schema: p.Schema, MaxConns: p.ConnectionLimit, PoolTimeout: p.PoolTimeout,
		ConnectTimeout: p.ConnectTimeout, SocketTimeout: p.SocketTimeout, StatementCache: p.StatementCacheSize,
		NoPrepare: p.StatementCacheSize == 0, PgBouncer: p.PgBouncer}
	if s := q.Get("host"); s != "" && u.Host == "" {
		u.Host = "localhost" // a socket dir in ?host=; pgx reads it from the query
	}
	for _, name := range paramNames {
		q.Del(name)
	}
	mode := p.SSLMode
	switch mode {
	case "":
		mode = "prefer" // Prisma's default: TLS when the server offers it
	case "verify-ca", "verify-full":
		// libpq's names for require with the server's certificate checked.
		if p.SSLAccept == "" {
			p.SSLAccept = "strict"
		}
		q.Set("sslmode", "require")
	}
	if q.Get("sslmode") == "" {
		q.Set("sslmode", mode)
	}
	if p.SSLAccept == "strict" && (mode == "prefer" || mode == "allow") {
		// A certificate to check means TLS: pgx's prefer and allow would
		// try plain text after a certificate that failed the check, where
		// the user asked for it to be checked. The MySQL side refuses
		// plain text under strict too.
		q.Set("sslmode", "require")
	}
	if mode != "disable" {
		// Prisma's PostgreSQL default is accept_invalid_certs: TLS without
		// checking the certificate, unless sslaccept=strict.
		cfg.TLS, err = tlsConfig(p, root, p.SSLAccept == "strict", mode != "verify-ca")
		if err != nil {
			return postgres.Config{}, err
		}
	}
	u.Scheme = "postgresql"
	u.RawQuery = q.Encode()
	cfg.ConnString = u.String()
	if cfg.Schema == "" && !cfg.PgBouncer {
		// Prisma's default. Behind PgBouncer, none: the server's own
		// search_path (the role's, say) stays in force, as it was asked for.
		cfg.Schema = "public"
	}
	return cfg, nil
}

// MySQLConfig translates a mysql:// URL; root is the project root
// (relative certificate paths resolve against <root>/prisma).
func MySQLConfig(rawURL, root string) (mysql.Config, error) {
	u, err := config.ParseURL(rawURL)
	if err != nil {
		return mysql.Config{}, perr.New(perr.InvalidURL, nil, "The provided database string is invalid. The MySQL URL is not valid: %v", err)
	}
	q := u.Query()
	p, err := readParams(q)
	if err != nil {
		return mysql.Config{}, err
	}
	pw, _ := u.User.Password()
	cfg := mysql.Config{User: u.User.Username(), Password: pw, Host: u.Hostname(),
		Database: strings.TrimPrefix(u.Path, "/"), Socket: p.Socket, MaxConns: p.ConnectionLimit,
		PoolTimeout: p.PoolTimeout, ConnectTimeout: p.ConnectTimeout, SocketTimeout: p.SocketTimeout}
	if cfg.Host == "" {
		cfg.Host = "localhost"
	}
	if port := u.Port(); port != "" {
		if cfg.Port, err = strconv.Atoi(port); err != nil {
			return cfg, perr.New(perr.InvalidURL, nil, "The provided database string is invalid. The MySQL URL has an invalid port %q", port)
		}
	}
	mode := p.SSLMode
	if mode == "disable" || mode == "DISABLED" {
		return cfg, nil // no TLS
	}
	// Without sslaccept=strict: TLS when the server offers it, its
	// certificate unchecked, as Prisma's MySQL connector does. Prisma's
	// MySQL URLs have no sslmode; `require` is read as PostgreSQL's (TLS or
	// no connection, the certificate unchecked) rather than ignored.
	strict := p.SSLAccept == "strict"
	if cfg.TLS, err = tlsConfig(p, root, strict, true); err != nil {
		return cfg, err
	}
	cfg.TLS.ServerName = cfg.Host
	cfg.TLSRequired = strict || mode == "require" || mode == "REQUIRED"
	return cfg, nil
}
