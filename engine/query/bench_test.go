package query

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/internal/cputime"
)

// Benchmarks of the engine's own overhead, on SQLite unless named otherwise
// (numbers for comparison come from bench/, not from here).
func BenchmarkFindUnique(b *testing.B) {
	sch, db := freshDB(b, "sqlite")
	ctx := context.Background()
	if _, err := Execute(ctx, sch, db, "User", "create", map[string]any{"data": map[string]any{"email": "a@b.c"}}); err != nil {
		b.Fatal(err)
	}
	args := map[string]any{"where": map[string]any{"email": "a@b.c"}, "include": map[string]any{"posts": true}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Execute(ctx, sch, db, "User", "findUnique", args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExplainFindMany(b *testing.B) {
	sch := loadSchema(b, "postgresql")
	args := map[string]any{"where": map[string]any{"published": true, "title": map[string]any{"contains": "x"}},
		"orderBy": map[string]any{"createdAt": "desc"}, "include": map[string]any{"author": true, "tags": true}}
	for i := 0; i < b.N; i++ {
		if _, err := Explain(sch, "Post", "findMany", args, "postgresql"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPointLookup is the bench's point lookup (a user by id, no
// relations): planning, rendering, the SQLite read and decoding.
func BenchmarkPointLookup(b *testing.B) {
	sch, db := freshDB(b, "sqlite")
	ctx := context.Background()
	u, err := Execute(ctx, sch, db, "User", "create", map[string]any{"data": map[string]any{"email": "a@b.c"}})
	if err != nil {
		b.Fatal(err)
	}
	args := map[string]any{"where": map[string]any{"id": u.(map[string]any)["id"]}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Execute(ctx, sch, db, "User", "findUnique", args); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList100 is the bench's list: 100 posts, filtered and ordered,
// on each provider whose test URL is set (reading rows is the adapters'
// work, so each has its own number).
func BenchmarkList100(b *testing.B) {
	for _, p := range []string{"sqlite", "postgresql"} {
		b.Run(p, func(b *testing.B) { benchList100(b, p) })
	}
}

func benchList100(b *testing.B, provider string) {
	sch, db := freshDB(b, provider)
	ctx := context.Background()
	u, err := Execute(ctx, sch, db, "User", "create", map[string]any{"data": map[string]any{"email": "a@b.c"}})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 150; i++ {
		if _, err := Execute(ctx, sch, db, "Post", "create", map[string]any{"data": map[string]any{
			"id": fmt.Sprintf("p%03d", i), "title": fmt.Sprintf("post %d", i), "published": i%3 != 0, "views": int64(i),
			"authorId": u.(map[string]any)["id"]}}); err != nil {
			b.Fatal(err)
		}
	}
	args := map[string]any{"where": map[string]any{"published": true}, "orderBy": map[string]any{"createdAt": "desc"}, "take": int64(100)}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process()
	for i := 0; i < b.N; i++ {
		if _, err := Execute(ctx, sch, db, "Post", "findMany", args); err != nil {
			b.Fatal(err)
		}
	}
	// The process's CPU time: on a server its wall time is mostly the
	// server's.
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkCreate is the bench's create: a post with scalar data and a
// generated id (one INSERT … RETURNING on SQLite and PostgreSQL, the
// INSERT and the row read back on MySQL), per provider whose URL is set.
func BenchmarkCreate(b *testing.B) {
	for _, p := range providers {
		b.Run(p, func(b *testing.B) { benchCreate(b, p) })
	}
}

func benchCreate(b *testing.B, provider string) {
	sch, db := freshDB(b, provider)
	ctx := context.Background()
	u, err := Execute(ctx, sch, db, "User", "create", map[string]any{"data": map[string]any{"email": "a@b.c"}})
	if err != nil {
		b.Fatal(err)
	}
	args := map[string]any{"data": map[string]any{"title": "hello", "views": int64(1), "authorId": u.(map[string]any)["id"]}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Execute(ctx, sch, db, "Post", "create", args); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdate is the bench's atomic update: an increment by id, per
// provider whose URL is set.
func BenchmarkUpdate(b *testing.B) {
	for _, p := range providers {
		b.Run(p, func(b *testing.B) { benchUpdate(b, p) })
	}
}

func benchUpdate(b *testing.B, provider string) {
	sch, db := freshDB(b, provider)
	ctx := context.Background()
	u, err := Execute(ctx, sch, db, "User", "create", map[string]any{"data": map[string]any{"email": "a@b.c"}})
	if err != nil {
		b.Fatal(err)
	}
	args := map[string]any{"where": map[string]any{"id": u.(map[string]any)["id"]}, "data": map[string]any{"loginCount": map[string]any{"increment": int64(1)}}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Execute(ctx, sch, db, "User", "update", args); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteEngine is the engine's own time for the bench's writes on
// each dialect: every statement is answered at once by nullDB, so what is
// left is reading the call, planning (or the plan cache), rendering,
// binding and building the reply. No database is needed.
func BenchmarkWriteEngine(b *testing.B) {
	cases := []struct{ name, model, action string }{
		{"create", "Post", "create"}, {"update", "User", "update"}, {"delete", "Tag", "delete"},
	}
	argv := map[string]map[string]any{
		"create": {"data": map[string]any{"title": "hello", "views": int64(1), "authorId": "u1"}},
		"update": {"where": map[string]any{"id": "u1"}, "data": map[string]any{"loginCount": map[string]any{"increment": int64(1)}}},
		"delete": {"where": map[string]any{"id": int64(1)}},
	}
	for _, c := range cases {
		for _, p := range providers {
			b.Run(c.name+"/"+p, func(b *testing.B) {
				sch := loadSchema(b, p)
				ctx := context.Background()
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := Execute(ctx, sch, nullDB{}, c.model, c.action, argv[c.name]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// nullDB answers every query with one row of placeholder values by type,
// and every other statement with one row affected.
type nullDB struct{}

var nullTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func (nullDB) Query(_ context.Context, _ string, _ []any, types []driver.Type) ([][]any, error) {
	row := make([]any, len(types))
	for i, t := range types {
		switch t {
		case driver.TypeString:
			row[i] = "s"
		case driver.TypeBool:
			row[i] = true
		case driver.TypeFloat:
			row[i] = 1.5
		case driver.TypeDateTime:
			row[i] = nullTime
		default:
			row[i] = int64(1)
		}
	}
	return [][]any{row}, nil
}

func (nullDB) QueryRaw(context.Context, string, []any) ([]string, [][]any, error) {
	return nil, nil, nil
}

func (nullDB) Exec(context.Context, string, []any) (driver.Result, error) {
	return driver.Result{RowsAffected: 1, LastInsertID: 1}, nil
}

func (d nullDB) Atomic(_ context.Context, fn func(q driver.Querier) error) error { return fn(d) }

// BenchmarkNested is the bench's nested read: a user with 10 posts, each
// with 2 tags, by either relation load strategy, on each provider whose
// test URL is set (a join reads the relations as JSON columns).
func BenchmarkNested(b *testing.B) {
	for _, p := range []string{"sqlite", "postgresql"} {
		for _, s := range []string{"query", "join"} {
			b.Run(p+"/"+s, func(b *testing.B) { benchNested(b, p, s) })
		}
	}
}

func benchNested(b *testing.B, provider, strategy string) {
	sch, db := freshDB(b, provider)
	ctx := context.Background()
	u, err := Execute(ctx, sch, db, "User", "create", map[string]any{"data": map[string]any{"email": "a@b.c"}})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		tags := []any{map[string]any{"name": fmt.Sprintf("t%d", 2*i)}, map[string]any{"name": fmt.Sprintf("t%d", 2*i+1)}}
		if _, err := Execute(ctx, sch, db, "Post", "create", map[string]any{"data": map[string]any{
			"title": fmt.Sprintf("post %d", i), "views": int64(i), "authorId": u.(map[string]any)["id"],
			"tags": map[string]any{"create": tags}}}); err != nil {
			b.Fatal(err)
		}
	}
	args := map[string]any{"where": map[string]any{"id": u.(map[string]any)["id"]}, "relationLoadStrategy": strategy,
		"include": map[string]any{"posts": map[string]any{"include": map[string]any{"tags": true}}}}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process()
	for i := 0; i < b.N; i++ {
		if _, err := Execute(ctx, sch, db, "User", "findUnique", args); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N), "cpu-ns/op")
}
