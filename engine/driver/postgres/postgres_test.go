package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
)

// freshDB creates a database of its own for the test (dropped afterwards)
// on the server of CASPIAN_TEST_POSTGRES_URL, and returns its URL.
func freshDB(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CASPIAN_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("CASPIAN_TEST_POSTGRES_URL is not set (eval \"$(scripts/db-up.sh)\")")
	}
	ctx := context.Background()
	admin, err := Open(ctx, Config{ConnString: base})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("caspian_drv_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := Open(ctx, Config{ConnString: base})
		if err == nil {
			admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)", nil)
			admin.Close()
		}
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

func openFresh(t testing.TB, cfg Config) *Pool {
	cfg.ConnString = freshDB(t)
	p, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestSuite(t *testing.T) {
	runSuite(t, Config{MaxConns: 4})
}

// TestSuiteNoPrepare runs the suite unprepared, as behind PgBouncer:
// every result column arrives as text.
func TestSuiteNoPrepare(t *testing.T) {
	runSuite(t, Config{MaxConns: 4, NoPrepare: true})
}

func runSuite(t *testing.T, cfg Config) {
	p := openFresh(t, cfg)
	drivertest.Run(t, drivertest.Setup{
		MaxConns: 4,
		OpenTxs: `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
			AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'`,
		Pool: p,
		P:    func(i int) string { return "$" + strconv.Itoa(i) },
		Q:    quoteIdent,
		DDL: []string{
			`CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY, "s" TEXT, "i" INTEGER, "b" BIGINT,
				"f" DOUBLE PRECISION, "d" DECIMAL(65,30), "ok" BOOLEAN, "at" TIMESTAMP(3), "j" JSONB, "by" BYTEA)`,
			`CREATE TABLE "U" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "name" TEXT NOT NULL)`,
			`CREATE UNIQUE INDEX "U_email_key" ON "U"("email")`,
			`CREATE TABLE "C" ("id" INTEGER NOT NULL PRIMARY KEY, "uId" INTEGER NOT NULL,
				CONSTRAINT "C_uId_fkey" FOREIGN KEY ("uId") REFERENCES "U" ("id") ON DELETE RESTRICT ON UPDATE CASCADE)`,
		},
		Sleep: "SELECT pg_sleep(1)",
	})
}

func TestSchemaParam(t *testing.T) {
	p := openFresh(t, Config{Schema: "my schema"})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE SCHEMA "my schema"; CREATE TABLE "a" ("id" INT)`, nil); err != nil {
		t.Fatal(err)
	}
	_, rows, err := p.QueryRaw(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = 'a'`, nil)
	if err != nil || len(rows) != 1 || rows[0][0] != "my schema" {
		t.Errorf("table created in %v (%v)", rows, err)
	}
}

func TestSerializationKind(t *testing.T) {
	p := openFresh(t, Config{})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "a" ("id" INT PRIMARY KEY, "v" INT); INSERT INTO "a" VALUES (1, 0)`, nil); err != nil {
		t.Fatal(err)
	}
	opts := driver.TxOptions{Isolation: driver.Serializable}
	t1, _ := p.Begin(ctx, opts)
	t2, _ := p.Begin(ctx, opts)
	read := `SELECT "v" FROM "a" WHERE "id" = 1`
	upd := `UPDATE "a" SET "v" = "v" + 1 WHERE "id" = 1`
	t1.Query(ctx, read, nil, []driver.Type{driver.TypeInt})
	t2.Query(ctx, read, nil, []driver.Type{driver.TypeInt})
	if _, err := t1.Exec(ctx, upd, nil); err != nil {
		t.Fatal(err)
	}
	if err := t1.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := t2.Exec(ctx, upd, nil)
	t2.Rollback(ctx)
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindSerialization || de.Code != "40001" {
		t.Errorf("concurrent serializable update: %v", err)
	}
}

func TestConnectionErrors(t *testing.T) {
	base := os.Getenv("CASPIAN_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("CASPIAN_TEST_POSTGRES_URL is not set")
	}
	u, _ := url.Parse(base)
	u.User = url.UserPassword(u.User.Username(), "wrong-secret")
	_, err := Open(context.Background(), Config{ConnString: u.String()})
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Code != "28P01" {
		t.Errorf("bad password: %#v", err)
	}
	if err != nil && contains(err.Error(), "wrong-secret") {
		t.Errorf("password in message: %v", err)
	}
	u, _ = url.Parse(base)
	u.Path = "/no_such_db_here"
	_, err = Open(context.Background(), Config{ConnString: u.String()})
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Code != "3D000" {
		t.Errorf("missing database: %#v", err)
	}
	_, err = Open(context.Background(), Config{ConnString: "postgresql://x:y@127.0.0.1:1/db", ConnectTimeout: time.Second})
	if !errors.As(err, &de) || de.Kind != driver.KindConnection || de.Host != "127.0.0.1:1" {
		t.Errorf("unreachable: %#v", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestScalarLists(t *testing.T) {
	p := openFresh(t, Config{})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "l" ("id" INT PRIMARY KEY, "tags" TEXT[], "nums" INTEGER[])`, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Exec(ctx, `INSERT INTO "l" VALUES ($1, $2, $3)`, []any{int64(1), []any{"a", "b"}, []any{int64(1), int64(2)}}); err != nil {
		t.Fatal(err)
	}
	rows, err := p.Query(ctx, `SELECT "tags", "nums" FROM "l"`, nil, []driver.Type{driver.TypeString, driver.TypeInt})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rows[0][0]) != "[a b]" || fmt.Sprintf("%#v", rows[0][1]) != "[]interface {}{1, 2}" {
		t.Errorf("rows = %#v", rows)
	}
}

// TestPoolLimits: connection_limit bounds the pool and pool_timeout bounds
// the wait, reported apart from the caller's own deadline.
func TestPoolLimits(t *testing.T) {
	p := openFresh(t, Config{MaxConns: 1, PoolTimeout: 200 * time.Millisecond})
	ctx := context.Background()
	if got := p.pool.Config().MaxConns; got != 1 {
		t.Fatalf("MaxConns = %d", got)
	}
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = p.Exec(ctx, "SELECT 1", nil)
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindTimeout || de.Code != driver.CodePoolTimeout {
		t.Errorf("second connection with a limit of 1: %#v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
		t.Errorf("waited %v for a 200ms pool_timeout", d)
	}
	// The caller's deadline, shorter than pool_timeout, is not P2024.
	short, stop := context.WithTimeout(ctx, 50*time.Millisecond)
	defer stop()
	_, err = p.Exec(short, "SELECT 1", nil)
	if !errors.As(err, &de) || de.Kind != driver.KindTimeout || de.Code == driver.CodePoolTimeout {
		t.Errorf("caller deadline while waiting: %#v", err)
	}
	tx.Rollback(ctx)
	if _, err := p.Exec(ctx, "SELECT 1", nil); err != nil {
		t.Errorf("after the connection came back: %v", err)
	}
}

// TestDefaultLimit: without connection_limit the pool holds Prisma's
// default, num_cpus*2+1.
func TestDefaultLimit(t *testing.T) {
	p := openFresh(t, Config{})
	if got, want := int(p.pool.Config().MaxConns), runtime.NumCPU()*2+1; got != want {
		t.Errorf("MaxConns = %d, want %d", got, want)
	}
}

// TestTxAborted: after a failed statement PostgreSQL refuses the rest of
// the transaction (25P02); the error says so and names the first failure,
// and COMMIT reports the rollback it turned into.
func TestTxAborted(t *testing.T) {
	p := openFresh(t, Config{})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "u" ("id" INT PRIMARY KEY)`, nil); err != nil {
		t.Fatal(err)
	}
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ins := `INSERT INTO "u" VALUES (1)`
	if _, err := tx.Exec(ctx, ins, nil); err != nil {
		t.Fatal(err)
	}
	var de *driver.Error
	if _, err := tx.Exec(ctx, ins, nil); !errors.As(err, &de) || de.Kind != driver.KindUniqueViolation {
		t.Fatalf("duplicate: %v", err)
	}
	_, err = tx.Query(ctx, `SELECT 1`, nil, []driver.Type{driver.TypeInt})
	if !errors.As(err, &de) || de.Kind != driver.KindTxAborted || de.Code != "25P02" ||
		!contains(de.Message, "earlier statement") || !contains(de.Message, "23505") {
		t.Errorf("statement after the failure: %#v", err)
	}
	err = tx.Commit(ctx)
	if !errors.As(err, &de) || de.Kind != driver.KindTxAborted || !contains(de.Message, "rolled back instead of committed") {
		t.Errorf("commit of the aborted tx: %#v", err)
	}
	rows, err := p.Query(ctx, `SELECT count(*) FROM "u"`, nil, []driver.Type{driver.TypeInt})
	if err != nil || rows[0][0] != int64(0) {
		t.Errorf("rows after the aborted tx: %v %v", rows, err)
	}
}

// TestCloseInUse: Close returns even while a statement holds a connection.
func TestCloseInUse(t *testing.T) {
	cfg := Config{ConnString: freshDB(t)}
	p, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := p.Begin(context.Background(), driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.Close()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Close took %v", d)
	}
	var de *driver.Error
	if _, err := p.Exec(context.Background(), "SELECT 1", nil); !errors.As(err, &de) || de.Kind != driver.KindConnection {
		t.Errorf("after Close: %#v", err)
	}
	tx.Rollback(context.Background())
}

// TestValueErrorKinds: values PostgreSQL refuses get a neutral kind from
// their SQLSTATE, so the catalogue reports a user error, never INTERNAL.
func TestValueErrorKinds(t *testing.T) {
	p := openFresh(t, Config{})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE t (s varchar(3), n integer)`, nil); err != nil {
		t.Fatal(err)
	}
	kind := func(err error) driver.Kind { return drivertest.DriverError(t, err).Kind }
	many := make([]any, driver.MaxParamsPostgres+1)
	for i := range many {
		many[i] = int64(i)
	}
	for _, c := range []struct {
		sql  string
		args []any
		want driver.Kind
	}{
		{`INSERT INTO t (s) VALUES ($1)`, []any{"a\x00b"}, driver.KindInvalidValue}, // 22021
		{`SELECT '{"a":"\u0000"}'::jsonb ->> 'a'`, nil, driver.KindInvalidValue},    // 22P05
		{`SELECT 1 / 0`, nil, driver.KindInvalidValue},                              // 22012
		{`INSERT INTO t (s) VALUES ($1)`, []any{"abcd"}, driver.KindValueTooLong},   // 22001
		{`SELECT 2147483647::int + 1`, nil, driver.KindValueOutOfRange},             // 22003
		{`SELECT 1 WHERE 1 IN (` + placeholders(len(many)) + `)`, many, driver.KindTooManyParams},
	} {
		_, _, err := p.QueryRaw(ctx, c.sql, c.args)
		if got := kind(err); got != c.want {
			t.Errorf("%.60s: kind %d, want %d (%v)", c.sql, got, c.want, err)
		}
	}
	// A statement_timeout is a timeout, not a cancellation by the caller.
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 50`, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_sleep(2)`, nil); kind(err) != driver.KindTimeout {
		t.Errorf("statement_timeout: %v", err)
	}
}

func placeholders(n int) string {
	b := make([]byte, 0, n*7)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b = append(b, ',')
		}
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(i), 10)
	}
	return string(b)
}
