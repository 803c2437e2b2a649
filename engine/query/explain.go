package query

import (
	"context"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Explain prints the SQL statements a request would run on provider, with
// their bind arguments, without a database. A read or a write prints its
// plan, where values read by an earlier statement show as
// $ref(Model.field), values made as the write runs as $now(),
// $uuid()[Model.field], and both sides of what depends on whether a row
// was found as "-- if statement N read a row: … -- else: … -- end if".
// Planning runs nothing: its DB is a recorder, and what it records is
// printed only if an action answered no plan.
func Explain(sch *schema.Schema, model, action string, argv map[string]any, provider string) (string, error) {
	if sch == nil {
		return "", perr.New(perr.Schema, nil, "no schema")
	}
	cp := *sch
	ds := schema.Datasource{Provider: provider}
	if sch.Datasource != nil {
		ds = *sch.Datasource
		if provider != "" {
			ds.Provider = provider
		}
	}
	cp.Datasource = &ds
	rec := &recorder{}
	res, err := execute(context.Background(), &cp, rec, model, action, argv, true)
	if p, ok := res.(interface {
		String(sqltree.Dialect) string
	}); ok && err == nil {
		d, derr := dialect.For(ds.Provider)
		if derr != nil {
			return "", perr.New(perr.Schema, nil, "%v", derr)
		}
		return p.String(d), nil
	}
	return rec.String(), err
}

// recorder is a DB that records statements and reads no rows: planning
// runs nothing, so what it records is a planner's mistake, made visible.
type recorder struct {
	lines []string
}

func (r *recorder) record(sql string, args []any) {
	var b strings.Builder
	plan.PrintSQL(&b, sql, args)
	r.lines = append(r.lines, strings.TrimSuffix(b.String(), "\n"))
}

func (r *recorder) String() string { return strings.Join(r.lines, "\n") + "\n" }

func (r *recorder) Query(_ context.Context, sql string, args []any, _ []driver.Type) ([][]any, error) {
	r.record(sql, args)
	return nil, nil
}

func (r *recorder) QueryRaw(_ context.Context, sql string, args []any) ([]string, [][]any, error) {
	r.record(sql, args)
	return nil, nil, nil
}

func (r *recorder) Exec(_ context.Context, sql string, args []any) (driver.Result, error) {
	r.record(sql, args)
	return driver.Result{RowsAffected: 1, LastInsertID: 1}, nil
}

func (r *recorder) Atomic(_ context.Context, fn func(q driver.Querier) error) error {
	r.lines = append(r.lines, "-- BEGIN")
	err := fn(r)
	if err != nil {
		r.lines = append(r.lines, "-- ROLLBACK")
	} else {
		r.lines = append(r.lines, "-- COMMIT")
	}
	return err
}
