package query

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// freshDB returns an empty database for provider with the test schema pushed:
// a new SQLite file always, a new PostgreSQL/MySQL database when
// CASPIAN_TEST_*_URL is set (else the test is skipped).
func freshDB(t testing.TB, provider string) (*schema.Schema, DB) {
	t.Helper()
	return freshDBFor(t, provider, loadSchema(t, provider))
}

func freshDBFor(t testing.TB, provider string, sch *schema.Schema) (*schema.Schema, DB) {
	t.Helper()
	pool := testdb.Open(t, provider, "query")
	if _, err := migrate.Push(context.Background(), pool, sch, migrate.PushOptions{}); err != nil {
		t.Fatalf("push: %v", err)
	}
	return sch, testdb.Atomic{Pool: pool}
}

// forEachProvider runs fn against a fresh database of every provider.
func forEachProvider(t *testing.T, fn func(t *testing.T, c *client)) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDB(t, p)
			fn(t, &client{t: t, sch: sch, db: db})
		})
	}
}

// client is a tiny test-side caller of Execute.
type client struct {
	t   *testing.T
	sch *schema.Schema
	db  DB
}

func (c *client) try(model, action string, argv map[string]any) (any, error) {
	if argv == nil {
		argv = map[string]any{}
	}
	return Execute(context.Background(), c.sch, c.db, model, action, argv)
}

func (c *client) do(model, action string, argv map[string]any) any {
	c.t.Helper()
	res, err := c.try(model, action, argv)
	if err != nil {
		c.t.Fatalf("%s.%s(%v): %v", model, action, argv, err)
	}
	return res
}

func (c *client) row(model, action string, argv map[string]any) map[string]any {
	c.t.Helper()
	r, _ := c.do(model, action, argv).(map[string]any)
	return r
}

func (c *client) rows(model, action string, argv map[string]any) []map[string]any {
	c.t.Helper()
	var out []map[string]any
	for _, r := range c.do(model, action, argv).([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}
