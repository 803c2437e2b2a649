package engine

import (
	"context"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// InlineBudget bounds a request answered inline (TryInline): a read still
// running then is interrupted (SQLite checks its context in the progress
// handler) and handed back, to be run again off the caller's thread. It is
// the longest an inline answer can hold the caller's event loop.
const InlineBudget = time.Millisecond

// inlineActions are the actions TryInline may answer: reads, which can be
// interrupted and run again without any effect.
var inlineActions = map[string]bool{
	"findUnique": true, "findUniqueOrThrow": true, "findFirst": true, "findFirstOrThrow": true,
	"findMany": true, "count": true, "aggregate": true, "groupBy": true,
}

// Inline is TryInline's verdict.
type Inline int

const (
	Answered Inline = iota // v and err are the answer
	Later                  // not answered: run the request the usual way
	Never                  // not answered, and this engine never answers inline
)

// TryInline answers a request on the caller's goroutine when it can do so
// without waiting: a query.execute read outside a transaction, on an open
// pool whose database runs in this process (driver.Inliner), with an idle
// connection, finished within InlineBudget. Otherwise it answers Later
// having changed nothing, or Never when the pool is a database server's.
// A Python event loop thread calls it to skip two thread wake-ups
// (goroutine start and eventfd) on the reads that take microseconds.
func (e *Engine) TryInline(ctx context.Context, method string, params map[string]any) (Inline, any, error) {
	e.mu.Lock()
	p, closed := e.pool, e.closed
	e.mu.Unlock()
	if p == nil || closed {
		return Later, nil, nil // opening the pool waits: the usual way does it
	}
	if in, ok := p.(driver.Inliner); !ok || !in.Inline() {
		return Never, nil, nil
	}
	if method != "query.execute" || params["tx"] != nil {
		return Later, nil, nil
	}
	if a, _ := params["action"].(string); !inlineActions[a] {
		return Later, nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, InlineBudget)
	defer cancel()
	ctx, nw := driver.WithNoWait(ctx)
	v, err := e.queryExecute(ctx, params)
	if nw.Refused() || ctx.Err() != nil {
		return Later, nil, nil
	}
	return Answered, v, err
}
