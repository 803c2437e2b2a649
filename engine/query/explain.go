package query

import (
	"context"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Explain prints the SQL statements a request would run on provider, with
// their bind arguments, without a database. A read, and a write of one
// model, prints its plan, where values read by an earlier statement show as
// $ref(Model.field) and values made as the write runs as $now(),
// $uuid()[Model.field]. A write with nested writes runs against a recorder: every lookup finds one row, whose columns are
// $ref(Model.field) (what the statement reads, bound by the statements
// after it), and the values a write makes as it runs (the clock, generated
// ids) are plan.Slots: $now(), $uuid()[Model.field].
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

// recorder is a DB that records statements. Query answers with one row of
// placeholder values by type; the Runner asks its Answer method (exec.Symbolic) for
// the row as the Refs of what a statement reads.
type recorder struct {
	lines []string
}

func (r *recorder) record(sql string, args []any) {
	var b strings.Builder
	plan.PrintSQL(&b, sql, args)
	r.lines = append(r.lines, strings.TrimSuffix(b.String(), "\n"))
}

func (r *recorder) String() string { return strings.Join(r.lines, "\n") + "\n" }

var placeholderTime = time.Date(2026, 1, 2, 3, 4, 5, 678000000, time.UTC)

func (r *recorder) Query(_ context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	r.record(sql, args)
	row := make([]any, len(types))
	for i, t := range types {
		switch t {
		case driver.TypeString:
			row[i] = "s"
		case driver.TypeInt, driver.TypeBigInt:
			row[i] = int64(1)
		case driver.TypeFloat:
			row[i] = 1.5
		case driver.TypeDecimal:
			row[i] = driver.Decimal("1.5")
		case driver.TypeBool:
			row[i] = true
		case driver.TypeDateTime:
			row[i] = placeholderTime
		case driver.TypeJSON:
			row[i] = driver.JSON("{}")
		case driver.TypeBytes:
			row[i] = []byte{}
		default:
			row[i] = int64(1)
		}
	}
	return [][]any{row}, nil
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

// Answer makes the row a statement reads the Refs of its columns (the
// recorder is an exec.Symbolic).
func (r *recorder) Answer(m *schema.Model, s sqltree.Stmt, row []any) []any {
	var cols []string
	switch t := s.(type) {
	case *sqltree.Select:
		for _, c := range t.Columns {
			col, _ := c.X.(sqltree.Col)
			cols = append(cols, col.Name)
		}
	case *sqltree.Insert:
		cols = t.Returning
	case *sqltree.Update:
		cols = t.Returning
	case *sqltree.Delete:
		cols = t.Returning
	}
	out := append([]any(nil), row...)
	for i, c := range cols {
		if f := fieldByColumn(m, c); f != nil && i < len(out) {
			out[i] = plan.Ref{Model: m.Name, Field: f.Name}
		}
	}
	return out
}

func fieldByColumn(m *schema.Model, col string) *schema.Field {
	if m == nil || col == "" {
		return nil
	}
	for _, f := range m.ScalarFields() {
		if f.DBName == col {
			return f
		}
	}
	return nil
}

// lastInsertID is the key the database gave a row inserted without
// RETURNING (a Ref when explaining).
func (x *planner) lastInsertID(m *schema.Model, f *schema.Field, res driver.Result) any {
	if _, ok := x.run.Q.(exec.Symbolic); ok {
		return plan.Ref{Model: m.Name, Field: f.Name}
	}
	return res.LastInsertID
}
