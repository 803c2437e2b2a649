package abi

import (
	"context"
	"sync"
	"time"
)

// QueryLog collects the SQL statements one request runs, for the reply's
// "log" field. pybridge attaches one to the request's context when the
// engine was opened with log_queries; whoever runs SQL calls LogQuery, which
// is a no-op when no log is attached, so callers need not check the config.
type QueryLog struct {
	mu      sync.Mutex
	entries []LogEntry
}

type queryLogKey struct{}

// WithQueryLog returns a context carrying a fresh QueryLog.
func WithQueryLog(ctx context.Context) (context.Context, *QueryLog) {
	l := &QueryLog{}
	return context.WithValue(ctx, queryLogKey{}, l), l
}

// LogQuery records that sql ran for d, if ctx carries a QueryLog.
// Safe from several goroutines (a batch may run statements concurrently).
func LogQuery(ctx context.Context, sql string, d time.Duration) {
	l, _ := ctx.Value(queryLogKey{}).(*QueryLog)
	if l == nil {
		return
	}
	l.mu.Lock()
	l.entries = append(l.entries, LogEntry{SQL: sql, DurationMS: float64(d) / float64(time.Millisecond)})
	l.mu.Unlock()
}

// Entries returns what was recorded so far.
func (l *QueryLog) Entries() []LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]LogEntry(nil), l.entries...)
}
