package engine

import (
	"context"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// atomicWait bounds the wait for a connection (on SQLite: the writer) when
// a write needs a transaction of its own: Prisma's default pool_timeout.
const atomicWait = 10 * time.Second

// logged wraps a Querier to time each statement for the metrics and report
// it with its duration to the request's query log, when the request has one
// (pybridge attaches one when the engine logs queries or the request asks).
type logged struct {
	q driver.Querier
	m *metrics
}

func (l logged) done(ctx context.Context, sql string, start time.Time) {
	d := time.Since(start)
	l.m.statement(d)
	recordQuery(ctx, sql, start, d)
}

func (l logged) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	start := time.Now()
	rows, err := l.q.Query(ctx, sql, args, types)
	l.done(ctx, sql, start)
	return rows, err
}

func (l logged) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	start := time.Now()
	cols, rows, err := l.q.QueryRaw(ctx, sql, args)
	l.done(ctx, sql, start)
	return cols, rows, err
}

func (l logged) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	start := time.Now()
	res, err := l.q.Exec(ctx, sql, args)
	l.done(ctx, sql, start)
	return res, err
}

// poolDB is query.DB outside an interactive transaction: statements run in
// autocommit mode, Atomic opens a transaction of its own.
type poolDB struct {
	logged
	e    *Engine
	pool driver.Pool
}

func (e *Engine) poolDB(p driver.Pool) *poolDB {
	return &poolDB{logged: logged{q: p, m: &e.metrics}, e: e, pool: p}
}

// Atomic runs fn in a new transaction, committed when fn returns nil and
// rolled back otherwise. fn's own errors are returned unchanged; failures to
// begin or commit are *perr.Error.
func (d *poolDB) Atomic(ctx context.Context, fn func(q driver.Querier) error) (err error) {
	x, err := d.e.begin(ctx, "", atomicWait)
	if err != nil {
		if pe, ok := err.(*perr.Error); ok && pe.Code == perr.TxExpired {
			// Not an interactive tx: report it as the pool timeout it is.
			return perr.New(perr.PoolTimeout, nil,
				"Timed out fetching a new connection from the connection pool (waited %s to start a transaction)", atomicWait)
		}
		return err
	}
	done := false
	defer func() {
		if !done { // fn panicked: do not leave the transaction open
			x.tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	err = fn(logged{q: x.tx, m: &d.e.metrics})
	done = true
	if err != nil {
		start := time.Now()
		x.tx.Rollback(context.WithoutCancel(ctx))
		recordQuery(ctx, "ROLLBACK", start, time.Since(start))
		return err
	}
	start := time.Now()
	if cerr := x.tx.Commit(ctx); cerr != nil {
		return perr.FromDriver(cerr, perr.Op{Names: d.e.names})
	}
	recordQuery(ctx, "COMMIT", start, time.Since(start))
	return nil
}

// txDB is query.DB inside an interactive transaction (or a batch): every
// statement runs in it, bounded by its lifetime, and Atomic reuses it.
type txDB struct {
	e *Engine
	x *itx
	q driver.Querier
	// bounded: the statements are ones TryInline answers (reads within its
	// budget, writes their own data bounds); any other statement marks the
	// transaction heavy, so that its commit is not answered inline.
	bounded bool
}

func (e *Engine) txDB(x *itx) *txDB {
	return &txDB{e: e, x: x, q: logged{q: x.tx, m: &e.metrics}}
}

// begin counts a statement of the transaction in flight; the returned
// function ends it.
func (d *txDB) begin(ctx context.Context) (context.Context, func()) {
	if !d.bounded {
		d.x.heavy.Store(true)
	}
	d.x.inflight.Add(1)
	octx, done := d.x.opContext(ctx)
	return octx, func() { done(); d.x.inflight.Add(-1) }
}

func (d *txDB) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	octx, done := d.begin(ctx)
	defer done()
	rows, err := d.q.Query(octx, sql, args, types)
	return rows, d.x.opErr(err)
}

func (d *txDB) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	octx, done := d.begin(ctx)
	defer done()
	cols, rows, err := d.q.QueryRaw(octx, sql, args)
	return cols, rows, d.x.opErr(err)
}

func (d *txDB) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	octx, done := d.begin(ctx)
	defer done()
	res, err := d.q.Exec(octx, sql, args)
	return res, d.x.opErr(err)
}

func (d *txDB) Atomic(ctx context.Context, fn func(q driver.Querier) error) error {
	return fn(d)
}
