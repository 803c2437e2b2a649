package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
)

func openTemp(t *testing.T) *Pool {
	t.Helper()
	p, err := Open(context.Background(), Config{Path: filepath.Join(t.TempDir(), "test.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestSuite(t *testing.T) {
	p := openTemp(t)
	drivertest.Run(t, drivertest.Setup{
		MaxConns: 1, // the writer
		Pool:     p,
		P:        func(int) string { return "?" },
		Q:        func(n string) string { return `"` + n + `"` },
		DDL: []string{
			`CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY, "s" TEXT, "i" INTEGER, "b" BIGINT, "f" REAL,
				"d" DECIMAL, "ok" BOOLEAN, "at" DATETIME, "j" JSONB, "by" BLOB)`,
			`CREATE TABLE "U" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "name" TEXT NOT NULL)`,
			`CREATE UNIQUE INDEX "U_email_key" ON "U"("email")`,
			`CREATE TABLE "C" ("id" INTEGER NOT NULL PRIMARY KEY, "uId" INTEGER NOT NULL,
				CONSTRAINT "C_uId_fkey" FOREIGN KEY ("uId") REFERENCES "U" ("id") ON DELETE RESTRICT ON UPDATE CASCADE)`,
		},
		Sleep: `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT max(x) FROM c`,
	})
}

func TestPragmas(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"foreign_keys": "1",
		"busy_timeout": strconv.Itoa(int(driver.DefaultBusyTimeout / time.Millisecond)),
	} {
		// Exec-side (writer) and reader-side values.
		tx, err := p.Begin(ctx, driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, rows, err := tx.QueryRaw(ctx, "PRAGMA "+pragma, nil)
		tx.Rollback(ctx)
		if err != nil || len(rows) != 1 || toString(rows[0][0]) != want {
			t.Errorf("writer PRAGMA %s = %v (%v), want %s", pragma, rows, err, want)
		}
		_, rows, err = p.QueryRaw(ctx, "PRAGMA "+pragma, nil)
		if err != nil || len(rows) != 1 || toString(rows[0][0]) != want {
			t.Errorf("reader PRAGMA %s = %v (%v), want %s", pragma, rows, err, want)
		}
	}
}

func toString(v any) string {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	}
	return ""
}

// TestReaderWriterSplit: reads run while a transaction holds the writer, see
// only committed data, and a writing statement sent through Query goes to
// the writer.
func TestReaderWriterSplit(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY, "v" TEXT)`, nil); err != nil {
		t.Fatal(err)
	}
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO "a" ("v") VALUES (?)`, []any{"x"}); err != nil {
		t.Fatal(err)
	}
	qctx, cancel := context.WithTimeout(ctx, time.Second)
	rows, err := p.Query(qctx, `SELECT COUNT(*) FROM "a"`, nil, []driver.Type{driver.TypeInt})
	cancel()
	if err != nil || rows[0][0] != int64(0) {
		t.Fatalf("read beside a writer: %v %v", rows, err)
	}
	// A write outside the tx waits for the writer: with a short deadline it
	// times out instead of corrupting the tx.
	wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	_, err = p.Query(wctx, `INSERT INTO "a" ("v") VALUES ('y') RETURNING "id"`, nil, []driver.Type{driver.TypeInt})
	cancel()
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindTimeout {
		t.Fatalf("write while writer busy: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err = p.Query(ctx, `INSERT INTO "a" ("v") VALUES ('y') RETURNING "id"`, nil, []driver.Type{driver.TypeInt})
	if err != nil || rows[0][0] != int64(2) {
		t.Fatalf("INSERT RETURNING through Query: %v %v", rows, err)
	}
}

// TestBusyTimeout: a second process-level writer (another pool on the same
// file) waits busy_timeout and then reports KindTimeout.
func TestBusyTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	ctx := context.Background()
	a, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, Config{Path: path, BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Exec(ctx, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY)`, nil); err != nil {
		t.Fatal(err)
	}
	tx, err := a.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = b.Exec(ctx, `INSERT INTO "a" DEFAULT VALUES`, nil)
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindTimeout {
		t.Errorf("second writer: %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 3*time.Second {
		t.Errorf("waited %v, want about the 200ms busy timeout", d)
	}
	tx.Rollback(ctx)
	if _, err := b.Exec(ctx, `INSERT INTO "a" DEFAULT VALUES`, nil); err != nil {
		t.Errorf("after the lock is gone: %v", err)
	}
}

// TestDateTimeForms: every form Prisma or SQLite writes reads back as UTC.
func TestDateTimeForms(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	want := time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	for _, stored := range []any{
		"2024-01-02T03:04:05.678+00:00", "2024-01-02T03:04:05.678Z", "2024-01-02T05:04:05.678+02:00",
		"2024-01-02 03:04:05.678", "2024-01-02T03:04:05.678", int64(1704164645678),
	} {
		rows, err := p.Query(ctx, `SELECT ?`, []any{stored}, []driver.Type{driver.TypeDateTime})
		if err != nil {
			t.Fatalf("%v: %v", stored, err)
		}
		if got := rows[0][0].(time.Time); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%v: got %v", stored, got)
		}
	}
	rows, err := p.Query(ctx, `SELECT ?`, []any{"2024-01-02 03:04:05"}, []driver.Type{driver.TypeDateTime})
	if err != nil || !rows[0][0].(time.Time).Equal(want.Truncate(time.Second)) {
		t.Errorf("CURRENT_TIMESTAMP form: %v %v", rows, err)
	}
	rows, err = p.Query(ctx, `SELECT ?`, []any{want.Add(123 * time.Microsecond)}, []driver.Type{driver.TypeString})
	if err != nil || rows[0][0] != "2024-01-02T03:04:05.678+00:00" {
		t.Errorf("written form: %v %v", rows, err)
	}
}

func TestMultiStatementExec(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	_, err := p.Exec(ctx, `CREATE TABLE "x" ("id" INTEGER PRIMARY KEY); CREATE TABLE "y" ("id" INTEGER PRIMARY KEY);
		INSERT INTO "y" DEFAULT VALUES;`, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := p.Query(ctx, `SELECT COUNT(*) FROM "y"`, nil, []driver.Type{driver.TypeInt})
	if err != nil || rows[0][0] != int64(1) {
		t.Errorf("%v %v", rows, err)
	}
}

func TestMemory(t *testing.T) {
	p, err := Open(context.Background(), Config{Path: ":memory:"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY)`, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Query(ctx, `SELECT * FROM "a"`, nil, []driver.Type{driver.TypeInt}); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrency: readers, autocommit writers and transactions at once
// neither fail nor deadlock; every write lands.
func TestConcurrency(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY, "v" INTEGER)`, nil); err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 8, 40
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			var err error
			for i := 0; i < rounds && err == nil; i++ {
				switch (w + i) % 3 {
				case 0:
					_, err = p.Exec(ctx, `INSERT INTO "a" ("v") VALUES (?)`, []any{int64(i)})
				case 1:
					_, err = p.Query(ctx, `SELECT COUNT(*) FROM "a"`, nil, []driver.Type{driver.TypeInt})
				case 2:
					var tx driver.Tx
					if tx, err = p.Begin(ctx, driver.TxOptions{}); err == nil {
						if _, err = tx.Exec(ctx, `INSERT INTO "a" ("v") VALUES (?)`, []any{int64(-i)}); err == nil {
							err = tx.Commit(ctx)
						} else {
							tx.Rollback(ctx)
						}
					}
				}
			}
			errs <- err
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	want := 0
	for w := range workers {
		for i := range rounds {
			if (w+i)%3 != 1 {
				want++
			}
		}
	}
	rows, err := p.Query(ctx, `SELECT COUNT(*) FROM "a"`, nil, []driver.Type{driver.TypeInt})
	if err != nil || rows[0][0] != int64(want) {
		t.Errorf("rows = %v (%v), want %d", rows, err, want)
	}
}

// TestRawBeginOnReader: a stray BEGIN through QueryRaw does not leave a
// reader inside a transaction (stale snapshots for later reads).
func TestRawBeginOnReader(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	p.Exec(ctx, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY)`, nil)
	if _, _, err := p.QueryRaw(ctx, "BEGIN", nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.QueryRaw(ctx, `SELECT * FROM "a"`, nil); err != nil {
		t.Fatal(err)
	}
	p.Exec(ctx, `INSERT INTO "a" DEFAULT VALUES`, nil)
	rows, err := p.Query(ctx, `SELECT COUNT(*) FROM "a"`, nil, []driver.Type{driver.TypeInt})
	if err != nil || rows[0][0] != int64(1) {
		t.Errorf("read after a stray BEGIN: %v %v", rows, err)
	}
}

// TestJSONBBlob: a Json column written with jsonb() (binary) reads as text.
func TestJSONBBlob(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	p.Exec(ctx, `CREATE TABLE "j" ("id" INTEGER PRIMARY KEY, "v" JSONB)`, nil)
	if _, err := p.Exec(ctx, `INSERT INTO "j" ("v") VALUES (jsonb(?)), (?)`, []any{`{"a":[1,2]}`, driver.JSON(`{"b":true}`)}); err != nil {
		t.Fatal(err)
	}
	rows, err := p.Query(ctx, `SELECT "v" FROM "j" ORDER BY "id"`, nil, []driver.Type{driver.TypeJSON})
	if err != nil || len(rows) != 2 || rows[0][0] != driver.JSON(`{"a":[1,2]}`) || rows[1][0] != driver.JSON(`{"b":true}`) {
		t.Errorf("rows = %#v (%v)", rows, err)
	}
	_, raw, err := p.QueryRaw(ctx, `SELECT "v" FROM "j" ORDER BY "id"`, nil)
	if err != nil || raw[0][0] != driver.JSON(`{"a":[1,2]}`) {
		t.Errorf("raw = %#v (%v)", raw, err)
	}
}

// TestInvalidUTF8Text: SQLite stores TEXT that is not UTF-8 when asked to
// (a cast from a blob, another writer). Such a value is read with U+FFFD
// for each invalid sequence, by model and raw queries alike, so that one
// bad row cannot make every query returning it fail to decode in Python;
// a Bytes column keeps the bytes as stored.
func TestInvalidUTF8Text(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE t (s TEXT, b BLOB); INSERT INTO t VALUES (CAST(X'6261dd64ff' AS TEXT), CAST(X'6261dd64ff' AS TEXT))`, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := p.Query(ctx, `SELECT s, b FROM t`, nil, []driver.Type{driver.TypeString, driver.TypeBytes})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "ba\uFFFDd\uFFFD" || string(rows[0][1].([]byte)) != "ba\xddd\xff" {
		t.Fatalf("got %q %q", rows[0][0], rows[0][1])
	}
	_, raw, err := p.QueryRaw(ctx, `SELECT s, CAST(X'ff' AS TEXT) AS x FROM t`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if raw[0][0] != "ba\uFFFDd\uFFFD" || raw[0][1] != "\uFFFD" {
		t.Fatalf("raw: got %q", raw[0])
	}
}

// TestRealInIntegerColumn: a REAL beyond the 64-bit range in an integer
// column (what SQLite stores when integer arithmetic overflows) is an
// out-of-range error, never wrapped into -9223372036854775808.
func TestRealInIntegerColumn(t *testing.T) {
	p := openTemp(t)
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE t (n BIGINT); INSERT INTO t VALUES (9223372036854775807 + 1)`, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := p.Query(ctx, `SELECT n FROM t`, nil, []driver.Type{driver.TypeBigInt})
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindValueOutOfRange {
		t.Fatalf("want value out of range, got %v %v", rows, err)
	}
}

// TestTooManyParams: more bind arguments than SQLITE_MAX_VARIABLE_NUMBER is
// a neutral KindTooManyParams, not an SQLITE_ERROR known only by its text.
func TestTooManyParams(t *testing.T) {
	p := openTemp(t)
	args := make([]any, driver.MaxParamsSQLite+1)
	sql := "SELECT 1 WHERE 1 IN (?" + strings.Repeat(", ?", len(args)-1) + ")"
	for i := range args {
		args[i] = int64(i)
	}
	_, _, err := p.QueryRaw(context.Background(), sql, args)
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindTooManyParams {
		t.Fatalf("want too many parameters, got %v", err)
	}
}
