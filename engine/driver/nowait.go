package driver

import (
	"context"
	"errors"
	"sync/atomic"
)

// Inliner is a pool whose database runs in this process (SQLite), so that
// a read can be answered on the caller's thread when it needs no wait: see
// WithNoWait. Pools of database servers do not implement it.
type Inliner interface {
	Inline() bool
}

// QuickBeginner is a database server's pool whose Begin does no I/O (the
// BEGIN goes with the transaction's first statement) and, under
// WithNoWait, refuses instead of waiting for a connection: a tx.begin can
// then be answered on the caller's thread although statements cannot.
type QuickBeginner interface {
	QuickBegin() bool
}

// NoWait records that a pool refused a statement run under WithNoWait.
type NoWait struct{ refused atomic.Bool }

// Refused tells whether a pool refused to wait under this context.
func (n *NoWait) Refused() bool { return n.refused.Load() }

type noWaitKey struct{}

// WithNoWait makes the statements run with the returned context fail with
// ErrWouldBlock, instead of waiting, where an Inliner pool would wait for
// a connection or for the writer; the returned NoWait then reports it.
func WithNoWait(ctx context.Context) (context.Context, *NoWait) {
	n := &NoWait{}
	return context.WithValue(ctx, noWaitKey{}, n), n
}

// Refuse returns ErrWouldBlock and marks ctx's NoWait when ctx has one, and
// nil when the caller may wait.
func Refuse(ctx context.Context) error {
	n, _ := ctx.Value(noWaitKey{}).(*NoWait)
	if n == nil {
		return nil
	}
	n.refused.Store(true)
	return ErrWouldBlock
}

// ErrWouldBlock is what an Inliner pool returns under WithNoWait instead of
// waiting.
var ErrWouldBlock = errors.New("the statement would wait for a connection")

// MayWait reports whether ctx allows waiting (it has no NoWait).
func MayWait(ctx context.Context) bool {
	_, no := ctx.Value(noWaitKey{}).(*NoWait)
	return !no
}
