package query

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/mysql"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/postgres"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/sqlite"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// poolDB adapts a driver.Pool to DB: Atomic runs fn in a new transaction.
type poolDB struct{ driver.Pool }

func (p poolDB) Atomic(ctx context.Context, fn func(q driver.Querier) error) error {
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

func openServer(ctx context.Context, provider, raw string) (driver.Pool, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if provider == schema.PostgreSQL {
		return postgres.Open(ctx, postgres.Config{ConnString: raw})
	}
	pw, _ := u.User.Password()
	port, _ := strconv.Atoi(u.Port())
	return mysql.Open(ctx, mysql.Config{User: u.User.Username(), Password: pw, Host: u.Hostname(), Port: port,
		Database: u.Path[1:]})
}

// freshDB returns an empty database for provider with the test schema pushed:
// a new SQLite file always, a new PostgreSQL/MySQL database when
// CASPIAN_TEST_*_URL is set (else the test is skipped).
func freshDB(t testing.TB, provider string) (*schema.Schema, DB) {
	t.Helper()
	return freshDBFor(t, provider, loadSchema(t, provider))
}

func freshDBFor(t testing.TB, provider string, sch *schema.Schema) (*schema.Schema, DB) {
	t.Helper()
	ctx := context.Background()
	var pool driver.Pool
	if provider == schema.SQLite {
		p, err := sqlite.Open(ctx, sqlite.Config{Path: filepath.Join(t.TempDir(), "dev.db")})
		if err != nil {
			t.Fatal(err)
		}
		pool = p
	} else {
		env := map[string]string{schema.PostgreSQL: "CASPIAN_TEST_POSTGRES_URL", schema.MySQL: "CASPIAN_TEST_MYSQL_URL"}[provider]
		base := os.Getenv(env)
		if base == "" {
			t.Skipf("%s not set", env)
		}
		admin, err := openServer(ctx, provider, base)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("query_%d", time.Now().UnixNano())
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+name, nil); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(base)
		u.Path = "/" + name
		p, err := openServer(ctx, provider, u.String())
		if err != nil {
			t.Fatal(err)
		}
		pool = p
		t.Cleanup(func() {
			_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name, nil)
			admin.Close()
		})
	}
	t.Cleanup(func() { pool.Close() })
	if _, err := migrate.Push(ctx, pool, sch, migrate.PushOptions{}); err != nil {
		t.Fatalf("push: %v", err)
	}
	return sch, poolDB{pool}
}

// forEachProvider runs fn against a fresh database of every provider.
func forEachProvider(t *testing.T, fn func(t *testing.T, c *client)) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDB(t, p)
			fn(t, &client{t: t, sch: sch, db: db})
		})
	}
}

// client is a tiny test-side caller of Execute.
type client struct {
	t   *testing.T
	sch *schema.Schema
	db  DB
}

func (c *client) try(model, action string, argv map[string]any) (any, error) {
	if argv == nil {
		argv = map[string]any{}
	}
	return Execute(context.Background(), c.sch, c.db, model, action, argv)
}

func (c *client) do(model, action string, argv map[string]any) any {
	c.t.Helper()
	res, err := c.try(model, action, argv)
	if err != nil {
		c.t.Fatalf("%s.%s(%v): %v", model, action, argv, err)
	}
	return res
}

func (c *client) row(model, action string, argv map[string]any) map[string]any {
	c.t.Helper()
	r, _ := c.do(model, action, argv).(map[string]any)
	return r
}

func (c *client) rows(model, action string, argv map[string]any) []map[string]any {
	c.t.Helper()
	var out []map[string]any
	for _, r := range c.do(model, action, argv).([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}
