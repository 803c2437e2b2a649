// Package query turns a Prisma-style request (model, action, args) into SQL
// and runs it: the call is read by engine/request (model, action, argument
// names, selection), planned into sqltree statements, rendered by the
// provider's dialect and executed through a driver.Querier. Related
// records are loaded with one query per relation level (`IN (...)` on the
// parent keys) and stitched in Go, as Prisma does.
//
// Reads are planned whole first (engine/plan: the statements, with the
// values one step takes from an earlier one as plan.Ref), then run
// (readexec.go); so are writes of one model (writeplan.go, writeexec.go),
// whose generated values are plan.Slots until they run. Explain prints
// their plans with no database. Writes with nested writes still plan and
// run in one pass; Explain runs them against a recorder whose rows are
// plan.Refs, with plan.Slots for the clock and generated ids (the exec's
// mint), so no planning code asks whether it is explaining. Nested writes
// dispatch through one table (nestedops.go).
//
// This package must not import driver adapters (driver/sqlite,
// driver/postgres, driver/mysql), database/sql or "C".
package query

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// DB is what Execute runs statements on.
type DB interface {
	driver.Querier
	// Atomic runs fn in a transaction: the caller's interactive transaction
	// when there is one, else a new one, committed if fn returns nil.
	Atomic(ctx context.Context, fn func(q driver.Querier) error) error
}

// Actions, by Prisma's names.
var actions = map[string]func(x *exec, m *schema.Model, a args) (any, error){
	"findUnique":          func(x *exec, m *schema.Model, a args) (any, error) { return x.findUnique(m, a, false) },
	"findUniqueOrThrow":   func(x *exec, m *schema.Model, a args) (any, error) { return x.findUnique(m, a, true) },
	"findFirst":           func(x *exec, m *schema.Model, a args) (any, error) { return x.findFirst(m, a, false) },
	"findFirstOrThrow":    func(x *exec, m *schema.Model, a args) (any, error) { return x.findFirst(m, a, true) },
	"findMany":            (*exec).findManyAction,
	"create":              (*exec).createAction,
	"createMany":          func(x *exec, m *schema.Model, a args) (any, error) { return x.createMany(m, a, false) },
	"createManyAndReturn": func(x *exec, m *schema.Model, a args) (any, error) { return x.createMany(m, a, true) },
	"update":              (*exec).updateAction,
	"updateMany":          func(x *exec, m *schema.Model, a args) (any, error) { return x.updateMany(m, a, false) },
	"updateManyAndReturn": func(x *exec, m *schema.Model, a args) (any, error) { return x.updateMany(m, a, true) },
	"upsert":              (*exec).upsertAction,
	"delete":              (*exec).deleteAction,
	"deleteMany":          (*exec).deleteManyAction,
	"count":               (*exec).countAction,
	"aggregate":           (*exec).aggregateAction,
	"groupBy":             (*exec).groupByAction,
}

// Execute runs one request. Results are plain Go values (see the package
// doc of engine); every error is a *perr.Error.
func Execute(ctx context.Context, sch *schema.Schema, db DB, model, action string, argv map[string]any) (res any, err error) {
	return execute(ctx, sch, db, model, action, argv, false)
}

func execute(ctx context.Context, sch *schema.Schema, db DB, model, action string, argv map[string]any, explain bool) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			res = nil
			err = perr.New(perr.Internal, map[string]any{"is_panic": true, "stack": string(debug.Stack())},
				"internal error in %s.%s: %v", model, action, r)
		}
	}()
	if sch == nil || sch.Datasource == nil {
		return nil, perr.New(perr.Schema, nil, "no schema or datasource")
	}
	d, derr := dialect.For(sch.Datasource.Provider)
	if derr != nil {
		return nil, perr.New(perr.Schema, nil, "%v", derr)
	}
	x := &exec{ctx: ctx, sch: sch, d: d, db: db, q: db, mint: liveMint{}, planOnly: explain}
	if explain {
		x.mint = &slotMint{}
	}
	return x.run(model, action, argv)
}

func (x *exec) run(model, action string, argv map[string]any) (any, error) {
	if m := x.sch.Model(model); m != nil && !x.planOnly {
		if res, ok, err := x.cachedFind(m, action, argv); ok {
			return res, err
		}
	}
	c, err := request.Parse(x.sch, model, action, argv)
	if err != nil {
		return nil, err
	}
	fn, ok := actions[c.Action]
	if !ok {
		return nil, perr.New(perr.Internal, nil, "action %s has no executor", c.Action)
	}
	x.strategy = c.Strategy
	return fn(x, c.Model, c.Args)
}

// args are a call's arguments (request.Args), read as each action plans.
type args = request.Args

// exec carries one request's state.
type exec struct {
	ctx    context.Context
	sch    *schema.Schema
	d      sqltree.Dialect
	db     DB
	q      driver.Querier // the transaction inside atomic, else db
	inTx   bool
	aliasN int
	depth  int // of the filter being built (MaxFilterDepth)
	lists  []valueList
	mint   mint // the clock and id generators writes use
	// searches are the full-text queries of the request (badSearch).
	searches []searchQuery
	// planOnly makes read actions return their plan instead of running it.
	planOnly bool
	// strategy is the request's relationLoadStrategy: how its reads, and
	// the reads that return a write's row, load relations.
	strategy string
	// env holds the values of a planned write's Refs and Slots while it
	// runs (writeexec.go); the statements' arguments are bound from it.
	env *bindings
	// fill is the request's shape when the plan cache missed it: the
	// find's plan is kept under it (plancache.go).
	fill *cacheFill
}

// now is the time written by now() and @updatedAt defaults.
func (x *exec) now() any { return x.mint.now() }

// atomic runs fn in one transaction (joining the current one if any).
func (x *exec) atomic(fn func() error) error {
	if x.inTx {
		return fn()
	}
	var inner error
	err := x.db.Atomic(x.ctx, func(q driver.Querier) error {
		old := x.q
		x.q, x.inTx = q, true
		defer func() { x.q, x.inTx = old, false }()
		inner = fn()
		return inner
	})
	if inner != nil {
		return inner
	}
	if err != nil {
		return x.dbErr(nil, err)
	}
	return nil
}

func (x *exec) alias() string {
	x.aliasN++
	return fmt.Sprintf("t%d", x.aliasN)
}

// query renders and runs a SELECT (or a RETURNING statement).
func (x *exec) query(m *schema.Model, s sqltree.Stmt, types []driver.Type) ([][]any, error) {
	sql, argv, err := x.render(s)
	if err != nil {
		return nil, err
	}
	rows, err := x.q.Query(x.ctx, sql, argv, types)
	if err != nil {
		return nil, x.dbErr(m, err)
	}
	if sym, ok := x.q.(symbolic); ok {
		for i := range rows {
			rows[i] = sym.answer(m, s, rows[i])
		}
	}
	return rows, nil
}

// execStmt renders and runs a statement that returns no rows.
func (x *exec) execStmt(m *schema.Model, s sqltree.Stmt) (driver.Result, error) {
	sql, argv, err := x.render(s)
	if err != nil {
		return driver.Result{}, err
	}
	res, err := x.q.Exec(x.ctx, sql, argv)
	if err != nil {
		return res, x.dbErr(m, err)
	}
	return res, nil
}

// render prints a statement for the dialect, its Refs and Slots bound when
// a planned write runs.
func (x *exec) render(s sqltree.Stmt) (string, []any, error) {
	sql, argv := sqltree.Render(x.d, s)
	if x.env == nil {
		return sql, argv, nil
	}
	argv, err := x.env.bind(argv)
	return sql, argv, err
}
