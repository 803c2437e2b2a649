// Package engine ties the layers together behind one entry point: it opens a
// schema and a database URL, and answers envelope methods (query.execute,
// query.raw, tx.begin, ...) with plain Go values that the abi package encodes.
//
// The schema is parsed at Open, and a URL whose provider differs from the
// schema's fails there; the database is connected by the first request that
// needs it. Interactive transactions live in a table keyed by id, each with
// a lifetime after which it is rolled back. Every error is a *perr.Error.
//
// Read replicas (Config.Replicas, replicas.go): reads outside an
// interactive transaction go to a replica, everything else to the primary;
// an unreachable replica falls back to the primary.
//
// Metrics: every operation and statement is counted and timed (metrics.go),
// always: engine.metrics reads them with the pool's gauges.
//
// Query logging: every statement is recorded in the QueryLog of the
// request's context when it has one; the caller (pybridge) attaches one
// with WithQueryLog when Config.LogQueries is set or the request asks
// ("log": true), and puts its entries in the reply's "log".
//
// It imports the driver adapters (through connector); it must not import "C"
// (only pybridge does).
package engine

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Config is what the Python package sends to open an engine.
type Config struct {
	Schema     string // schema text (the generated client carries it)
	SchemaFile string // for diagnostics only (read when Schema is empty)
	// URL is the database URL as Prisma users write it. The caller resolves
	// it (engine/config, asked by Python through config.resolve); Open does
	// not look at the environment, .env or the schema's url.
	URL string
	// Replicas are read replicas' URLs (DATABASE_REPLICA_URLS, resolved by
	// engine/config like URL): see replicas.go.
	Replicas   []string
	Root       string // project root: relative SQLite paths resolve against it
	LogQueries bool   // return each SQL statement and its duration with every reply (read by pybridge)
}

// Engine is one opened schema + database.
type Engine struct {
	cfg      Config
	sch      *schema.Schema // nil when opened without a schema (raw SQL only)
	names    perr.Names
	provider string // of the URL (and the schema, when there is one)

	connMu chan struct{} // held while connecting
	mu     sync.Mutex
	pool   driver.Pool
	closed bool
	txs    txTable
	// replicas: read replicas (replicas.go), nil without any.
	replicas *replicaSet

	metrics metrics // engine.metrics
	// inlineSlow holds, per opKey, a slowOp: until when TryInline hands it
	// back without trying (it ran past InlineBudget), and how many overruns
	// in a row set it aside (setAside).
	inlineSlow sync.Map
	// testBudget replaces InlineBudget in tests that need a fast inline
	// answer on a loaded machine (0: InlineBudget).
	testBudget time.Duration
}

// Open parses the schema, checks that the URL's provider matches the
// schema's datasource, and prepares the engine. It does not connect: the
// first query does.
func Open(cfg Config) (*Engine, error) {
	e := &Engine{cfg: cfg, connMu: make(chan struct{}, 1)}
	e.txs.init()
	src := cfg.Schema
	if src == "" && cfg.SchemaFile != "" {
		b, err := os.ReadFile(cfg.SchemaFile)
		if err != nil {
			return nil, perr.New(perr.Schema, map[string]any{"file": cfg.SchemaFile}, "cannot read the schema: %v", err)
		}
		src = string(b)
	}
	if src != "" {
		file := cfg.SchemaFile
		if file == "" {
			file = "schema.prisma"
		}
		sch, err := schema.Parse(src, file)
		if err != nil {
			return nil, perr.New(perr.Schema, map[string]any{"file": file}, "the schema is not valid:\n%v", err)
		}
		e.sch = sch
		e.names = perr.SchemaNames(sch)
	}
	if e.cfg.URL != "" {
		e.provider = connector.Provider(e.cfg.URL)
		if e.sch != nil && e.sch.Datasource != nil && e.provider != "" && e.provider != e.sch.Datasource.Provider {
			return nil, perr.New(perr.Schema,
				map[string]any{"provider": e.sch.Datasource.Provider, "url_provider": e.provider},
				"the schema's datasource provider is `%s` but the database URL is a %s URL; it must start with %s",
				e.sch.Datasource.Provider, e.provider, urlPrefixes(e.sch.Datasource.Provider))
		}
	}
	if e.provider == "" && e.sch != nil && e.sch.Datasource != nil {
		e.provider = e.sch.Datasource.Provider
	}
	if e.sch != nil {
		// Behind PgBouncer the URL's schema is not the search_path: the
		// queries name it on each table (tables of @@schema models keep theirs).
		e.sch.Qualify(connector.QualifySchema(e.cfg.URL))
	}
	if len(cfg.Replicas) > 0 {
		if err := checkReplicas(cfg.Replicas, e.provider); err != nil {
			return nil, err
		}
		n := len(cfg.Replicas)
		e.replicas = &replicaSet{urls: cfg.Replicas, pools: make([]driver.Pool, n), down: make([]time.Time, n)}
	}
	return e, nil
}

func urlPrefixes(provider string) string {
	switch provider {
	case schema.SQLite:
		return "`file:`"
	case schema.PostgreSQL:
		return "`postgresql://` or `postgres://`"
	case schema.MySQL:
		return "`mysql://`"
	}
	return "the provider's scheme"
}

// handler answers one envelope method on an opened engine.
type handler func(e *Engine, ctx context.Context, params map[string]any) (any, error)

// handlers answers the methods of abi.Methods that need an engine, keyed by
// the table's own names; those that need none are Call's (engineless).
// TestMethodTable fails when a method of the table has no handler, or a
// handler no entry in the table, so adding a method cannot miss a list.
var handlers = map[string]handler{
	abi.MethodEnginePing:    (*Engine).ping,
	abi.MethodEngineMetrics: (*Engine).engineMetrics,
	abi.MethodQueryExecute:  (*Engine).queryExecute,
	abi.MethodQueryRaw:      (*Engine).queryRaw,
	abi.MethodQueryDescribe: (*Engine).queryDescribe,
	abi.MethodQueryExplain: func(e *Engine, _ context.Context, params map[string]any) (any, error) {
		return e.explain(params)
	},
	abi.MethodTxBegin: (*Engine).txBegin,
	abi.MethodTxCommit: func(e *Engine, ctx context.Context, params map[string]any) (any, error) {
		return nil, e.txEnd(ctx, params, true)
	},
	abi.MethodTxRollback: func(e *Engine, ctx context.Context, params map[string]any) (any, error) {
		return nil, e.txEnd(ctx, params, false)
	},
	abi.MethodTxAbandon: func(e *Engine, ctx context.Context, params map[string]any) (any, error) {
		return nil, e.txAbandon(ctx, params)
	},
	abi.MethodBatchExecute: (*Engine).batch,
}

// Handle answers one envelope method: every method of abi.Methods, those
// that need no engine through Call. Errors are *perr.Error.
func (e *Engine) Handle(ctx context.Context, method string, params map[string]any) (any, error) {
	if params == nil {
		params = map[string]any{}
	}
	if h, ok := handlers[method]; ok {
		return h(e, ctx, params)
	}
	if _, ok := engineless[method]; ok {
		return Call(method, params)
	}
	// debug.panic and debug.sleep exist only with -tags caspian_debug.
	if ok, v, err := debugMethod(ctx, method, params); ok {
		return v, err
	}
	return nil, perr.New(perr.Internal, map[string]any{"method": method}, "unknown method %q", method)
}

// ping is engine.ping; {connect: true} connects now, so connect() surfaces
// a bad URL early.
func (e *Engine) ping(ctx context.Context, params map[string]any) (any, error) {
	if b, _ := params["connect"].(bool); b {
		if _, err := e.connect(ctx); err != nil {
			return nil, err
		}
	}
	return "pong", nil
}

// connect returns the pool, opening it on first use. A failed attempt is
// not remembered: the next request tries again.
func (e *Engine) connect(ctx context.Context) (driver.Pool, error) {
	e.mu.Lock()
	p, closed := e.pool, e.closed
	e.mu.Unlock()
	if closed {
		return nil, errClosed
	}
	if p != nil {
		return p, nil
	}
	select {
	case e.connMu <- struct{}{}:
	case <-ctx.Done():
		return nil, perr.FromDriver(ctx.Err(), perr.Op{})
	}
	defer func() { <-e.connMu }()
	e.mu.Lock()
	p = e.pool
	e.mu.Unlock()
	if p != nil {
		return p, nil
	}
	if e.cfg.URL == "" {
		return nil, perr.New(perr.ConnectFailed, nil,
			"no database URL: set DATABASE_URL in the environment or in the project's .env")
	}
	p, err := connector.Open(ctx, e.cfg.URL, e.cfg.Root)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		p.Close()
		return nil, errClosed
	}
	e.pool = p
	return p, nil
}

var errClosed = perr.New(perr.ConnectFailed, nil, "the engine is closed (disconnected)")

// Close rolls back open transactions and releases the connection pool;
// in-flight requests are canceled by the caller (pybridge) first.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	p := e.pool
	e.pool = nil
	e.mu.Unlock()
	e.txs.closeAll()
	if e.replicas != nil {
		e.replicas.close()
	}
	if p != nil {
		return p.Close()
	}
	return nil
}
