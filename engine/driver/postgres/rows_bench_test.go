package postgres

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/internal/cputime"
)

// BenchmarkQuery100 reads 100 rows of a post-like table at the driver:
// what the engine's 100-row list costs in the adapter, without planning.
// cpu-ns/op is this process's CPU time (the server's is not in it).
func BenchmarkQuery100(b *testing.B) {
	p := openFresh(b, Config{})
	ctx := context.Background()
	for _, s := range []string{
		`CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL, "published" BOOLEAN NOT NULL,
			"views" INTEGER NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT now(), "authorId" INTEGER NOT NULL)`,
		`INSERT INTO "Post" ("title", "published", "views", "authorId")
			SELECT 'post ' || i, true, i, 1 FROM generate_series(1, 100) AS i`,
	} {
		if _, err := p.Exec(ctx, s, nil); err != nil {
			b.Fatal(err)
		}
	}
	sql := `SELECT "id", "title", "published", "views", "createdAt", "authorId" FROM "Post"
		WHERE "published" = $1 ORDER BY "createdAt" DESC LIMIT $2`
	types := []driver.Type{driver.TypeInt, driver.TypeString, driver.TypeBool, driver.TypeInt, driver.TypeDateTime, driver.TypeInt}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process()
	for i := 0; i < b.N; i++ {
		rows, err := p.Query(ctx, sql, []any{true, int64(100)}, types)
		if err != nil || len(rows) != 100 {
			b.Fatal(len(rows), err)
		}
	}
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N), "cpu-ns/op")
}
