// Package drivertest is the conformance suite every driver adapter runs
// against a real database: value round trips, raw type inference, error
// kinds, transactions and cancellation. Each adapter's test supplies the DDL
// and placeholder style of its database; the expectations are shared, so the
// three adapters cannot drift apart.
//
// It imports only the driver contract and the standard library.
package drivertest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Setup describes one database under test.
type Setup struct {
	Pool driver.Pool
	// P returns the placeholder for the i-th argument (1-based).
	P func(i int) string
	// Q quotes an identifier.
	Q func(name string) string
	// DDL creates the tables, as Prisma would for:
	//
	//	model T { id Int @id; s String?; i Int?; b BigInt?; f Float?; d Decimal?;
	//	          ok Boolean?; at DateTime?; j Json?; by Bytes? }
	//	model U { id Int @id; email String @unique; name String }   (unique key "U_email_key")
	//	model C { id Int @id; uId Int; u U @relation(fields: [uId], references: [id]) }
	DDL []string
	// Sleep is a statement that runs for about a second (for cancellation).
	Sleep string
	// RawBoolIsInt: raw queries return a BOOLEAN column as 0/1 (MySQL, whose
	// driver cannot tell TINYINT(1) from TINYINT).
	RawBoolIsInt bool
	// MaxConns is how many transactions Pool holds at once (SQLite: 1, the
	// writer).
	MaxConns int
	// OpenTxs, when set, counts the server's other sessions of this
	// database that are in a transaction or running a statement.
	OpenTxs string
}

var typesT = []driver.Type{driver.TypeInt, driver.TypeString, driver.TypeInt, driver.TypeBigInt,
	driver.TypeFloat, driver.TypeDecimal, driver.TypeBool, driver.TypeDateTime, driver.TypeJSON, driver.TypeBytes}

// Run runs the whole suite.
func Run(t *testing.T, s Setup) {
	ctx := context.Background()
	for _, ddl := range s.DDL {
		if _, err := s.Pool.Exec(ctx, ddl, nil); err != nil {
			t.Fatalf("DDL %q: %v", ddl, err)
		}
	}
	t.Run("RoundTrip", func(t *testing.T) { roundTrip(t, s) })
	t.Run("RawInference", func(t *testing.T) { rawInference(t, s) })
	t.Run("Errors", func(t *testing.T) { errorKinds(t, s) })
	t.Run("Tx", func(t *testing.T) { transactions(t, s) })
	t.Run("Cancel", func(t *testing.T) { cancel(t, s) })
	t.Run("CancelTx", func(t *testing.T) { cancelTx(t, s) })
}

func (s Setup) insertT() string {
	q := "INSERT INTO " + s.Q("T") + " (" + s.Q("id") + ", " + s.Q("s") + ", " + s.Q("i") + ", " + s.Q("b") + ", " +
		s.Q("f") + ", " + s.Q("d") + ", " + s.Q("ok") + ", " + s.Q("at") + ", " + s.Q("j") + ", " + s.Q("by") + ") VALUES ("
	for i := 1; i <= 10; i++ {
		if i > 1 {
			q += ", "
		}
		q += s.P(i)
	}
	return q + ")"
}

func (s Setup) selectT() string {
	return "SELECT " + s.Q("id") + ", " + s.Q("s") + ", " + s.Q("i") + ", " + s.Q("b") + ", " + s.Q("f") + ", " +
		s.Q("d") + ", " + s.Q("ok") + ", " + s.Q("at") + ", " + s.Q("j") + ", " + s.Q("by") +
		" FROM " + s.Q("T") + " WHERE " + s.Q("id") + " = " + s.P(1)
}

var when = time.Date(2024, 2, 29, 13, 14, 15, 678_901_000, time.UTC)

func roundTrip(t *testing.T, s Setup) {
	ctx := context.Background()
	row := []any{int64(1), "héllo ✓", int64(-7), int64(9007199254740993), 1.5, driver.Decimal("12.25"),
		true, when, driver.JSON(`{"a":[1,2]}`), []byte{0, 1, 2, 255}}
	res, err := s.Pool.Exec(ctx, s.insertT(), row)
	if err != nil {
		t.Fatalf("insert: %v", err)
	}
	if res.RowsAffected != 1 {
		t.Errorf("RowsAffected = %d", res.RowsAffected)
	}
	nulls := []any{int64(2), nil, nil, nil, nil, nil, nil, nil, nil, nil}
	if _, err := s.Pool.Exec(ctx, s.insertT(), nulls); err != nil {
		t.Fatalf("insert nulls: %v", err)
	}
	got, err := s.Pool.Query(ctx, s.selectT(), []any{int64(1)}, typesT)
	if err != nil {
		t.Fatalf("select: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d rows", len(got))
	}
	want := slices.Clone(row)
	want[7] = when.Truncate(time.Millisecond) // stored with millisecond precision
	for i, w := range want {
		g := got[0][i]
		switch w := w.(type) {
		case driver.JSON:
			if !jsonEqual(t, string(w), g) {
				t.Errorf("col %d: got %#v want %#v", i, g, w)
			}
		case []byte:
			if b, ok := g.([]byte); !ok || string(b) != string(w) {
				t.Errorf("col %d: got %#v want %#v", i, g, w)
			}
		case time.Time:
			if tt, ok := g.(time.Time); !ok || !tt.Equal(w) || tt.Location() != time.UTC {
				t.Errorf("col %d: got %#v want %v", i, g, w)
			}
		case driver.Decimal:
			if d, ok := g.(driver.Decimal); !ok || !decimalEqual(string(d), string(w)) {
				t.Errorf("col %d: got %#v want %#v", i, g, w)
			}
		default:
			if g != w {
				t.Errorf("col %d: got %#v (%T) want %#v (%T)", i, g, g, w, w)
			}
		}
	}
	// A microsecond DateTime matches itself in a filter after the round trip.
	q := "SELECT " + s.Q("id") + " FROM " + s.Q("T") + " WHERE " + s.Q("at") + " = " + s.P(1)
	ids, err := s.Pool.Query(ctx, q, []any{when}, []driver.Type{driver.TypeInt})
	if err != nil || len(ids) != 1 {
		t.Errorf("filter on DateTime: %v %v", ids, err)
	}
	got, err = s.Pool.Query(ctx, s.selectT(), []any{int64(2)}, typesT)
	if err != nil {
		t.Fatalf("select nulls: %v", err)
	}
	for i, v := range got[0][1:] {
		if v != nil {
			t.Errorf("null col %d: got %#v", i+1, v)
		}
	}
}

func rawInference(t *testing.T, s Setup) {
	ctx := context.Background()
	cols, rows, err := s.Pool.QueryRaw(ctx, s.selectT(), []any{int64(1)})
	if err != nil {
		t.Fatalf("raw: %v", err)
	}
	if len(cols) != 10 || cols[0] != "id" || cols[9] != "by" {
		t.Errorf("columns = %v", cols)
	}
	r := rows[0]
	check := func(i int, ok bool) {
		if !ok {
			t.Errorf("raw col %s: got %#v (%T)", cols[i], r[i], r[i])
		}
	}
	_, ok := r[0].(int64)
	check(0, ok)
	_, ok = r[1].(string)
	check(1, ok)
	check(3, r[3] == int64(9007199254740993))
	check(4, r[4] == 1.5)
	d, ok := r[5].(driver.Decimal)
	check(5, ok && decimalEqual(string(d), "12.25"))
	check(6, r[6] == true || s.RawBoolIsInt && r[6] == int64(1))
	tt, ok := r[7].(time.Time)
	check(7, ok && tt.Equal(when.Truncate(time.Millisecond)))
	check(8, jsonEqual(t, `{"a":[1,2]}`, r[8]))
	b, ok := r[9].([]byte)
	check(9, ok && len(b) == 4)

	// Expressions without a declared type still come back typed.
	_, rows, err = s.Pool.QueryRaw(ctx, "SELECT 1 + 1 AS two, 'x' AS x", nil)
	if err != nil {
		t.Fatalf("raw expr: %v", err)
	}
	if n, ok := rows[0][0].(int64); !ok || n != 2 {
		if d, ok := rows[0][0].(driver.Decimal); !ok || d != "2" {
			t.Errorf("1+1 = %#v", rows[0][0])
		}
	}
	if rows[0][1] != "x" {
		t.Errorf("'x' = %#v", rows[0][1])
	}
}

func errorKinds(t *testing.T, s Setup) {
	ctx := context.Background()
	insU := "INSERT INTO " + s.Q("U") + " (" + s.Q("id") + ", " + s.Q("email") + ", " + s.Q("name") + ") VALUES (" + s.P(1) + ", " + s.P(2) + ", " + s.P(3) + ")"
	if _, err := s.Pool.Exec(ctx, insU, []any{int64(1), "a@x", "A"}); err != nil {
		t.Fatal(err)
	}
	execErr := func(q string, args []any) error {
		_, err := s.Pool.Exec(ctx, q, args)
		return err
	}
	de := DriverError(t, mustFail(t, nil, execErr(insU, []any{int64(2), "a@x", "B"})))
	if de.Kind != driver.KindUniqueViolation || !(slices.Equal(de.Columns, []string{"email"}) || de.Constraint == "U_email_key") {
		t.Errorf("unique: %+v", de)
	}
	// The error of a failing INSERT ... RETURNING shows through Query too.
	_, err := s.Pool.Query(ctx, insU+" RETURNING "+s.Q("id"), []any{int64(2), "a@x", "B"}, []driver.Type{driver.TypeInt})
	if de = DriverError(t, mustFail(t, nil, err)); de.Kind != driver.KindUniqueViolation {
		t.Errorf("unique through RETURNING: %+v", de)
	}
	de = DriverError(t, mustFail(t, nil, execErr(insU, []any{int64(1), "b@x", "B"})))
	if de.Kind != driver.KindUniqueViolation {
		t.Errorf("primary key: %+v", de)
	}
	de = DriverError(t, mustFail(t, nil, execErr(insU, []any{int64(3), "c@x", nil})))
	if de.Kind != driver.KindNotNullViolation {
		t.Errorf("not null: %+v", de)
	}
	insC := "INSERT INTO " + s.Q("C") + " (" + s.Q("id") + ", " + s.Q("uId") + ") VALUES (" + s.P(1) + ", " + s.P(2) + ")"
	de = DriverError(t, mustFail(t, nil, execErr(insC, []any{int64(1), int64(99)})))
	if de.Kind != driver.KindForeignKeyViolation {
		t.Errorf("foreign key: %+v", de)
	}
	// Deleting a parent its children still reference (ON DELETE RESTRICT):
	// SQLite reports this one as SQLITE_CONSTRAINT_TRIGGER, not _FOREIGNKEY.
	if _, err := s.Pool.Exec(ctx, insC, []any{int64(1), int64(1)}); err != nil {
		t.Fatal(err)
	}
	delU := "DELETE FROM " + s.Q("U") + " WHERE " + s.Q("id") + " = " + s.P(1)
	de = DriverError(t, mustFail(t, nil, execErr(delU, []any{int64(1)})))
	if de.Kind != driver.KindForeignKeyViolation {
		t.Errorf("foreign key on delete: %+v", de)
	}
	delC := "DELETE FROM " + s.Q("C") + " WHERE " + s.Q("id") + " = " + s.P(1)
	if _, err := s.Pool.Exec(ctx, delC, []any{int64(1)}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Pool.Query(ctx, "SELECT 1 FROM "+s.Q("Missing"), nil, []driver.Type{driver.TypeInt})
	if de = DriverError(t, mustFail(t, nil, err)); de.Kind != driver.KindTableNotFound {
		t.Errorf("table not found: %+v", de)
	}
	_, err = s.Pool.Query(ctx, "SELECT "+s.Q("nope")+" FROM "+s.Q("U"), nil, []driver.Type{driver.TypeInt})
	if de = DriverError(t, mustFail(t, nil, err)); de.Kind != driver.KindColumnNotFound {
		t.Errorf("column not found: %+v", de)
	}
	_, _, err = s.Pool.QueryRaw(ctx, "SELEC 1", nil)
	if de = DriverError(t, mustFail(t, nil, err)); de.Kind != driver.KindSyntax || de.Code == "" || de.Message == "" {
		t.Errorf("syntax: %+v", de)
	}
}

func mustFail(t *testing.T, _ any, err error) error {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error")
	}
	return err
}

func transactions(t *testing.T, s Setup) {
	ctx := context.Background()
	insU := "INSERT INTO " + s.Q("U") + " (" + s.Q("id") + ", " + s.Q("email") + ", " + s.Q("name") + ") VALUES (" + s.P(1) + ", " + s.P(2) + ", " + s.P(3) + ")"
	count := func(q driver.Querier) int64 {
		rows, err := q.Query(ctx, "SELECT COUNT(*) FROM "+s.Q("U"), nil, []driver.Type{driver.TypeInt})
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0].(int64)
	}
	before := count(s.Pool)
	tx, err := s.Pool.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, insU, []any{int64(10), "tx@x", "T"}); err != nil {
		t.Fatal(err)
	}
	if n := count(tx); n != before+1 {
		t.Errorf("inside tx: %d", n)
	}
	if n := count(s.Pool); n != before {
		t.Errorf("outside tx sees uncommitted row: %d", n)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err == nil {
		t.Error("commit after rollback succeeded")
	}
	if n := count(s.Pool); n != before {
		t.Errorf("after rollback: %d", n)
	}
	for _, iso := range []string{"", driver.ReadCommitted, driver.RepeatableRead, driver.Serializable} {
		tx, err := s.Pool.Begin(ctx, driver.TxOptions{Isolation: iso})
		if err != nil {
			t.Fatalf("begin %q: %v", iso, err)
		}
		if _, err := tx.Exec(ctx, insU, []any{int64(11), "tx2@x", "T"}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tx, err = s.Pool.Begin(ctx, driver.TxOptions{Isolation: driver.Serializable})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, insU, []any{int64(12), "tx3@x", "T"}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(s.Pool); n != before+1 {
		t.Errorf("after commit: %d", n)
	}
}

// cancel checks that a canceled statement stops, reports KindCanceled, and
// leaves the pool usable (the connection is freed).
func cancel(t *testing.T, s Setup) {
	ctx, stop := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); stop() }()
	start := time.Now()
	_, _, err := s.Pool.QueryRaw(ctx, s.Sleep, nil)
	var de *driver.Error
	if !errors.As(err, &de) || de.Kind != driver.KindCanceled {
		t.Errorf("canceled query: %v (%+v)", err, de)
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("cancel took %v", d)
	}
	// The pool is still usable, also for a transaction.
	for range 3 {
		tx, err := s.Pool.Begin(context.Background(), driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Query(context.Background(), "SELECT 1", nil, []driver.Type{driver.TypeInt}); err != nil {
			t.Fatal(err)
		}
		tx.Rollback(context.Background())
	}
	// A canceled transaction statement: the tx can still be rolled back.
	tx, err := s.Pool.Begin(context.Background(), driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer stop()
	if _, _, err := tx.QueryRaw(ctx, s.Sleep, nil); err == nil {
		t.Error("statement past its deadline succeeded")
	}
	tx.Rollback(context.Background())
	if _, err := s.Pool.Exec(context.Background(), "SELECT 1", nil); err != nil {
		t.Errorf("pool after canceled tx: %v", err)
	}
}

// cancelTx: cancellation inside transactions never leaves a connection
// behind. A statement canceled mid-flight in a transaction (after a write)
// stops at once, the transaction still rolls back, and the connection goes
// back to the pool, more times than the pool has connections; Commit and
// Rollback run to their end even with a canceled context (the engine relies
// on it: a caller that gave up must not leave the outcome half done); and
// after transactions canceled at random points the server holds no open
// transaction and the whole pool begins at once.
func cancelTx(t *testing.T, s Setup) {
	bg := context.Background()
	insU := "INSERT INTO " + s.Q("U") + " (" + s.Q("id") + ", " + s.Q("email") + ", " + s.Q("name") + ") VALUES (" + s.P(1) + ", " + s.P(2) + ", " + s.P(3) + ")"
	countU := func(email string) int64 {
		rows, err := s.Pool.Query(bg, "SELECT COUNT(*) FROM "+s.Q("U")+" WHERE "+s.Q("email")+" = "+s.P(1),
			[]any{email}, []driver.Type{driver.TypeInt})
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0].(int64)
	}
	begin := func(ctx context.Context) driver.Tx {
		t.Helper()
		bctx, stop := context.WithTimeout(ctx, 3*time.Second)
		defer stop()
		tx, err := s.Pool.Begin(bctx, driver.TxOptions{})
		if err != nil {
			t.Fatalf("begin (a connection leaked?): %v", err)
		}
		return tx
	}

	for i := range max(s.MaxConns, 1) + 2 {
		tx := begin(bg)
		if _, err := tx.Exec(bg, insU, []any{int64(100 + i), "cancel@x", "C"}); err != nil {
			t.Fatal(err)
		}
		ctx, stop := context.WithCancel(bg)
		time.AfterFunc(30*time.Millisecond, stop)
		start := time.Now()
		_, _, err := tx.QueryRaw(ctx, s.Sleep, nil)
		var de *driver.Error
		if !errors.As(err, &de) || de.Kind != driver.KindCanceled {
			t.Errorf("statement canceled in a tx: %v (%+v)", err, de)
		}
		if d := time.Since(start); d > 900*time.Millisecond {
			t.Errorf("cancel in a tx took %v", d)
		}
		// The rollback may find the connection closed (MySQL closes it on
		// cancel) or the transaction ended (SQLite ends it on an interrupted
		// write); either way nothing may be left.
		tx.Rollback(bg)
		stop()
	}
	if n := countU("cancel@x"); n != 0 {
		t.Errorf("%d rows of canceled transactions were committed", n)
	}

	canceled, stop := context.WithCancel(bg)
	stop()
	tx := begin(bg)
	if _, err := tx.Exec(bg, insU, []any{int64(200), "commit@x", "C"}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(canceled); err != nil {
		t.Errorf("commit with a canceled context: %v", err)
	}
	if n := countU("commit@x"); n != 1 {
		t.Errorf("commit with a canceled context: %d rows", n)
	}
	tx = begin(bg)
	if _, err := tx.Exec(bg, insU, []any{int64(201), "rollback@x", "C"}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(canceled); err != nil {
		t.Errorf("rollback with a canceled context: %v", err)
	}
	if n := countU("rollback@x"); n != 0 {
		t.Errorf("rollback with a canceled context: %d rows", n)
	}

	// Contexts that end at random points of begin, write, commit: within
	// the time an uncanceled one takes.
	start := time.Now()
	tx = begin(bg)
	if _, err := tx.Exec(bg, insU, []any{int64(202), "timed@x", "C"}); err != nil {
		t.Fatal(err)
	}
	tx.Commit(bg)
	span := time.Since(start)
	committed := 0
	const random = 40
	for i := range random {
		ctx, stop := context.WithTimeout(bg, time.Duration(rand.Int64N(int64(span)+1)))
		tx, err := s.Pool.Begin(ctx, driver.TxOptions{})
		if err != nil {
			stop()
			continue
		}
		_, err = tx.Exec(ctx, insU, []any{int64(300 + i), fmt.Sprintf("r%d@x", i), "R"})
		if err == nil && tx.Commit(ctx) == nil {
			committed++
		} else {
			tx.Rollback(ctx)
		}
		stop()
	}
	if s.OpenTxs != "" {
		// MySQL's INNODB_TRX is a snapshot that only a read coming more than
		// 0.1 s after the previous one refreshes: poll slower than that.
		time.Sleep(150 * time.Millisecond)
		deadline := time.Now().Add(3 * time.Second)
		for {
			rows, err := s.Pool.Query(bg, s.OpenTxs, nil, []driver.Type{driver.TypeInt})
			if err != nil {
				t.Fatal(err)
			}
			if n := rows[0][0].(int64); n == 0 {
				break
			} else if time.Now().After(deadline) {
				t.Errorf("%d transactions still open on the server", n)
				break
			}
			time.Sleep(150 * time.Millisecond)
		}
	}
	// The whole pool begins at once.
	held := make([]driver.Tx, 0, s.MaxConns)
	for range max(s.MaxConns, 1) {
		held = append(held, begin(bg))
	}
	for _, tx := range held {
		tx.Rollback(bg)
	}
	t.Logf("%d of %d transactions with random deadlines committed", committed, random)
}

// DriverError is err as the *driver.Error every adapter must return; the
// test stops when it is not one.
func DriverError(t *testing.T, err error) *driver.Error {
	t.Helper()
	var de *driver.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *driver.Error", err, err)
	}
	return de
}
