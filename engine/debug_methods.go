//go:build caspian_debug

package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// DebugMethods reports whether this build answers debug.panic and
// debug.sleep: only a library built with -tags caspian_debug (the one the
// Python bridge tests load, see the Makefile) does; the shipped one does not.
const DebugMethods = true

// debugMethod answers the test-only methods:
//
//	debug.panic {message?}: panics, so tests can show that a panic becomes
//	an INTERNAL error in Python and the engine stays usable;
//	debug.sleep {ms}: returns ms after sleeping, or CANCELED (cancellation).
func debugMethod(ctx context.Context, method string, params map[string]any) (handled bool, v any, err error) {
	switch method {
	case abi.MethodDebugPanic:
		panic(fmt.Sprintf("debug.panic: %v", params["message"]))
	case abi.MethodDebugSleep:
		ms, _ := intParam(params, "ms")
		v, err = sleep(ctx, ms)
		return true, v, err
	}
	return false, nil, nil
}

// sleep waits ms milliseconds or until ctx ends.
func sleep(ctx context.Context, ms int64) (any, error) {
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return ms, nil
	case <-ctx.Done():
		return nil, perr.New(perr.Canceled, nil, "request canceled")
	}
}
