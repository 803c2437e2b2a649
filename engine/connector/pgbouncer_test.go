//go:build !wasip1

package connector_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// Against the PgBouncer of scripts/pgbouncer-up.sh (transaction pooling,
// 4 server connections per database), started by scripts/db-up.sh.

// viaPgBouncer returns a new test database's direct URL and the same
// database through PgBouncer; the test is skipped without PgBouncer.
func viaPgBouncer(t *testing.T) (direct, bounced string) {
	t.Helper()
	pgb := os.Getenv("CASPIAN_TEST_PGBOUNCER_URL")
	if pgb == "" {
		t.Skip("CASPIAN_TEST_PGBOUNCER_URL not set")
	}
	direct = testdb.URL(t, "postgresql", "pgbouncer")
	d, _ := url.Parse(direct)
	b, _ := url.Parse(pgb)
	b.Path = d.Path
	return direct, b.String()
}

// workload runs clients goroutines that each mix statements with arguments
// (prepared, unless the URL says otherwise) and interactive transactions,
// and returns the errors seen.
func workload(t *testing.T, p driver.Pool, clients, rounds int) []error {
	ctx := context.Background()
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				id := int64(c*rounds + r)
				if _, err := p.Exec(ctx, "INSERT INTO item (id, name) VALUES ($1, $2)", []any{id, fmt.Sprint("n", id)}); err != nil {
					fail(err)
					continue
				}
				if _, err := p.Query(ctx, "SELECT id, name FROM item WHERE id = $1", []any{id}, []driver.Type{driver.TypeInt, driver.TypeString}); err != nil {
					fail(err)
				}
				tx, err := p.Begin(ctx, driver.TxOptions{})
				if err != nil {
					fail(err)
					continue
				}
				_, err = tx.Exec(ctx, "UPDATE item SET name = $1 WHERE id = $2", []any{"tx", id})
				if err == nil {
					_, err = tx.Query(ctx, "SELECT count(*) FROM item WHERE name = $1", []any{"tx"}, []driver.Type{driver.TypeBigInt})
				}
				if err != nil {
					fail(err)
					tx.Rollback(ctx)
					continue
				}
				if err := tx.Commit(ctx); err != nil {
					fail(err)
				}
			}
		}()
	}
	wg.Wait()
	return errs
}

func createItems(t *testing.T, direct string) driver.Pool {
	admin := open(t, direct)
	if _, err := admin.Exec(context.Background(), "CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL)", nil); err != nil {
		t.Fatal(err)
	}
	return admin
}

// pgbouncer=true: many clients, statements and interactive transactions
// through PgBouncer in transaction mode, and no prepared-statement error.
func TestPgBouncerTransactionMode(t *testing.T) {
	direct, bounced := viaPgBouncer(t)
	admin := createItems(t, direct)
	p := open(t, withParams(bounced, "pgbouncer=true&connection_limit=16"))
	const clients, rounds = 16, 25
	if errs := workload(t, p, clients, rounds); len(errs) > 0 {
		t.Fatalf("%d errors through PgBouncer with pgbouncer=true, the first: %v", len(errs), errs[0])
	}
	rows, err := admin.Query(context.Background(), "SELECT count(*) FROM item WHERE name = 'tx'", nil, []driver.Type{driver.TypeBigInt})
	if err != nil || rows[0][0] != int64(clients*rounds) {
		t.Errorf("committed rows: %v (%v), want %d", rows, err, clients*rounds)
	}
}

// Without pgbouncer=true PgBouncer refuses the connection (it does not
// track search_path, which the adapter sends at connect), and the error
// says what to add. (engine/driver/postgres shows that the adapter's named
// prepared statements fail through PgBouncer too.)
func TestPgBouncerWithoutFlag(t *testing.T) {
	_, bounced := viaPgBouncer(t)
	_, err := connector.Open(context.Background(), bounced, t.TempDir())
	pe := perrOf(t, err)
	if pe.Code != perr.ConnectFailed || !strings.Contains(pe.Message, "search_path") || !strings.Contains(pe.Message, "`pgbouncer=true`") {
		t.Errorf("got %s %q", pe.Code, pe.Message)
	}
	if strings.Contains(pe.Message, ":caspian@") {
		t.Errorf("the password leaked: %s", pe.Message)
	}
}

// TLS through PgBouncer, which offers it with a certificate of the test CA:
// Prisma's default accepts it unchecked, sslaccept=strict checks it against
// sslcert (and fails without it), sslidentity presents a client certificate.
func TestTLSParams(t *testing.T) {
	_, bounced := viaPgBouncer(t)
	tlsDir := os.Getenv("CASPIAN_TEST_PGBOUNCER_TLS")
	if tlsDir == "" {
		t.Skip("CASPIAN_TEST_PGBOUNCER_TLS not set")
	}
	ca := url.QueryEscape(filepath.Join(tlsDir, "ca.pem"))
	id := url.QueryEscape(filepath.Join(tlsDir, "client.p12"))
	ctx := context.Background()
	for _, q := range []string{
		"sslmode=require",
		"sslmode=require&sslaccept=strict&sslcert=" + ca,
		"sslmode=verify-full&sslcert=" + ca,
		"sslmode=require&sslidentity=" + id + "&sslpassword=caspian",
	} {
		p, err := connector.Open(ctx, withParams(bounced, q+"&pgbouncer=true"), t.TempDir())
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if _, _, err := p.QueryRaw(ctx, "SELECT 1", nil); err != nil {
			t.Errorf("%s: %v", q, err)
		}
		p.Close()
	}
	_, err := connector.Open(ctx, withParams(bounced, "sslmode=require&sslaccept=strict&pgbouncer=true&connect_timeout=2"), t.TempDir())
	if pe := perrOf(t, err); pe.Code != perr.TLSFailed {
		t.Errorf("strict without the CA: %v", err)
	}
	_, err = connector.Open(ctx, withParams(bounced, "sslmode=require&pgbouncer=true&sslidentity="+id+"&sslpassword=wrong"), t.TempDir())
	if pe := perrOf(t, err); pe.Code != perr.InvalidURL || !strings.Contains(pe.Message, "cannot be opened with `sslpassword`") {
		t.Errorf("a wrong sslpassword: %v", err)
	}
}
