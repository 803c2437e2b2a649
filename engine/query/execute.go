// Package query plans a Prisma-style request (model, action, args): the
// call is read by engine/request (model, action, argument names,
// selection), then planned into engine/plan steps of sqltree statements,
// which engine/exec runs through a driver.Querier. Related records are
// loaded with one query per relation level (`IN (...)` on the parent keys)
// and stitched in Go, as Prisma does.
//
// Reads are planned whole (plan.Read, with the values one step takes from
// an earlier one as plan.Ref), and so are writes (plan.Write,
// writeplan.go), nested writes included: their generated values are
// plan.Slots until they run, and what depends on whether a row exists is a
// step's Missing or Exists, or a plan.Branch. Explain prints these plans
// with no database. Nested writes dispatch through one table
// (nestedops.go). The plans of finds and of one-row scalar writes are kept
// by the request's shape, its values lifted out (plancache.go,
// writecache.go).
//
// This package must not import driver adapters (driver/sqlite,
// driver/postgres, driver/mysql), database/sql or "C".
package query

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// DB is what Execute runs statements on.
type DB = exec.DB

// Actions, by Prisma's names.
var actions = map[string]func(x *planner, m *schema.Model, a args) (any, error){
	"findUnique":          func(x *planner, m *schema.Model, a args) (any, error) { return x.findUnique(m, a, false) },
	"findUniqueOrThrow":   func(x *planner, m *schema.Model, a args) (any, error) { return x.findUnique(m, a, true) },
	"findFirst":           func(x *planner, m *schema.Model, a args) (any, error) { return x.findFirst(m, a, false) },
	"findFirstOrThrow":    func(x *planner, m *schema.Model, a args) (any, error) { return x.findFirst(m, a, true) },
	"findMany":            (*planner).findManyAction,
	"create":              (*planner).createAction,
	"createMany":          func(x *planner, m *schema.Model, a args) (any, error) { return x.createMany(m, a, false) },
	"createManyAndReturn": func(x *planner, m *schema.Model, a args) (any, error) { return x.createMany(m, a, true) },
	"update":              (*planner).updateAction,
	"updateMany":          func(x *planner, m *schema.Model, a args) (any, error) { return x.updateMany(m, a, false) },
	"updateManyAndReturn": func(x *planner, m *schema.Model, a args) (any, error) { return x.updateMany(m, a, true) },
	"upsert":              (*planner).upsertAction,
	"delete":              (*planner).deleteAction,
	"deleteMany":          (*planner).deleteManyAction,
	"count":               (*planner).countAction,
	"aggregate":           (*planner).aggregateAction,
	"groupBy":             (*planner).groupByAction,
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
	x := &planner{ctx: ctx, sch: sch, d: d, mint: &slotMint{}, planOnly: explain}
	x.run = &exec.Runner{Ctx: ctx, Sch: sch, D: d, DB: db, Q: db, Err: x.dbErr}
	return x.dispatch(model, action, argv)
}

func (x *planner) dispatch(model, action string, argv map[string]any) (any, error) {
	if m := x.sch.Model(model); m != nil && !x.planOnly {
		if res, ok, err := x.cached(m, action, argv); ok {
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

// planner carries one request's state.
type planner struct {
	ctx context.Context
	sch *schema.Schema
	d   sqltree.Dialect
	// run runs the request's plans.
	run    *exec.Runner
	aliasN int
	tags   int // plan.Ref.N and plan.Step.ID (tag)
	lists  []valueList
	mint   *slotMint // the clock and generated ids, as Slots
	// searches are the full-text queries of the request (badSearch).
	searches []searchQuery
	// planOnly makes read actions return their plan instead of running it.
	planOnly bool
	// strategy is the request's relationLoadStrategy: how its reads, and
	// the reads that return a write's row, load relations.
	strategy string
	// fill is the request's shape when the plan cache missed it: the
	// find's plan is kept under it (plancache.go).
	fill *cacheFill
	// wfill is the same for a write (writecache.go).
	wfill *writeFill
}

// now is the time written by now() and @updatedAt defaults.
func (x *planner) now() any { return x.mint.now() }

func (x *planner) alias() string {
	x.aliasN++
	return fmt.Sprintf("t%d", x.aliasN)
}
