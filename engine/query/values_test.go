package query

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// wantCode fails unless err is a *perr.Error with code, and returns it.
func wantCode(t *testing.T, what string, err error, code string) *perr.Error {
	t.Helper()
	var pe *perr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%s: want %s, got %v", what, code, err)
	}
	if pe.Code != code {
		t.Fatalf("%s: want %s, got %s: %s", what, code, pe.Code, pe.Message)
	}
	return pe
}

// TestNonFiniteFloats: NaN and ±Infinity are stored where the column type
// holds them (PostgreSQL; SQLite for the infinities) and refused, naming
// the field and argument path, where it does not (MySQL's DOUBLE; SQLite
// would store NaN as NULL). They are never spliced into SQL text.
func TestNonFiniteFloats(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		p := c.sch.Datasource.Provider
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			data := M{"amount": "1", "rating": v, "status": "s"}
			stores := p == schema.PostgreSQL || p == schema.SQLite && !math.IsNaN(v)
			res, err := c.try("Sales", "create", M{"data": data})
			if !stores {
				pe := wantCode(t, "create", err, perr.Validation)
				if pe.Meta["path"] != "data.rating" || !strings.Contains(pe.Message, "`rating`") {
					t.Fatalf("message or path does not name the field: %v %v", pe.Message, pe.Meta)
				}
				_, err = c.try("Sales", "count", M{"where": M{"rating": M{"lt": v}}})
				wantCode(t, "filter", err, perr.Validation)
				_, err = c.try("Sales", "updateMany", M{"data": M{"rating": M{"multiply": v}}})
				wantCode(t, "multiply", err, perr.Validation)
				continue
			}
			if err != nil {
				t.Fatalf("create %v: %v", v, err)
			}
			got := res.(map[string]any)["rating"].(float64)
			if math.IsNaN(v) != math.IsNaN(got) || !math.IsNaN(v) && got != v {
				t.Fatalf("stored %v, read %v", v, got)
			}
		}
	})
}

// TestIntOverflow: an atomic update whose result leaves the field's integer
// range fails with P2020 on every provider and changes nothing; SQLite
// would otherwise store a REAL (read back as -9223372036854775808) or a
// 64-bit value in an Int field. Division by zero is refused up front.
func TestIntOverflow(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		const maxInt = int64(math.MaxInt64)
		id := c.row("Sales", "create", M{"data": M{"amount": "1", "rating": 1.0, "status": "s", "units": maxInt}})["id"]
		low := c.row("Sales", "create", M{"data": M{"amount": "1", "rating": 1.0, "status": "low", "units": int64(math.MinInt64)}})["id"]
		for _, tc := range []struct {
			id any
			op M
		}{
			{id, M{"increment": int64(1)}}, {id, M{"multiply": int64(2)}}, {id, M{"decrement": int64(-1)}},
			{low, M{"decrement": int64(1)}}, {low, M{"divide": int64(-1)}}, {low, M{"multiply": int64(-1)}},
		} {
			for _, action := range []string{"update", "updateMany"} {
				_, err := c.try("Sales", action, M{"where": M{"id": tc.id}, "data": M{"units": tc.op}})
				wantCode(t, fmt.Sprintf("%s %v", action, tc.op), err, perr.ValueOutOfRange)
			}
		}
		eq(t, "unchanged", c.row("Sales", "findUnique", M{"where": M{"id": id}})["units"], maxInt)
		eq(t, "unchanged low", c.row("Sales", "findUnique", M{"where": M{"id": low}})["units"], int64(math.MinInt64))
		eq(t, "in range", c.row("Sales", "update", M{"where": M{"id": id}, "data": M{"units": M{"decrement": int64(7)}}})["units"], maxInt-7)

		u := c.row("User", "create", M{"data": M{"email": "o@x.io", "loginCount": int64(math.MaxInt32)}})["id"]
		for _, op := range []M{{"increment": int64(1)}, {"multiply": int64(2)}} {
			_, err := c.try("User", "update", M{"where": M{"id": u}, "data": M{"loginCount": op}})
			wantCode(t, fmt.Sprintf("Int %v", op), err, perr.ValueOutOfRange)
		}
		eq(t, "Int unchanged", c.row("User", "findUnique", M{"where": M{"id": u}})["loginCount"], int64(math.MaxInt32))
		eq(t, "Int in range", c.row("User", "update", M{"where": M{"id": u}, "data": M{"loginCount": M{"divide": int64(2)}}})["loginCount"], int64(math.MaxInt32/2))

		for _, zero := range []M{{"units": M{"divide": int64(0)}}, {"rating": M{"divide": 0.0}}, {"amount": M{"divide": "0.00"}}} {
			_, err := c.try("Sales", "updateMany", M{"data": zero})
			pe := wantCode(t, fmt.Sprintf("divide %v", zero), err, perr.Validation)
			if !strings.Contains(pe.Message, "division by zero") {
				t.Fatalf("message: %s", pe.Message)
			}
		}
	})
}

// TestPatternLiterals: contains/startsWith/endsWith match their value
// literally whatever it holds. On SQLite a NUL byte used to end the GLOB
// pattern (so "\x00" matched every row) and a pattern over 50 KB failed the
// statement. PostgreSQL text cannot hold NUL (see TestUserErrors).
func TestPatternLiterals(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		seedUsers(c)
		nul := c.sch.Datasource.Provider != schema.PostgreSQL
		if nul {
			c.do("User", "create", M{"data": M{"email": "n\x00ul@x.io", "name": "N\x00UL"}})
		}
		count := func(where M) int64 {
			t.Helper()
			return c.do("User", "count", M{"where": where}).(int64)
		}
		long := strings.Repeat("a", 60000)
		for _, op := range []string{"contains", "startsWith", "endsWith"} {
			eq(t, op+" long", count(M{"email": M{op: long}}), int64(0))
			eq(t, op+" long insensitive", count(M{"email": M{op: long, "mode": "insensitive"}}), int64(0))
			if !nul {
				continue
			}
			want := int64(0) // no email starts or ends with NUL
			if op == "contains" {
				want = 1
			}
			eq(t, op+" NUL", count(M{"email": M{op: "\x00"}}), want)
			eq(t, op+" a NUL", count(M{"email": M{op: "a\x00"}}), int64(0))
			eq(t, op+" NUL long", count(M{"email": M{op: "\x00" + long}}), int64(0))
		}
		if nul {
			eq(t, "contains", count(M{"email": M{"contains": "\x00ul@"}}), int64(1))
			eq(t, "startsWith", count(M{"email": M{"startsWith": "n\x00"}}), int64(1))
			eq(t, "endsWith", count(M{"email": M{"endsWith": "\x00ul@x.io"}}), int64(1))
			eq(t, "insensitive", count(M{"name": M{"startsWith": "n\x00u", "mode": "insensitive"}}), int64(1))
			eq(t, "insensitive endsWith", count(M{"name": M{"endsWith": "\x00ul", "mode": "insensitive"}}), int64(1))
		}
		eq(t, "long value matches", count(M{"email": M{"endsWith": strings.Repeat("x", 20000) + "a@x.io"}}), int64(0))
	})
}

// TestUserErrors enumerates user mistakes that used to come back as
// INTERNAL ("a bug in the engine") or as a connection error, and checks
// each is now a typed user error with its Prisma code.
func TestUserErrors(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		p := c.sch.Datasource.Provider
		c.do("User", "create", M{"data": M{"email": "a@x.io"}})
		deep := M{"email": "a@x.io"}
		for i := 0; i < 2*MaxFilterDepth; i++ {
			deep = M{"AND": L{deep}}
		}
		ids := make(L, 70000)
		for i := range ids {
			ids[i] = fmt.Sprint(i)
		}
		big := make([]byte, 20<<20)
		cases := []struct {
			name, model, action string
			args                M
			code                string // "" on providers where the request succeeds
		}{
			{"deep AND", "User", "findMany", M{"where": deep}, perr.Validation},
			{"take -2**63", "User", "findMany", M{"take": int64(math.MinInt64)}, perr.Validation},
			{"include take -2**63", "User", "findMany", M{"include": M{"posts": M{"take": int64(math.MinInt64)}}}, perr.Validation},
			{"divide by zero", "User", "updateMany", M{"data": M{"loginCount": M{"divide": int64(0)}}}, perr.Validation},
			// Bound as one argument past the parameter limit (TestLongInLists).
			{"70k in", "User", "count", M{"where": M{"id": M{"in": ids}}}, ""},
			{"NUL", "User", "create", M{"data": M{"email": "nul\x00@x.io"}}, map[string]string{schema.PostgreSQL: perr.DataValidation}[p]},
			{"NUL contains", "User", "count", M{"where": M{"email": M{"contains": "\x00"}}}, map[string]string{schema.PostgreSQL: perr.DataValidation}[p]},
			{"20 MB value", "Person", "create", M{"data": M{"firstName": "a", "lastName": "b", "blob": big}},
				map[string]string{schema.MySQL: perr.DataValidation}[p]},
		}
		for _, tc := range cases {
			_, err := c.try(tc.model, tc.action, tc.args)
			if tc.code == "" {
				if err != nil {
					t.Errorf("%s: %v", tc.name, err)
				}
				continue
			}
			var pe *perr.Error
			if !errors.As(err, &pe) || pe.Code != tc.code {
				t.Errorf("%s: want %s, got %v", tc.name, tc.code, err)
			}
		}
		// The connection is fine after each of them.
		c.do("User", "count", nil)
	})
}
