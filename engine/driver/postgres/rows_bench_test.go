package postgres

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/internal/cputime"
)

// BenchmarkQuery100 reads 100 rows of a post-like table at the driver:
// what the engine's 100-row list costs in the adapter, without planning,
// as a typed query and as a raw one ($queryRaw, every column inferred).
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
	args := []any{true, int64(100)}
	types := []driver.Type{driver.TypeInt, driver.TypeString, driver.TypeBool, driver.TypeInt, driver.TypeDateTime, driver.TypeInt}
	for _, raw := range []bool{false, true} {
		name := "typed"
		if raw {
			name = "raw"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cputime.Process()
			for i := 0; i < b.N; i++ {
				var rows [][]any
				var err error
				if raw {
					_, rows, err = p.QueryRaw(ctx, sql, args)
				} else {
					rows, err = p.Query(ctx, sql, args, types)
				}
				if err != nil || len(rows) != 100 {
					b.Fatal(len(rows), err)
				}
			}
			b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// capturedRows are rows a server sent, kept to be read again and again.
type capturedRows struct {
	rows [][][]byte
	next int
}

func (c *capturedRows) Next() bool {
	c.next++
	return c.next <= len(c.rows)
}

func (c *capturedRows) RawValues() [][]byte { return c.rows[c.next-1] }

// BenchmarkReadRows reads 100 captured rows without the server, so the
// numbers are the reading alone: "fast" as query reads them, "generic"
// through pgx's codecs and decode for every column, as before the fast
// readers (less the per-row slice of pgx's Values).
func BenchmarkReadRows(b *testing.B) {
	url := freshDB(b)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(ctx)
	postSQL := `SELECT i, 'post ' || i, i % 3 <> 0, i * 7, '2024-02-29 13:14:15.678'::timestamp(3) + i * interval '1 min', 1
		FROM generate_series(1, 100) AS i`
	postTypes := []driver.Type{driver.TypeInt, driver.TypeString, driver.TypeBool, driver.TypeInt, driver.TypeDateTime, driver.TypeInt}
	for _, q := range []struct {
		name  string
		sql   string
		types []driver.Type
		mode  pgx.QueryExecMode // how pgx runs it: text results without a prepared statement
	}{
		{"post", postSQL, postTypes, pgx.QueryExecModeCacheStatement},
		{"post-text", postSQL, postTypes, pgx.QueryExecModeExec},
		{"cuid", `SELECT 'clx' || md5(i::text), 'post ' || i, i % 3 <> 0, i * 7, now()::timestamp(3), 'clx' || md5('u')
			FROM generate_series(1, 100) AS i`,
			[]driver.Type{driver.TypeString, driver.TypeString, driver.TypeBool, driver.TypeInt, driver.TypeDateTime, driver.TypeString},
			pgx.QueryExecModeCacheStatement},
		{"wide", `SELECT i * 1.25::numeric(65,30), json_build_object('a', i, 'b', ARRAY[i, i]), i / 3.0::float8,
			gen_random_uuid(), '\x0001ff'::bytea, now(), 9007199254740993::int8 + i
			FROM generate_series(1, 100) AS i`,
			[]driver.Type{driver.TypeDecimal, driver.TypeJSON, driver.TypeFloat, driver.TypeString, driver.TypeBytes,
				driver.TypeDateTime, driver.TypeBigInt}, pgx.QueryExecModeCacheStatement},
	} {
		rows, err := c.Query(ctx, q.sql, q.mode)
		if err != nil {
			b.Fatal(err)
		}
		fields := slices.Clone(rows.FieldDescriptions())
		var captured [][][]byte
		for rows.Next() {
			row := make([][]byte, len(fields))
			for i, v := range rows.RawValues() {
				row[i] = slices.Clone(v)
			}
			captured = append(captured, row)
		}
		if rows.Close(); rows.Err() != nil {
			b.Fatal(rows.Err())
		}
		m := c.TypeMap()
		fast := readers(m, fields, q.types)
		generic := make([]reader, len(fields))
		for _, mode := range []struct {
			name string
			rd   []reader
		}{{"fast", fast}, {"generic", generic}} {
			b.Run(q.name+"/"+mode.name, func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					out, err := readRowsWith(&capturedRows{rows: captured}, m, fields, q.types, mode.rd)
					if err != nil || len(out) != 100 {
						b.Fatal(len(out), err)
					}
				}
			})
		}
	}
}
