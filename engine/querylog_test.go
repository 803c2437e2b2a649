package engine

import (
	"context"
	"testing"
	"time"
)

func TestQueryLogEntries(t *testing.T) {
	recordQuery(context.Background(), "SELECT 1", time.Millisecond) // no log attached: no-op
	ctx, l := WithQueryLog(context.Background())
	recordQuery(ctx, "SELECT 1", 1500*time.Microsecond)
	if e := l.Entries(); len(e) != 1 || e[0].SQL != "SELECT 1" || e[0].DurationMS != 1.5 {
		t.Fatalf("got %+v", e)
	}
}
