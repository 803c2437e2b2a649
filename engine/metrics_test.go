package engine

import (
	"reflect"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// metricValue finds the entry of kind ("counters", "gauges", "histograms")
// with key and labels in an engine.metrics reply.
func metricValue(t *testing.T, m any, kind, key string, labels map[string]any) any {
	t.Helper()
	for _, x := range m.(map[string]any)[kind].([]any) {
		en := x.(map[string]any)
		if en["key"] == key && reflect.DeepEqual(en["labels"], labels) {
			return en["value"]
		}
	}
	t.Fatalf("%s has no %s %v", kind, key, labels)
	return nil
}

// TestMetrics: operations are counted and timed per model and action, in
// batches too; statements are counted; the pool gauges see a transaction's
// connection as busy; the reply has the fixture's shape and encodes.
func TestMetrics(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		findMany := map[string]any{"model": "User", "action": "findMany", "args": map[string]any{}}
		none := map[string]any{}
		ended := call(t, e, abi.MethodTxBegin, nil).(string) // remembered after it ends, not open
		call(t, e, abi.MethodTxCommit, map[string]any{"tx": ended})
		m0 := call(t, e, abi.MethodEngineMetrics, nil)
		total0 := metricValue(t, m0, "counters", "prisma_client_queries_total", none).(int64)
		stmts0 := metricValue(t, m0, "counters", "prisma_datasource_queries_total", none).(int64)
		call(t, e, abi.MethodQueryExecute, findMany)
		call(t, e, abi.MethodQueryExecute, findMany)
		call(t, e, abi.MethodBatchExecute, map[string]any{"ops": []any{createUser("m1@x"), createUser("m2@x")}})
		id := call(t, e, abi.MethodTxBegin, nil).(string)
		m := call(t, e, abi.MethodEngineMetrics, nil)
		call(t, e, abi.MethodTxRollback, map[string]any{"tx": id})

		if got := metricValue(t, m, "counters", "prisma_client_queries_total", none).(int64) - total0; got != 4 {
			t.Errorf("queries counted: %d, want 4", got)
		}
		if got := metricValue(t, m, "counters", "prisma_datasource_queries_total", none).(int64) - stmts0; got < 4 {
			t.Errorf("statements counted: %d, want at least 4", got)
		}
		fm := map[string]any{"model": "User", "action": "findMany"}
		if got := metricValue(t, m, "counters", "prisma_client_operations_total", fm); got != int64(2) {
			t.Errorf("User.findMany counted %v, want 2", got)
		}
		h := metricValue(t, m, "histograms", "prisma_client_operations_duration_histogram_ms",
			map[string]any{"model": "User", "action": "create"}).(map[string]any)
		var inBuckets int64
		for _, b := range h["buckets"].([]any) {
			inBuckets += b.([]any)[1].(int64)
		}
		if h["count"] != int64(2) || inBuckets != 2 || h["sum"].(float64) <= 0 {
			t.Errorf("User.create histogram: %v", h)
		}
		if got := metricValue(t, m, "gauges", "prisma_client_transactions_open", none); got != int64(1) {
			t.Errorf("open transactions: %v, want 1", got)
		}
		limit := metricValue(t, m, "gauges", "prisma_pool_connections_limit", none).(int64)
		open := metricValue(t, m, "gauges", "prisma_pool_connections_open", none).(int64)
		idle := metricValue(t, m, "gauges", "prisma_pool_connections_idle", none).(int64)
		busy := metricValue(t, m, "gauges", "prisma_pool_connections_busy", none).(int64)
		if busy < 1 || open < busy || idle+busy != open || limit < open {
			t.Errorf("pool gauges with a transaction open: limit %d open %d idle %d busy %d", limit, open, idle, busy)
		}
		// Rollback gives the connection back.
		deadline := time.Now().Add(2 * time.Second)
		for metricValue(t, call(t, e, abi.MethodEngineMetrics, nil), "gauges", "prisma_pool_connections_busy", none) != int64(0) {
			if time.Now().After(deadline) {
				t.Fatalf("a connection stays busy after the rollback")
			}
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := abi.EncodeReply(abi.Reply{Ok: m}); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"counters", "gauges", "histograms"} {
			for _, x := range m.(map[string]any)[kind].([]any) {
				en := x.(map[string]any)
				if len(en) != 4 || en["key"] == nil || en["labels"] == nil || en["value"] == nil || en["description"] == nil {
					t.Errorf("%s entry %v: want {key, labels, value, description}", kind, en)
				}
			}
		}
	})
}

// TestMetricsBeforeConnecting: engine.metrics does not connect.
func TestMetricsBeforeConnecting(t *testing.T) {
	e, err := Open(Config{URL: "postgresql://nobody@127.0.0.1:1/none"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	m := call(t, e, abi.MethodEngineMetrics, nil)
	if got := metricValue(t, m, "gauges", "prisma_pool_connections_open", map[string]any{}); got != int64(0) {
		t.Errorf("open before connecting: %v", got)
	}
}

// BenchmarkMetrics is what the metrics add to one operation running one
// statement (the engine counts always): compare with a round trip to the
// database, tens of microseconds at least.
func BenchmarkMetrics(b *testing.B) {
	var m metrics
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			done := m.operation("User", "findMany")
			m.statement(time.Millisecond)
			done()
		}
	})
}
