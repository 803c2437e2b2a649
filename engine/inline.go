package engine

import (
	"context"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// InlineBudget bounds a request answered inline (TryInline): one still
// running then is interrupted (SQLite checks its context in the progress
// handler), undone, and handed back to be run again off the caller's
// thread. It is the longest an inline answer can hold the caller's loop.
const InlineBudget = time.Millisecond

// inlineBackoff bounds how long a model and action whose inline try ran
// past InlineBudget are not tried inline again. The first overrun sets
// them aside for 16 budgets, each further overrun in a row (no inline
// answer between) for twice as long, up to inlineBackoff: on a loaded
// machine one overrun is as often a GC pause or a descheduled thread as a
// slow request, and a whole second of the usual way (two thread wake-ups
// per request) for each such accident cost more than the retries it saved.
const inlineBackoff = time.Second

// slowOp is a model and action set aside: until when, and how many
// overruns in a row set it aside.
type slowOp struct {
	until  time.Time
	streak int
}

// setAside hands key back at once for a while after an overrun.
func (e *Engine) setAside(key opKey) {
	streak := 1
	if v, ok := e.inlineSlow.Load(key); ok {
		streak = v.(slowOp).streak + 1
	}
	d := min(inlineBackoff, 16*e.inlineBudget()<<min(streak-1, 16))
	e.inlineSlow.Store(key, slowOp{until: time.Now().Add(d), streak: streak})
}

// inlineActions are the actions TryInline may answer: reads, which can be
// interrupted and run again without any effect, and writes, which it runs
// in a transaction of their own so that an interrupted one leaves nothing.
var inlineActions = map[string]bool{
	"findUnique": false, "findUniqueOrThrow": false, "findFirst": false, "findFirstOrThrow": false,
	"findMany": false, "count": false, "aggregate": false, "groupBy": false,
	"create": true, "createMany": true, "createManyAndReturn": true, "update": true, "updateMany": true,
	"updateManyAndReturn": true, "upsert": true, "delete": true, "deleteMany": true,
}

// Inline is TryInline's verdict.
type Inline int

const (
	Answered Inline = iota // v and err are the answer
	Later                  // not answered, nothing done: run the request the usual way
	Never                  // the same, and this engine never answers inline
)

// TryInline answers a request on the caller's goroutine when it can do so
// without waiting, on an open pool whose database runs in this process
// (driver.Inliner): a query.execute with an idle connection (the writer,
// for a write outside an interactive transaction; in one, the
// transaction's connection free of other statements), finished within
// InlineBudget — except a write in a transaction, answered only when its
// own data bounds it (smallWrite), with no budget; a tx.begin with the
// writer free (tryBegin); a commit or rollback of a transaction answered so
// throughout (tryEnd). Otherwise it answers Later having changed nothing, or Never
// when the pool is a database server's — except a tx.begin on a server pool
// whose Begin does no I/O (driver.QuickBeginner), tried as on SQLite. Never
// holds for that method only: a caller may stop asking for it. A Python
// event loop calls it to skip two thread wake-ups (goroutine start, eventfd)
// on requests that take microseconds.
func (e *Engine) TryInline(ctx context.Context, method string, params map[string]any) (Inline, any, error) {
	e.mu.Lock()
	p, closed := e.pool, e.closed
	e.mu.Unlock()
	if p == nil || closed {
		return Later, nil, nil // opening the pool waits: the usual way does it
	}
	if !inProcess(p) {
		if q, ok := p.(driver.QuickBeginner); ok && q.QuickBegin() && method == "tx.begin" {
			return e.tryBegin(ctx, params)
		}
		return Never, nil, nil
	}
	switch method {
	case "tx.begin":
		return e.tryBegin(ctx, params)
	case "tx.commit", "tx.rollback":
		return e.tryEnd(ctx, params, method == "tx.commit")
	}
	action, _ := params["action"].(string)
	write, known := inlineActions[action]
	if method != "query.execute" || !known || e.sch == nil {
		return Later, nil, nil
	}
	args, err := argsParam(params)
	if err != nil {
		return Answered, nil, err
	}
	model, _ := params["model"].(string)
	if write && inTx(params) {
		// An interrupted write inside a SQLite transaction would undo the
		// whole transaction (an interrupted read leaves it as it was): a
		// write there runs inline only when its own data bounds it, and
		// then without a budget.
		if !smallWrite(e.sch, e.sch.Model(model), action, args) {
			return Later, nil, nil
		}
		ctx, nw := driver.WithNoWait(ctx)
		v, err := e.executeInTx(ctx, params, model, action, args)
		if err != nil && nw.Refused() {
			return Later, nil, nil
		}
		return Answered, v, err
	}
	key := opKey{model, action}
	slow, wasSlow := e.inlineSlow.Load(key)
	if wasSlow && time.Now().Before(slow.(slowOp).until) {
		return Later, nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, e.inlineBudget())
	defer cancel()
	ctx, nw := driver.WithNoWait(ctx)
	// gaveUp says whether the try ended without an answer: past the budget
	// (the same model and action then go the usual way for a while instead
	// of paying an interrupted try each time), or refused for want of a
	// free connection. Any other ending is an answer, which ends a run of
	// overruns.
	gaveUp := func(err error) bool {
		switch {
		case err != nil && ctx.Err() != nil && !nw.Refused():
			e.setAside(key)
			return true
		case err != nil && nw.Refused():
			return true
		}
		if wasSlow {
			e.inlineSlow.Delete(key)
		}
		return false
	}
	if inTx(params) {
		v, err := e.executeInTx(ctx, params, model, action, args)
		if gaveUp(err) {
			return Later, nil, nil
		}
		return Answered, v, err
	}
	if !write {
		v, err := e.executeOn(ctx, e.poolDB(p), nil, model, action, args)
		if gaveUp(err) {
			return Later, nil, nil
		}
		return Answered, v, err
	}
	tx, err := p.Begin(ctx, driver.TxOptions{})
	if err != nil {
		return Later, nil, nil // the writer is busy (or BEGIN failed: the usual way reports it)
	}
	v, err := e.executeOn(ctx, inlineTx{logged{q: tx, m: &e.metrics}}, nil, model, action, args)
	if gaveUp(err) {
		tx.Rollback(context.WithoutCancel(ctx))
		return Later, nil, nil
	}
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return Answered, nil, err
	}
	if err := tx.Commit(context.WithoutCancel(ctx)); err != nil {
		return Answered, nil, perr.FromDriver(err, perr.Op{Model: model, Names: e.names})
	}
	return Answered, v, nil
}

// inlineTx is query.DB over the transaction TryInline runs a write in:
// every statement of the write, nested writes included, runs in it.
type inlineTx struct{ logged }

func (d inlineTx) Atomic(_ context.Context, fn func(q driver.Querier) error) error {
	return fn(d.logged)
}

func inProcess(p driver.Pool) bool {
	in, ok := p.(driver.Inliner)
	return ok && in.Inline()
}

// InProcess reports whether a caller may wait on its own thread for this
// engine's answers (bridge.Engine.StartWait): false once its pool is open
// on a database server, whose answers take a network round trip.
func (e *Engine) InProcess() bool {
	e.mu.Lock()
	p := e.pool
	e.mu.Unlock()
	return p == nil || inProcess(p)
}

// inlineBudget is InlineBudget, or a test's (testBudget).
func (e *Engine) inlineBudget() time.Duration {
	if e.testBudget > 0 {
		return e.testBudget
	}
	return InlineBudget
}

// smallWriteBytes bounds the text and bytes a write inside a transaction
// may carry and still run inline (smallWrite).
const smallWriteBytes = 64 << 10

// smallWrite reports whether a write inside an interactive transaction is
// bounded by its own data, so that it may run inline with no budget: a
// create, or an update by a unique where, of scalar fields only (no nested
// write, no relation read back), none of them a key another model's
// relation references (an ON UPDATE CASCADE would reach any number of
// rows), carrying at most smallWriteBytes of text and bytes.
func smallWrite(sch *schema.Schema, m *schema.Model, action string, args map[string]any) bool {
	if m == nil || (action != "create" && action != "update") || args["include"] != nil || args["select"] != nil {
		return false
	}
	data, ok := args["data"].(map[string]any)
	if !ok {
		return false
	}
	size := 0
	for k, v := range data {
		f := m.Field(k)
		if f == nil || f.Kind == schema.RelationField || (action == "update" && referenced(sch, m, f)) {
			return false
		}
		switch v.(type) {
		case map[string]any, []any:
			size += 64 // an atomic operation, a list or a Json value, besides its text
		}
		if !smallValue(v, &size) {
			return false
		}
	}
	return true
}

// smallValue adds the text and bytes inside v to size; false past the bound.
func smallValue(v any, size *int) bool {
	switch t := v.(type) {
	case string:
		*size += len(t)
	case []byte:
		*size += len(t)
	case map[string]any:
		for _, x := range t {
			if !smallValue(x, size) {
				return false
			}
		}
	case []any:
		for _, x := range t {
			if !smallValue(x, size) {
				return false
			}
		}
	}
	return *size <= smallWriteBytes
}

// referenced reports whether a relation of any model references f as its key.
func referenced(sch *schema.Schema, m *schema.Model, f *schema.Field) bool {
	for _, other := range sch.Models {
		for _, rf := range other.Fields {
			if rf.Relation != nil && rf.Relation.HoldsFK() && rf.Relation.Model == m {
				for _, r := range rf.Relation.References {
					if r == f.Name {
						return true
					}
				}
			}
		}
	}
	return false
}

// executeInTx runs a request TryInline answers inside the interactive
// transaction params names, without marking the transaction heavy.
func (e *Engine) executeInTx(ctx context.Context, params map[string]any, model, action string, args map[string]any) (any, error) {
	x, err := e.lookupTx(params["tx"].(string))
	if err != nil {
		return nil, err
	}
	d := e.txDB(x)
	d.bounded = true
	return e.executeOn(ctx, d, x, model, action, args)
}

// tryBegin begins an interactive transaction inline when the writer is
// free, within the budget (BEGIN interrupted is harmless; one begun past
// the budget is rolled back by txBegin and handed back).
func (e *Engine) tryBegin(ctx context.Context, params map[string]any) (Inline, any, error) {
	ctx, cancel := context.WithTimeout(ctx, e.inlineBudget())
	defer cancel()
	ctx, nw := driver.WithNoWait(ctx)
	v, err := e.txBegin(ctx, params)
	if err != nil && (nw.Refused() || ctx.Err() != nil) {
		return Later, nil, nil
	}
	return Answered, v, err
}

// tryEnd commits or rolls back inline a transaction all of whose
// statements were answered inline (so the commit writes the few pages
// those bounded statements changed) and none of which is running.
func (e *Engine) tryEnd(ctx context.Context, params map[string]any, commit bool) (Inline, any, error) {
	id, _ := params["tx"].(string)
	x := e.txs.get(id)
	if x == nil || x.heavy.Load() || x.inflight.Load() > 0 {
		return Later, nil, nil // the usual way answers an unknown id too
	}
	return Answered, nil, e.txEnd(ctx, params, commit)
}
