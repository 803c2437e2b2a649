package engine

import (
	"context"
	"sync"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// QueryLog collects the SQL statements one request runs, for the reply's
// "log" field. pybridge attaches one to the request's context when the
// engine was opened with log_queries; the engine records every statement it
// runs into it (recordQuery is a no-op when no log is attached), so callers
// need not check the config. It lives here, not in abi, because it is the
// engine's bookkeeping; only its entries (abi.LogEntry) cross the wire.
type QueryLog struct {
	mu      sync.Mutex
	entries []abi.LogEntry
}

type queryLogKey struct{}

// WithQueryLog returns a context carrying a fresh QueryLog.
func WithQueryLog(ctx context.Context) (context.Context, *QueryLog) {
	l := &QueryLog{}
	return context.WithValue(ctx, queryLogKey{}, l), l
}

// recordQuery records that sql ran from start for d, if ctx carries a
// QueryLog. Safe from several goroutines (a batch may run statements
// concurrently).
func recordQuery(ctx context.Context, sql string, start time.Time, d time.Duration) {
	l, _ := ctx.Value(queryLogKey{}).(*QueryLog)
	if l == nil {
		return
	}
	l.mu.Lock()
	l.entries = append(l.entries, abi.LogEntry{SQL: sql, DurationMS: float64(d) / float64(time.Millisecond), StartUnixNS: start.UnixNano()})
	l.mu.Unlock()
}

// Entries returns what was recorded so far.
func (l *QueryLog) Entries() []abi.LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]abi.LogEntry(nil), l.entries...)
}
