// Package testdb gives a test an empty database of its own: a new SQLite
// file, or a new database on the PostgreSQL or MySQL test server named by
// CASPIAN_TEST_POSTGRES_URL / CASPIAN_TEST_MYSQL_URL (`eval "$(bash
// scripts/db-up.sh)"` exports both), dropped when the test ends. Without the
// variable a server test is skipped, so SQLite always runs.
//
// It is imported by tests only. It opens connections through
// engine/connector, as the engine does, and creates databases with the
// migration flavour's DDL (engine/migrate/flavour), as `ppy` does. It must
// not import engine, engine/query, engine/migrate or engine/cli: their
// in-package tests use it, and the import would be a cycle.
package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
)

// EnvVar is the variable naming the test server of a provider ("" for
// SQLite, which needs none).
func EnvVar(provider string) string {
	return map[string]string{"postgresql": "CASPIAN_TEST_POSTGRES_URL", "mysql": "CASPIAN_TEST_MYSQL_URL"}[provider]
}

// seq keeps two databases created in the same nanosecond apart.
var seq atomic.Int64

// URL creates an empty database on the test server of provider
// ("postgresql" or "mysql") and returns its URL; the database is dropped
// when the test ends, after the cleanups the test registers later (closing
// its pools) have run. The test is skipped when the server's variable is
// unset. prefix starts the database's name, so a leftover one says which
// suite made it.
func URL(t testing.TB, provider, prefix string) string {
	t.Helper()
	env := EnvVar(provider)
	if env == "" {
		t.Fatalf("testdb: no test server for provider %q", provider)
	}
	base := os.Getenv(env)
	if base == "" {
		t.Skipf("%s not set", env)
	}
	fl, err := flavour.For(provider)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := connector.Open(ctx, base, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("%s_%d_%d", prefix, time.Now().UnixNano(), seq.Add(1))
	if _, err := admin.Exec(ctx, fl.CreateDatabase(name), nil); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(ctx, fl.DropDatabase(name), nil)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open returns a pool on an empty database of provider: a new SQLite file
// in the test's temporary folder, or a database from URL. The pool is
// closed, and the database dropped, when the test ends.
func Open(t testing.TB, provider, prefix string) driver.Pool {
	t.Helper()
	ctx := context.Background()
	dbURL, root := "file:./dev.db", t.TempDir()
	if provider != "sqlite" {
		dbURL = URL(t, provider, prefix)
	}
	p, err := connector.Open(ctx, dbURL, root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// Atomic is a pool as the query layer runs on it (query.DB, exec.DB):
// Atomic runs fn in a new transaction, committed when fn returns nil.
type Atomic struct{ driver.Pool }

func (p Atomic) Atomic(ctx context.Context, fn func(q driver.Querier) error) error {
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
