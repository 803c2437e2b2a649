package engine

import (
	"context"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// sleep waits ms milliseconds or until ctx ends; tests use it for cancellation.
func sleep(ctx context.Context, ms int64) (any, error) {
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return ms, nil
	case <-ctx.Done():
		return nil, perr.New(perr.Canceled, nil, "request canceled")
	}
}
