package query

import (
	"context"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// TestDatabaseErrors checks that database failures reach the caller through
// the perr catalogue on every provider: Prisma's code, field names (not
// columns) in meta, the model that failed.
func TestDatabaseErrors(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/ops.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			a := c.row("Author", "create", M{"data": M{"email": "ann@x.io", "profile": M{"create": M{"bio": "b"}}}})
			c.do("Pair", "create", M{"data": M{"a": "x", "b": "y", "label": "L"}})

			check := func(what string, err error, code string, meta map[string]any, inMsg string) {
				t.Helper()
				pe, ok := err.(*perr.Error)
				if !ok || pe.Code != code {
					t.Errorf("%s: %v, want %s", what, err, code)
					return
				}
				for k, v := range meta {
					eq(t, what+" meta "+k, pe.Meta[k], v)
				}
				if !strings.Contains(pe.Message, inMsg) {
					t.Errorf("%s: message %q lacks %q", what, pe.Message, inMsg)
				}
			}
			_, err := c.try("Pair", "create", M{"data": M{"a": "x", "b": "y"}})
			check("compound id", err, perr.UniqueViolation,
				map[string]any{"target": []string{"a", "b"}, "modelName": "Pair"}, "(`a`,`b`) of model `Pair`")
			_, err = c.try("Pair", "create", M{"data": M{"a": "x", "b": "z", "label": "L"}})
			check("compound unique", err, perr.UniqueViolation,
				map[string]any{"target": []string{"label", "a"}, "modelName": "Pair"}, "(`label`,`a`)")
			_, err = c.try("Profile", "create", M{"data": M{"bio": "again", "authorId": a["id"]}})
			check("unique fk", err, perr.UniqueViolation,
				map[string]any{"target": []string{"authorId"}, "modelName": "Profile"}, "`authorId`")
			_, err = c.try("Profile", "create", M{"data": M{"bio": "x", "authorId": int64(999999)}})
			check("foreign key", err, perr.ForeignKey, map[string]any{"modelName": "Profile"}, "Foreign key constraint violated")
			// A nested write failing on the parent's unique names the parent.
			_, err = c.try("Author", "create", M{"data": M{"email": "ann@x.io", "books": M{"create": L{M{"title": "Orphan"}}}}})
			check("nested", err, perr.UniqueViolation, map[string]any{"target": []string{"email"}, "modelName": "Author"}, "`email`")
		})
	}
}

// txDB runs every statement in one transaction, as the engine's
// interactive transactions do.
type txDB struct{ driver.Tx }

func (d txDB) Atomic(ctx context.Context, fn func(q driver.Querier) error) error { return fn(d.Tx) }

// TestAbortedTransaction: on PostgreSQL a statement after a failed one in
// the same transaction is refused (25P02); the caller gets P2028 naming the
// earlier failure, not INTERNAL. The other databases go on.
func TestAbortedTransaction(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/ops.prisma", p))
			ctx := context.Background()
			pool := db.(testdb.Atomic).Pool
			tx, err := pool.Begin(ctx, driver.TxOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			c := &client{t: t, sch: sch, db: txDB{tx}}
			c.do("Tag", "create", M{"data": M{"name": "a"}})
			_, err = c.try("Tag", "create", M{"data": M{"name": "a"}})
			eq(t, "duplicate", codeOf(err), perr.UniqueViolation)
			_, err = c.try("Tag", "create", M{"data": M{"name": "b"}})
			if p != schema.PostgreSQL {
				if err != nil {
					t.Errorf("after a failed statement: %v", err)
				}
				return
			}
			pe, ok := err.(*perr.Error)
			if !ok || pe.Code != perr.TxAborted || !strings.Contains(pe.Message, "earlier statement") ||
				!strings.Contains(pe.Message, "23505") || !strings.Contains(pe.Message, "rolled back") {
				t.Errorf("after a failed statement: %#v", err)
			}
		})
	}
}
