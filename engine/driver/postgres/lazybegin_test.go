package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// BenchmarkTwoWriteTx is the bench's two-write transaction at the driver:
// begin, an insert, an update, commit.
func BenchmarkTwoWriteTx(b *testing.B) {
	p := openFresh(b, Config{})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "u" ("id" SERIAL PRIMARY KEY, "n" INT NOT NULL DEFAULT 0)`, nil); err != nil {
		b.Fatal(err)
	}
	if _, err := p.Exec(ctx, `INSERT INTO "u" ("n") VALUES (0)`, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx, err := p.Begin(ctx, driver.TxOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Query(ctx, `INSERT INTO "u" ("n") VALUES ($1) RETURNING "id"`, []any{int64(i)}, []driver.Type{driver.TypeInt}); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE "u" SET "n" = "n" + 1 WHERE "id" = $1`, []any{int64(1)}); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// A transaction's BEGIN goes with its first statement: the isolation level
// holds, a failing first statement aborts the transaction, and a statement
// that never reached the server does not let the next run outside it.
func TestLazyBegin(t *testing.T) {
	p := openFresh(t, Config{})
	ctx := context.Background()
	if _, err := p.Exec(ctx, `CREATE TABLE "u" ("id" INT PRIMARY KEY)`, nil); err != nil {
		t.Fatal(err)
	}
	text := []driver.Type{driver.TypeString}
	count := func() int64 {
		rows, err := p.Query(ctx, `SELECT count(*) FROM "u"`, nil, []driver.Type{driver.TypeInt})
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0].(int64)
	}

	tx, err := p.Begin(ctx, driver.TxOptions{Isolation: driver.Serializable})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, `SHOW transaction_isolation`, nil, text)
	if err != nil || rows[0][0] != "serializable" {
		t.Errorf("isolation in the transaction: %v %v", rows, err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	tx, err = p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := tx.Exec(done, `INSERT INTO "u" VALUES ($1)`, []any{int64(1)}); err == nil {
		t.Fatal("a statement with a cancelled context ran")
	}
	if _, err := tx.Exec(ctx, `INSERT INTO "u" VALUES ($1)`, []any{int64(2)}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Errorf("%d rows after the rollback, want 0", n)
	}

	for _, first := range []string{`INSERT INTO "u" VALUES ($1), ($1)`, `INSERT INTO "u" VALUES (3), (3)`} {
		tx, err = p.Begin(ctx, driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var args []any
		if first[len(first)-2] == '1' {
			args = []any{int64(3)}
		}
		var de *driver.Error
		if _, err := tx.Exec(ctx, first, args); !errors.As(err, &de) || de.Kind != driver.KindUniqueViolation {
			t.Fatalf("%s: %v", first, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO "u" VALUES (4)`, nil); !errors.As(err, &de) || de.Kind != driver.KindTxAborted {
			t.Errorf("after a failed first statement: %v", err)
		}
		if err := tx.Commit(ctx); !errors.As(err, &de) || de.Kind != driver.KindTxAborted {
			t.Errorf("commit after a failed first statement: %v", err)
		}
		if n := count(); n != 0 {
			t.Errorf("%d rows after the aborted transaction, want 0", n)
		}
	}
}
