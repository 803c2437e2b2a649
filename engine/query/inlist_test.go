package query

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// longList is longer than every database's bind-parameter limit (SQLite
// 32766, PostgreSQL 65535).
const longList = 70000

// inListRows is how many Sample rows the long-list tests filter.
const inListRows = 3000

// seedSamples creates inListRows Sample rows whose every scalar field
// differs per row k; opt is null for every third row. It returns, per
// field, each row's value as the engine takes it in a filter.
func seedSamples(t *testing.T, c *client) map[string][]any {
	t.Helper()
	rnd := rand.New(rand.NewSource(7))
	base := time.Date(2025, 1, 2, 3, 4, 5, 678000000, time.UTC)
	tricky := []string{`"q"`, `back\slash`, `{a,b}`, "NULL", "", " sp ", "é✓😀", `\"{}`, "ÉCOLE", "école"}
	vals := map[string][]any{}
	var data L
	for k := 0; k < inListRows; k++ {
		s := fmt.Sprintf("s%05d", k)
		if k < len(tricky) {
			s = tricky[k]
		}
		var f float64
		for f = math.Float64frombits(rnd.Uint64()); math.IsNaN(f) || math.IsInf(f, 0); f = math.Float64frombits(rnd.Uint64()) {
		}
		if k%2 == 0 {
			f = rnd.Float64() * 1000 // also ordinary magnitudes
		}
		row := M{"s": s, "i": int64(k - inListRows/2), "b": int64(k)*3_000_000_000_000_000 - math.MaxInt64/2, "f": f,
			"d": fmt.Sprintf("%d.%02d", k, k%100), "bool": k%2 == 0, "dt": base.Add(time.Duration(k) * 1001 * time.Millisecond),
			"j": M{}, "bytes": []byte(fmt.Sprintf("\x00b%d", k))}
		var opt any
		if k%3 != 0 {
			opt = fmt.Sprintf("o%d", k)
			row["opt"] = opt
		}
		for _, f := range []string{"s", "i", "b", "f", "d", "bool", "dt", "bytes"} {
			vals[f] = append(vals[f], row[f])
		}
		vals["opt"] = append(vals["opt"], opt)
		data = append(data, row)
	}
	c.do("Sample", "createMany", M{"data": data})
	return vals
}

// longValues returns longList values for field: every other row's value
// (non-null ones), padded with values no row has.
func longValues(field string, rows []any) L {
	var out L
	for k, v := range rows {
		if v != nil && k%2 == 1 {
			out = append(out, v)
		}
	}
	for n := 0; len(out) < longList; n++ {
		var v any
		switch field {
		case "s", "opt":
			v = fmt.Sprintf("absent-%d", n)
		case "i":
			v = int64(inListRows + n)
		case "b":
			v = int64(math.MaxInt64 - n)
		case "f":
			v = -1e300 * float64(n+1)
		case "d":
			v = fmt.Sprintf("-%d.5", n+1)
		case "dt":
			v = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Millisecond)
		case "bytes":
			v = []byte(fmt.Sprintf("absent-%d", n))
		}
		out = append(out, v)
	}
	return out
}

// idsOf returns the sorted ids of the rows a findMany returned.
func idsOf(rows []map[string]any) []int64 {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r["id"].(int64)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// sameIDs compares id lists, saying how they differ without printing
// thousands of ids.
func sameIDs(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: row %d has id %d, want %d", what, i, got[i], want[i])
			return
		}
	}
}

// chunked is what a filter on a long list must return: the union of the
// same `in` filter over chunks of 500 values, each of which binds one
// placeholder per value; for notIn, the rows with a non-null value left
// out of that union (a NULL is in no list, and in none's complement,
// as in SQL and Prisma).
func chunked(c *client, where func(list L) M, field string, list L, not bool) []int64 {
	c.t.Helper()
	in := map[int64]bool{}
	for i := 0; i < len(list); i += 500 {
		for _, id := range idsOf(c.rows("Sample", "findMany", M{"where": where(list[i:min(i+500, len(list))]), "select": M{"id": true}})) {
			in[id] = true
		}
	}
	var out []int64
	if !not {
		for id := range in {
			out = append(out, id)
		}
	} else {
		for _, id := range idsOf(c.rows("Sample", "findMany", M{"where": M{field: M{"not": nil}}, "select": M{"id": true}})) {
			if !in[id] {
				out = append(out, id)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// TestLongInLists: `in`/`notIn` lists longer than the bind-parameter limit
// work on every provider and every scalar type, and select, count, update
// and delete exactly the rows the same filter selects in small chunks.
func TestLongInLists(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/ops.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			vals := seedSamples(t, c)
			for _, field := range []string{"i", "s", "b", "f", "d", "dt", "bytes", "opt"} {
				list := longValues(field, vals[field])
				for _, op := range []string{"in", "notIn"} {
					where := func(l L) M { return M{field: M{op: l}} }
					if op == "notIn" { // the chunks are `in` filters
						where = func(l L) M { return M{field: M{"in": l}} }
					}
					want := chunked(c, where, field, list, op == "notIn")
					if len(want) == 0 || len(want) == inListRows {
						t.Fatalf("%s %s: the expected rows are all or none (%d)", field, op, len(want))
					}
					f := M{field: M{op: list}}
					got := idsOf(c.rows("Sample", "findMany", M{"where": f, "select": M{"id": true}}))
					sameIDs(t, field+" "+op+" findMany", got, want)
					eq(t, field+" "+op+" count", c.do("Sample", "count", M{"where": f}), int64(len(want)))
				}
			}
			// Booleans: a long list of repeated values.
			bools := make(L, longList)
			for i := range bools {
				bools[i] = i%3 == 0
			}
			eq(t, "bool in", c.do("Sample", "count", M{"where": M{"bool": M{"in": bools}}}), int64(inListRows))
			eq(t, "bool notIn", c.do("Sample", "count", M{"where": M{"bool": M{"notIn": bools}}}), int64(0))
			if p != schema.PostgreSQL { // its text cannot hold NUL
				c.do("Sample", "create", M{"data": M{"s": "n\x00ul", "i": int64(0), "b": int64(0), "f": 0.0, "d": "0",
					"bool": true, "dt": time.Now(), "j": M{}, "bytes": []byte{}}})
				nul := append(L{"n\x00ul"}, longValues("s", nil)...)
				eq(t, "NUL in", c.rows("Sample", "findMany", M{"where": M{"s": M{"in": nul}}, "select": M{"s": true}}), []map[string]any{{"s": "n\x00ul"}})
				eq(t, "NUL in, prefix only", c.do("Sample", "count", M{"where": M{"s": M{"in": append(L{"n"}, nul[1:]...)}}}), int64(0))
				eq(t, "NUL notIn", c.do("Sample", "count", M{"where": M{"s": M{"notIn": nul}}}), int64(inListRows))
				c.do("Sample", "deleteMany", M{"where": M{"s": "n\x00ul"}})
			}
			if c.sch.Datasource.Provider != schema.MySQL { // DOUBLE has no infinities
				for _, inf := range []float64{math.Inf(1), math.Inf(-1)} {
					c.do("Sample", "create", M{"data": M{"s": "inf", "i": int64(0), "b": int64(0), "f": inf, "d": "0",
						"bool": true, "dt": time.Now(), "j": M{}, "bytes": []byte{}}})
					fs := append(L{inf}, longValues("f", nil)...)
					eq(t, fmt.Sprint(inf, " in"), c.do("Sample", "count", M{"where": M{"f": M{"in": fs}}}), int64(1))
					eq(t, fmt.Sprint(inf, " notIn"), c.do("Sample", "count", M{"where": M{"f": M{"notIn": fs}}}), int64(inListRows))
					c.do("Sample", "deleteMany", M{"where": M{"s": "inf"}})
				}
			}
			// Enums: PostgreSQL types the array as the enum's array type.
			c.do("Author", "createMany", M{"data": L{M{"email": "u@x.io"}, M{"email": "a@x.io", "role": "ADMIN"}}})
			roles := make(L, longList)
			for i := range roles {
				roles[i] = "USER"
			}
			eq(t, "enum in", c.do("Author", "count", M{"where": M{"role": M{"in": roles}}}), int64(1))
			eq(t, "enum notIn", c.rows("Author", "findMany", M{"where": M{"role": M{"notIn": roles}}, "select": M{"email": true}}), []map[string]any{{"email": "a@x.io"}})
			// Case-insensitive: LOWER() on both sides, as for a short list.
			ci := append(L{"école"}, longValues("s", nil)...)
			eq(t, "insensitive in", c.do("Sample", "count", M{"where": M{"s": M{"in": ci, "mode": "insensitive"}}}),
				c.do("Sample", "count", M{"where": M{"s": M{"in": L{"école"}, "mode": "insensitive"}}}))
			// Inside NOT and OR, next to other filters.
			list := longValues("i", vals["i"])
			eq(t, "NOT in", c.do("Sample", "count", M{"where": M{"NOT": M{"i": M{"in": list}}}}),
				c.do("Sample", "count", M{"where": M{"i": M{"notIn": list}}}))
			eq(t, "OR", c.do("Sample", "count", M{"where": M{"OR": L{M{"i": M{"in": list}}, M{"opt": nil}}}}),
				int64(len(chunked(c, func(l L) M { return M{"OR": L{M{"i": M{"in": l}}, M{"opt": nil}}} }, "i", list, false))))

			// updateMany and deleteMany touch exactly the listed rows.
			want := chunked(c, func(l L) M { return M{"s": M{"in": l}} }, "s", longValues("s", vals["s"]), false)
			res := c.do("Sample", "updateMany", M{"where": M{"s": M{"in": longValues("s", vals["s"])}}, "data": M{"opt": "updated"}})
			eq(t, "updateMany", res, M{"count": int64(len(want))})
			sameIDs(t, "updated rows", idsOf(c.rows("Sample", "findMany", M{"where": M{"opt": "updated"}, "select": M{"id": true}})), want)
			res = c.do("Sample", "deleteMany", M{"where": M{"i": M{"notIn": list}}})
			left := c.do("Sample", "count", nil).(int64)
			eq(t, "deleteMany notIn", res, M{"count": int64(inListRows) - left})
			eq(t, "left after deleteMany", left, int64(inListRows/2))
			eq(t, "left are the listed", c.do("Sample", "count", M{"where": M{"i": M{"in": list}}}), left)
		})
	}
}

// TestParamLimitNamesPath: what still needs more bind parameters than the
// database takes (an OR of that many filters) is P2029 naming the argument.
// MySQL's adapter interpolates arguments, so it has no such limit.
func TestParamLimitNamesPath(t *testing.T) {
	for _, p := range []string{schema.SQLite, schema.PostgreSQL} {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/ops.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			or := make(L, longList)
			for i := range or {
				or[i] = M{"i": int64(i)}
			}
			_, err := c.try("Sample", "count", M{"where": M{"OR": or, "s": M{"in": L{"a", "b"}}}})
			pe, ok := err.(*perr.Error)
			if !ok || pe.Code != perr.ParamLimit {
				t.Fatalf("want P2029, got %v", err)
			}
			if !strings.Contains(pe.Message, "`where.OR` (70000 values)") || pe.Meta["path"] != "where.OR" {
				t.Errorf("message %q, meta %v: want the path where.OR", pe.Message, pe.Meta)
			}
		})
	}
}
