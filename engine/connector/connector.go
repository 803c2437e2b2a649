// Package connector reads a DATABASE_URL as Prisma users write it and opens
// the matching driver adapter: `file:./dev.db` (relative to the project
// root, as Prisma 7 resolves it), `postgresql://` or `postgres://`, and
// `mysql://`. Prisma's own URL parameters (schema, connection_limit,
// pool_timeout, connect_timeout, socket_timeout, ssl*, statement_cache_size,
// pgbouncer, socket) are read and checked in params.go, the TLS settings
// built in tls.go, and applied here; the rest goes to the database driver.
// docs/connection-url.md documents them.
//
// PostgreSQL and MySQL live in network.go; the WebAssembly build (WASI
// preview 1 has no sockets) has network_wasip1.go instead, which refuses
// their URLs naming the native wheel, and so links neither pgx nor
// go-sql-driver/mysql.
//
// URLs are read with engine/config's tolerant parser (config.ParseURL), the
// same that renders them for people (config.Mask), so an unencoded `%`, `@`,
// `:` or `/` in a password means the same thing to both.
//
// Errors are *perr.Error and never contain the password: whatever a driver
// says while connecting is scrubbed of the URL's credentials
// (config.Scrubber) before it leaves Open. This package imports the
// adapters, perr and config; it must not import the query or schema layers.
package connector

import (
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/sqlite"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// Provider names the provider of a URL by its scheme: "sqlite",
// "postgresql", "mysql", or "" when the scheme is not one of them.
func Provider(rawURL string) string { return config.Provider(rawURL) }

// Open connects to the database of rawURL. root is the project root that
// relative SQLite paths resolve against ("" means the working directory).
func Open(ctx context.Context, rawURL, root string) (driver.Pool, error) {
	rawURL = strings.TrimSpace(rawURL)
	pool, err := open(ctx, rawURL, root)
	if err != nil {
		return nil, ScrubError(err, rawURL)
	}
	return pool, nil
}

func open(ctx context.Context, rawURL, root string) (driver.Pool, error) {
	var (
		pool driver.Pool
		err  error
	)
	switch Provider(rawURL) {
	case "sqlite":
		var cfg sqlite.Config
		if cfg, err = SQLiteConfig(rawURL, root); err != nil {
			return nil, err
		}
		var p *sqlite.Pool
		if p, err = sqlite.Open(ctx, cfg); err == nil {
			pool = p
		}
	case "postgresql", "mysql":
		return openNetwork(ctx, Provider(rawURL), rawURL, root)
	default:
		return nil, perr.New(perr.ConnectFailed, map[string]any{"url_scheme": scheme(rawURL)},
			"the database URL must start with `file:`, `postgresql://`, `postgres://` or `mysql://` (got `%s`)", scheme(rawURL))
	}
	if err != nil {
		return nil, perr.FromDriver(err, perr.Op{})
	}
	return pool, nil
}

// QualifySchema is the schema= of a PostgreSQL URL with pgbouncer=true,
// which the connection does not select with search_path (see
// postgres.Config.PgBouncer): the engine names it on every table of a
// model without @@schema instead, as Prisma does. "" for every other URL
// (search_path selects the schema, or none was asked for), and for a URL
// that does not parse, whose error Open reports.
func QualifySchema(rawURL string) string {
	if Provider(rawURL) != "postgresql" {
		return ""
	}
	u, err := config.ParseURL(rawURL)
	if err != nil {
		return ""
	}
	p, err := readParams(u.Query())
	if err != nil || !p.PgBouncer {
		return ""
	}
	return p.Schema
}

// ScrubError returns a copy of a *perr.Error (other errors are wrapped)
// whose message and meta hold none of the credentials of urls.
func ScrubError(err error, urls ...string) error {
	if err == nil {
		return nil
	}
	s := config.NewScrubber(urls...)
	if s.Empty() {
		return err
	}
	if pe, ok := err.(*perr.Error); ok {
		meta, _ := s.Value(pe.Meta).(map[string]any)
		return &perr.Error{Code: pe.Code, Message: s.Scrub(pe.Message), Meta: meta}
	}
	return s.Error(err)
}

// scheme returns what precedes the first ':' of a URL, never the rest
// (which may hold a password).
func scheme(rawURL string) string {
	if i := strings.IndexByte(rawURL, ':'); i >= 0 {
		return rawURL[:i] + ":"
	}
	if rawURL == "" {
		return "(empty)"
	}
	return "(no scheme)"
}

// SQLiteConfig resolves a `file:` URL. Query parameters (connection_limit,
// socket_timeout, ...) are accepted and ignored, except that
// `connection_limit=1` means no reader connections.
func SQLiteConfig(rawURL, root string) (sqlite.Config, error) {
	rest := strings.TrimPrefix(rawURL, "file:")
	query := ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query = rest[:i], rest[i+1:]
	}
	// file:///abs/x.db and file://./x.db are written too.
	if strings.HasPrefix(rest, "//") {
		rest = strings.TrimPrefix(rest, "//")
		if !strings.HasPrefix(rest, "/") && !strings.HasPrefix(rest, ".") {
			rest = "/" + rest
		}
	}
	if p, err := url.PathUnescape(rest); err == nil {
		rest = p
	}
	if rest == "" {
		return sqlite.Config{}, perr.New(perr.ConnectFailed, nil, "the SQLite URL `%s` names no file", rawURL)
	}
	cfg := sqlite.Config{Path: rest}
	if rest != ":memory:" && !filepath.IsAbs(rest) {
		if root == "" {
			root = "."
		}
		abs, err := filepath.Abs(filepath.Join(root, rest))
		if err != nil {
			return sqlite.Config{}, perr.New(perr.ConnectFailed, nil, "cannot resolve the SQLite path %q: %v", rest, err)
		}
		cfg.Path = abs
	}
	q, _ := url.ParseQuery(query)
	if q.Get("connection_limit") == "1" {
		cfg.Readers = -1
	}
	if s := q.Get("socket_timeout"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			cfg.BusyTimeout = time.Duration(n) * time.Second
		}
	}
	return cfg, nil
}
