package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	sqlite3 "github.com/ncruces/go-sqlite3"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// A cached statement whose plan looked at a bound value (an equality on an
// index's first column, the ORDER BY served by the index) must not be
// re-prepared on every run: clearing its bindings after each run did that.
// A large argument is still dropped after the run.
func TestCachedStatementNotReprepared(t *testing.T) {
	raw, err := sqlite3.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	c := newConn(raw)
	t.Cleanup(func() { c.close() })
	ctx := context.Background()
	if _, err := c.exec(ctx, `CREATE TABLE "P" ("id" INTEGER PRIMARY KEY, "pub" BOOLEAN, "t" TEXT, "at" DATETIME);
		CREATE INDEX "P_pub_at" ON "P"("pub", "at");
		INSERT INTO "P"("pub", "t", "at") SELECT value % 2, 'x', value FROM generate_series(1, 300)`, nil); err != nil {
		t.Fatal(err)
	}
	const q = `SELECT "id" FROM "P" WHERE "pub" = ? ORDER BY "at" DESC, "id" ASC LIMIT 100`
	types := []driver.Type{driver.TypeInt}
	for i := 0; i < 8; i++ {
		rows, err := c.query(ctx, q, []any{true}, types)
		if err != nil || len(rows) != 100 {
			t.Fatalf("run %d: %d rows, %v", i, len(rows), err)
		}
	}
	if n := c.cache[q].Status(sqlite3.STMTSTATUS_REPREPARE, false); n > 1 {
		t.Errorf("the cached statement was re-prepared %d times in 8 runs", n)
	}

	const w = `SELECT count(*) FROM "P" WHERE "t" = ?`
	big := strings.Repeat("y", heldBytes)
	for _, arg := range []string{"x", big} {
		if _, err := c.query(ctx, w, []any{arg}, types); err != nil {
			t.Fatal(err)
		}
		kept := strings.Contains(c.cache[w].ExpandedSQL(), arg)
		if want := arg != big; kept != want {
			t.Errorf("argument of %d bytes kept bound after the run: %v, want %v", len(arg), kept, want)
		}
	}
}
