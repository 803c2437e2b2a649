package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func benchPool(b *testing.B) *Pool {
	p, err := Open(context.Background(), Config{Path: filepath.Join(b.TempDir(), "b.db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	ctx := context.Background()
	p.Exec(ctx, `CREATE TABLE "u" ("id" INTEGER PRIMARY KEY, "email" TEXT, "at" DATETIME)`, nil)
	for i := range 1000 {
		p.Exec(ctx, `INSERT INTO "u" ("email", "at") VALUES (?, ?)`, []any{"x" + itoa(i), "2024-01-02T03:04:05.678+00:00"})
	}
	return p
}

func BenchmarkPointSelect(b *testing.B) {
	p := benchPool(b)
	ctx := context.Background()
	types := []driver.Type{driver.TypeInt, driver.TypeString, driver.TypeDateTime}
	b.ResetTimer()
	for i := range b.N {
		if _, err := p.Query(ctx, `SELECT "id", "email", "at" FROM "u" WHERE "id" = ?`, []any{int64(i%1000 + 1)}, types); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsert(b *testing.B) {
	p := benchPool(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := p.Exec(ctx, `INSERT INTO "u" ("email") VALUES (?)`, []any{"y"}); err != nil {
			b.Fatal(err)
		}
	}
}
