package engine

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Metrics are kept here, in the engine, rather than in Python: the engine
// sees every operation of every event loop and thread that shares it, a
// count costs a few atomic adds next to a database round trip, and the pool
// gauges come from here anyway, so one engine.metrics request returns one
// consistent snapshot and the Python side adds nothing per query.
//
// The shape is Prisma's $metrics.json() (https://www.prisma.io/docs/orm/prisma-client/observability-and-logging/metrics):
// {counters, gauges, histograms}, each a list of {key, labels, value,
// description}; a histogram's value is {buckets: [[upper bound ms, count]],
// sum, count} with Prisma's bucket bounds, each bucket counting the
// durations above the previous bound up to its own (not cumulative).

// histogramBounds are Prisma's bucket bounds, in milliseconds.
var histogramBounds = [...]float64{0, 1, 5, 10, 50, 100, 500, 1000, 5000, 50000}

type histogram struct {
	mu      sync.Mutex
	buckets [len(histogramBounds)]int64
	count   int64
	sum     float64
}

func (h *histogram) observe(d time.Duration) {
	ms := float64(d) / float64(time.Millisecond)
	i := sort.SearchFloat64s(histogramBounds[:], ms) // the first bound >= ms
	h.mu.Lock()
	if i < len(h.buckets) {
		h.buckets[i]++
	}
	h.count++
	h.sum += ms
	h.mu.Unlock()
}

func (h *histogram) value() map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	buckets := make([]any, len(histogramBounds))
	for i, b := range histogramBounds {
		buckets[i] = []any{b, h.buckets[i]}
	}
	return map[string]any{"buckets": buckets, "sum": h.sum, "count": h.count}
}

type opKey struct{ model, action string }

// metrics is one engine's counts; the zero value is ready.
type metrics struct {
	active     atomic.Int64
	queries    histogram // every operation (Prisma: prisma_client_queries_*)
	statements histogram // every SQL statement (prisma_datasource_queries_*)
	ops        sync.Map  // opKey -> *histogram
}

// operation records that one operation (model, action) is running; the
// returned func records its end.
func (m *metrics) operation(model, action string) (done func()) {
	m.active.Add(1)
	start := time.Now()
	return func() {
		d := time.Since(start)
		m.active.Add(-1)
		m.queries.observe(d)
		h, ok := m.ops.Load(opKey{model, action})
		if !ok {
			h, _ = m.ops.LoadOrStore(opKey{model, action}, &histogram{})
		}
		h.(*histogram).observe(d)
	}
}

func (m *metrics) statement(d time.Duration) { m.statements.observe(d) }

func entry(key, description string, labels map[string]any, value any) map[string]any {
	if labels == nil {
		labels = map[string]any{}
	}
	return map[string]any{"key": key, "labels": labels, "value": value, "description": description}
}

// engineMetrics is engine.metrics: the snapshot described at the top of
// this file. It never connects: before the first query the pool gauges are 0.
func (e *Engine) engineMetrics(_ context.Context, _ map[string]any) (any, error) {
	m := &e.metrics
	e.mu.Lock()
	pool := e.pool
	e.mu.Unlock()
	var ps driver.PoolStats
	if r, ok := pool.(driver.StatsReporter); ok {
		ps = r.Stats()
	}
	openTx := int64(e.txs.open())

	qh, sh := m.queries.value(), m.statements.value()
	counters := []any{
		entry("prisma_client_queries_total", "Total number of Prisma Client queries executed", nil, qh["count"]),
		entry("prisma_datasource_queries_total", "Total number of datasource queries executed", nil, sh["count"]),
	}
	gauges := []any{
		entry("prisma_client_queries_active", "Number of currently active Prisma Client queries", nil, m.active.Load()),
		entry("prisma_client_transactions_open", "Number of open interactive transactions", nil, openTx),
		entry("prisma_pool_connections_limit", "Most connections the pool opens (connection_limit)", nil, int64(ps.Max)),
		entry("prisma_pool_connections_open", "Number of currently open pool connections", nil, int64(ps.Open)),
		entry("prisma_pool_connections_idle", "Number of pool connections that are not busy running a query", nil, int64(ps.Idle)),
		entry("prisma_pool_connections_busy", "Number of pool connections currently executing datasource queries", nil, int64(ps.Busy)),
	}
	histograms := []any{
		entry("prisma_client_queries_duration_histogram_ms", "Histogram of the duration of all executed Prisma Client queries in ms", nil, qh),
		entry("prisma_datasource_queries_duration_histogram_ms", "Histogram of the duration of all executed datasource queries in ms", nil, sh),
	}
	type op struct {
		key opKey
		h   *histogram
	}
	var ops []op
	m.ops.Range(func(k, v any) bool {
		ops = append(ops, op{k.(opKey), v.(*histogram)})
		return true
	})
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].key.model != ops[j].key.model {
			return ops[i].key.model < ops[j].key.model
		}
		return ops[i].key.action < ops[j].key.action
	})
	for _, o := range ops {
		labels := map[string]any{"model": o.key.model, "action": o.key.action}
		v := o.h.value()
		counters = append(counters, entry("prisma_client_operations_total", "Operations executed, by model and action", labels, v["count"]))
		histograms = append(histograms, entry("prisma_client_operations_duration_histogram_ms", "Histogram of the duration of operations in ms, by model and action", labels, v))
	}
	return map[string]any{"counters": counters, "gauges": gauges, "histograms": histograms}, nil
}
