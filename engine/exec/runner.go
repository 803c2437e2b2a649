package exec

import (
	"context"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// DB is what a Runner runs statements on.
type DB interface {
	driver.Querier
	// Atomic runs fn in a transaction: the caller's interactive transaction
	// when there is one, else a new one, committed if fn returns nil.
	Atomic(ctx context.Context, fn func(q driver.Querier) error) error
}

// Row is a row of the reply: field name -> value (relations, "_count").
type Row = map[string]any

type row = Row

// Runner runs the statements of one request.
type Runner struct {
	Ctx context.Context
	Sch *schema.Schema
	D   sqltree.Dialect
	DB  DB
	// Q is the transaction inside Atomic, else DB.
	Q    driver.Querier
	InTx bool
	// Err turns a driver error into the request's error (the request knows
	// which of its arguments to name); nil maps it through perr alone.
	Err func(m *schema.Model, err error) error

	env *bindings // while a plan.Write runs
}

func (x *Runner) err(m *schema.Model, err error) error {
	if x.Err != nil {
		return x.Err(m, err)
	}
	op := perr.Op{Names: perr.SchemaNames(x.Sch)}
	if m != nil {
		op.Model = m.Name
	}
	return perr.FromDriver(err, op)
}

// Query renders and runs a SELECT (or a statement with RETURNING) on m's
// table and returns its rows as the driver gives them.
func (x *Runner) Query(m *schema.Model, s sqltree.Stmt, types []driver.Type) ([][]any, error) {
	sql, argv, err := x.render(s)
	if err != nil {
		return nil, err
	}
	rows, err := x.Q.Query(x.Ctx, sql, argv, types)
	if err != nil {
		return nil, x.err(m, err)
	}
	return rows, nil
}

// Exec renders and runs a statement that returns no rows.
func (x *Runner) Exec(m *schema.Model, s sqltree.Stmt) (driver.Result, error) {
	sql, argv, err := x.render(s)
	if err != nil {
		return driver.Result{}, err
	}
	res, err := x.Q.Exec(x.Ctx, sql, argv)
	if err != nil {
		return res, x.err(m, err)
	}
	return res, nil
}

// render prints a statement for the dialect, its Refs and Slots bound when
// a planned write runs.
func (x *Runner) render(s sqltree.Stmt) (string, []any, error) {
	sql, argv := sqltree.Render(x.D, s)
	if x.env == nil {
		return sql, argv, nil
	}
	argv, err := x.env.bind(argv)
	return sql, argv, err
}

// Atomic runs fn in one transaction (joining the current one if any).
func (x *Runner) Atomic(fn func() error) error {
	if x.InTx {
		return fn()
	}
	var inner error
	err := x.DB.Atomic(x.Ctx, func(q driver.Querier) error {
		old := x.Q
		x.Q, x.InTx = q, true
		defer func() { x.Q, x.InTx = old, false }()
		inner = fn()
		return inner
	})
	if inner != nil {
		return inner
	}
	if err != nil {
		return x.err(nil, err)
	}
	return nil
}
