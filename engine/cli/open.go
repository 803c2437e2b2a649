package cli

import (
	"context"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/postgres"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/sqlite"
)

// openPool is a stand-in for connector.Open until it lands (TEMPORARY).
func openPool(ctx context.Context, raw, root string) (driver.Pool, error) {
	if p, ok := strings.CutPrefix(raw, "file:"); ok {
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		return sqlite.Open(ctx, sqlite.Config{Path: p})
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	schemaName := q.Get("schema")
	q.Del("schema")
	u.RawQuery = q.Encode()
	if u.Scheme == "postgresql" || u.Scheme == "postgres" {
		return postgres.Open(ctx, postgres.Config{ConnString: u.String(), Schema: schemaName})
	}
	pw, _ := u.User.Password()
	port, _ := strconv.Atoi(u.Port())
	return mysql.Open(ctx, mysql.Config{User: u.User.Username(), Password: pw, Host: u.Hostname(), Port: port,
		Database: strings.TrimPrefix(u.Path, "/")})
}
