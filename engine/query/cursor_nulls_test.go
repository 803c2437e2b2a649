package query

import (
	"fmt"
	"testing"
)

// TestCursorOverNullableOrder: paging with a cursor through an order on a
// nullable column visits every row once, in the order findMany gives
// without a cursor, wherever the NULLs sort (the database's default
// placement, nulls first or last, ascending or descending) and whether
// the cursor row's own value is NULL.
func TestCursorOverNullableOrder(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/ops.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			for i, pages := range []any{nil, int64(1), int64(1), int64(2), nil, int64(3), nil} {
				c.do("Book", "create", M{"data": M{"title": fmt.Sprint("b", i), "pages": pages}})
			}
			orders := []any{
				M{"pages": "asc"}, M{"pages": "desc"},
				M{"pages": M{"sort": "asc", "nulls": "first"}}, M{"pages": M{"sort": "asc", "nulls": "last"}},
				M{"pages": M{"sort": "desc", "nulls": "first"}}, M{"pages": M{"sort": "desc", "nulls": "last"}},
			}
			for _, order := range orders {
				all := ids(c.rows("Book", "findMany", M{"orderBy": order}))
				if len(all) != 7 {
					t.Fatalf("%v: %d rows", order, len(all))
				}
				// From each row, the rest of the list: the cursor row itself,
				// then the rows after it.
				for k, id := range all {
					got := ids(c.rows("Book", "findMany", M{"orderBy": order, "cursor": M{"id": id}}))
					if fmt.Sprint(got) != fmt.Sprint(all[k:]) {
						t.Errorf("%v from row %d: %v, want %v", order, k, got, all[k:])
					}
				}
				// Paging two at a time, skipping the cursor row.
				var paged []any
				page := c.rows("Book", "findMany", M{"orderBy": order, "take": int64(2)})
				for len(page) > 0 {
					paged = append(paged, ids(page)...)
					page = c.rows("Book", "findMany", M{"orderBy": order, "take": int64(2), "skip": int64(1),
						"cursor": M{"id": page[len(page)-1]["id"]}})
				}
				if fmt.Sprint(paged) != fmt.Sprint(all) {
					t.Errorf("%v paged: %v, want %v", order, paged, all)
				}
			}
		})
	}
}

func ids(rows []map[string]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r["id"]
	}
	return out
}
