package query

import (
	"math"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// TestOpsSchema runs the trickier cases of the Python end-to-end scenario
// list (python/tests/e2e) at the engine level, against the same schema:
// @map/@@map names, String and uuid keys, compound uniques, every scalar type.
func TestOpsSchema(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/ops.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			a := c.row("Author", "create", M{"data": M{"email": "ann@x.io", "name": "Ann",
				"profile": M{"create": M{"bio": "writes"}},
				"books":   M{"create": L{M{"title": "First", "pages": int64(100), "price": "9.50"}, M{"title": "Second", "pages": int64(200), "published": true}}},
			}, "include": M{"profile": true, "books": true}})
			books := a["books"].([]any)
			eq(t, "books", len(books), 2)
			eq(t, "profile", a["profile"].(M)["bio"], "writes")
			b0 := books[0].(M)["id"].(string)
			if books[0].(M)["id"].(string) > books[1].(M)["id"].(string) {
				t.Errorf("books not in primary-key order")
			}
			c.do("Tag", "create", M{"data": M{"name": "sf", "books": M{"connect": L{M{"id": b0}}}}})
			got := c.row("Book", "findUnique", M{"where": M{"id": b0}, "include": M{"tags": true}})
			eq(t, "m-n", got["tags"], L{M{"name": "sf"}})

			c.do("Pair", "create", M{"data": M{"a": "x", "b": "y", "label": "L"}})
			eq(t, "compound id", c.row("Pair", "findUnique", M{"where": M{"a_b": M{"a": "x", "b": "y"}}})["label"], "L")
			eq(t, "compound unique", c.row("Pair", "findUnique", M{"where": M{"label_a": M{"label": "L", "a": "x"}}})["b"], "y")

			g := c.do("Book", "groupBy", M{"by": L{"authorId"}, "_sum": M{"pages": true}, "having": M{"pages": M{"_sum": M{"gt": int64(250)}}}})
			eq(t, "having _sum", g, L{M{"authorId": a["id"], "_sum": M{"pages": int64(300)}}})
			g = c.do("Book", "groupBy", M{"by": L{"published"}, "_count": M{"_all": true}, "orderBy": M{"published": "asc"}})
			eq(t, "group by bool", g, L{M{"published": false, "_count": M{"_all": int64(1)}}, M{"published": true, "_count": M{"_all": int64(1)}}})

			dt := time.Date(2026, 3, 4, 5, 6, 7, 891234000, time.UTC)
			s := c.row("Sample", "create", M{"data": M{"s": "héllo", "i": int64(math.MinInt32), "b": int64(math.MinInt64), "f": 1.25,
				"d": "12345.678900", "bool": true, "dt": dt, "j": M{"a": L{int64(1), 2.5, nil, "x"}, "b": M{"c": true}}, "bytes": []byte("\x00\xffbin")}})
			eq(t, "dt", s["dt"], dt.Truncate(time.Millisecond))
			eq(t, "ints", L{s["i"], s["b"], s["f"], s["bool"], s["opt"]}, L{int64(math.MinInt32), int64(math.MinInt64), 1.25, true, nil})
			eq(t, "decimal", decimalString(s["d"]), "12345.6789")
			eq(t, "json", s["j"], M{"a": L{int64(1), 2.5, nil, "x"}, "b": M{"c": true}})
			eq(t, "bytes", s["bytes"], []byte("\x00\xffbin"))
			eq(t, "dt filter", c.do("Sample", "count", M{"where": M{"dt": dt}}), int64(1))
			eq(t, "json equals", c.do("Sample", "count", M{"where": M{"j": M{"equals": M{"b": M{"c": true}, "a": L{int64(1), 2.5, nil, "x"}}}}}), int64(1))
			eq(t, "json plain", c.do("Sample", "count", M{"where": M{"j": M{"b": M{"c": true}, "a": L{int64(1), 2.5, nil, "x"}}}}), int64(1))
			eq(t, "json not", c.do("Sample", "count", M{"where": M{"j": M{"not": M{"a": int64(1)}}}}), int64(1))

			n := c.do("Author", "count", nil)
			_, err := c.try("Author", "createMany", M{"data": L{M{"email": "f@x.io"}, M{"email": "f@x.io"}}})
			eq(t, "createMany dup", codeOf(err), perr.UniqueViolation)
			_, err = c.try("Author", "create", M{"data": M{"email": "ann@x.io", "books": M{"create": L{M{"title": "Orphan"}}}}})
			eq(t, "nested dup", codeOf(err), perr.UniqueViolation)
			eq(t, "no orphan", c.do("Book", "count", M{"where": M{"title": "Orphan"}}), int64(0))
			eq(t, "unchanged", c.do("Author", "count", nil), n)
			_, err = c.try("Profile", "create", M{"data": M{"bio": "x", "authorId": int64(999999)}})
			eq(t, "fk", codeOf(err), perr.ForeignKey)
			eq(t, "isNot includes rows without relation", c.do("Author", "count", M{"where": M{"profile": M{"isNot": M{"bio": "writes"}}}}), int64(0))
			eq(t, "distinct", len(c.rows("Author", "findMany", M{"distinct": L{"role"}})), 1)
		})
	}
}
