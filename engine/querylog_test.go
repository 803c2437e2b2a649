package engine

import (
	"context"
	"testing"
	"time"
)

func TestQueryLogEntries(t *testing.T) {
	start := time.Unix(1700000000, 5)
	recordQuery(context.Background(), "SELECT 1", start, time.Millisecond) // no log attached: no-op
	ctx, l := WithQueryLog(context.Background())
	recordQuery(ctx, "SELECT 1", start, 1500*time.Microsecond)
	if e := l.Entries(); len(e) != 1 || e[0].SQL != "SELECT 1" || e[0].DurationMS != 1.5 || e[0].StartUnixNS != start.UnixNano() {
		t.Fatalf("got %+v", e)
	}
}
