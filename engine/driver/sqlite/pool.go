// Package sqlite is the driver adapter for SQLite, over
// github.com/ncruces/go-sqlite3 (SQLite compiled to Go through Wasm, no cgo).
//
// A file database runs in WAL mode with one writer connection and a small pool
// of reader connections: SQLite allows one writer at a time, so writes are
// serialised here (waiting on a Go channel, bounded by the caller's context)
// instead of spinning in SQLite's busy handler, while reads run in parallel
// on their own snapshots. Begin takes the writer with BEGIN IMMEDIATE so a
// transaction never fails half-way on a lock upgrade.
//
// This package may import only the driver contract and go-sqlite3; it must not
// import the query, schema or perr layers.
package sqlite

import (
	"context"
	"errors"
	"sync"
	"time"

	sqlite3 "github.com/ncruces/go-sqlite3"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Config says which database file to open and how.
type Config struct {
	// Path is a filesystem path, or ":memory:" for a private in-memory
	// database (then there are no readers: everything uses the writer).
	Path string
	// BusyTimeout bounds the wait on a lock held by another process;
	// 0 means driver.DefaultBusyTimeout.
	BusyTimeout time.Duration
	// Readers is the maximum number of reader connections; 0 means 4, and
	// a negative number means none (reads use the writer too).
	Readers int
}

// Pool is an open SQLite database.
type Pool struct {
	cfg    Config
	writer *conn
	wsem   chan struct{} // holds one token while someone uses the writer

	rmu     sync.Mutex
	idle    []*conn       // idle readers
	rslots  chan struct{} // one token per reader that exists or is being opened
	rfree   chan struct{} // signalled when a reader is returned
	closed  bool
	memOnly bool // a private in-memory database: only the writer can see it
	single  bool // no readers: every statement uses the writer
}

var _ driver.Pool = (*Pool)(nil)

// Open opens the database file (creating it when missing, as Prisma does for
// `db push`) and its writer connection. Readers are opened on demand.
func Open(ctx context.Context, cfg Config) (*Pool, error) {
	if cfg.BusyTimeout == 0 {
		cfg.BusyTimeout = driver.DefaultBusyTimeout
	}
	if cfg.Readers == 0 {
		cfg.Readers = 4
	}
	p := &Pool{cfg: cfg, wsem: make(chan struct{}, 1), rfree: make(chan struct{}, 1)}
	p.memOnly = cfg.Path == ":memory:" || cfg.Path == ""
	p.single = p.memOnly || cfg.Readers < 0
	if !p.single {
		p.rslots = make(chan struct{}, cfg.Readers)
	}
	w, err := p.openConn(ctx, true)
	if err != nil {
		return nil, err
	}
	p.writer = w
	return p, nil
}

func (p *Pool) openConn(ctx context.Context, writer bool) (*conn, error) {
	flags := sqlite3.OPEN_READWRITE | sqlite3.OPEN_NOFOLLOW
	if writer {
		flags |= sqlite3.OPEN_CREATE
	}
	path := p.cfg.Path
	if p.memOnly {
		path = ":memory:"
	}
	c, err := sqlite3.OpenFlags(path, flags)
	if err != nil {
		// The primary code (SQLITE_CANTOPEN = 14, ...) is what callers match.
		return nil, &driver.Error{Kind: driver.KindConnection, Code: primaryCode(err),
			Message: "cannot open SQLite database " + path + ": " + messageOf(err), Host: path}
	}
	if err := c.BusyTimeout(p.cfg.BusyTimeout); err != nil {
		c.Close()
		return nil, mapErr(ctx, err)
	}
	pragmas := "PRAGMA foreign_keys = ON;"
	if writer && !p.memOnly {
		// WAL lets readers run beside the writer; synchronous=NORMAL is
		// durable across application crashes in WAL mode
		// (https://sqlite.org/wal.html, https://sqlite.org/pragma.html#pragma_synchronous).
		pragmas += "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	}
	if !writer {
		// A safety net: writes are routed to the writer before they get here.
		pragmas += "PRAGMA query_only = ON;"
	}
	if err := c.Exec(pragmas); err != nil {
		c.Close()
		return nil, mapErr(ctx, err)
	}
	return newConn(c), nil
}

func (p *Pool) Provider() string { return "sqlite" }

// Inline: SQLite runs in this process, so a read with an idle connection
// needs no wait (driver.Inliner).
func (p *Pool) Inline() bool { return true }

// Stats counts the writer and the readers: a reader slot is taken while a
// reader exists or is being opened; the writer is busy while its token is
// held.
func (p *Pool) Stats() driver.PoolStats {
	p.rmu.Lock()
	idle := len(p.idle)
	p.rmu.Unlock()
	st := driver.PoolStats{Max: 1 + cap(p.rslots), Open: 1 + len(p.rslots), Idle: idle}
	if len(p.wsem) == 0 {
		st.Idle++
	}
	st.Busy = max(st.Open-st.Idle, 0) // the two counts are read one after the other
	return st
}

// writerWait bounds the wait for the writer, as pool_timeout bounds the
// wait for a connection on the other databases (Prisma's default, 10 s).
const writerWait = 10 * time.Second

// acquireWriter waits for the writer until ctx ends or writerWait passes.
func (p *Pool) acquireWriter(ctx context.Context) (*conn, error) {
	select {
	case p.wsem <- struct{}{}:
	default:
		if err := driver.Refuse(ctx); err != nil {
			return nil, err
		}
		timer := time.NewTimer(writerWait)
		defer timer.Stop()
		select {
		case p.wsem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctxErr(ctx)
		case <-timer.C:
			return nil, &driver.Error{Kind: driver.KindTimeout, Code: driver.CodePoolTimeout,
				Message: "timed out waiting " + writerWait.String() + " for the SQLite writer connection (another transaction holds it)"}
		}
	}
	if p.isClosed() {
		<-p.wsem
		return nil, errClosed
	}
	return p.writer, nil
}

func (p *Pool) releaseWriter() { <-p.wsem }

func (p *Pool) isClosed() bool {
	p.rmu.Lock()
	defer p.rmu.Unlock()
	return p.closed
}

var errClosed = &driver.Error{Kind: driver.KindConnection, Message: "the database pool is closed"}

// acquireReader returns an idle reader, opens a new one while under the
// limit, or waits for one to be returned (under driver.WithNoWait: only an
// idle reader, else driver.ErrWouldBlock).
func (p *Pool) acquireReader(ctx context.Context) (*conn, error) {
	for {
		p.rmu.Lock()
		if p.closed {
			p.rmu.Unlock()
			return nil, errClosed
		}
		if n := len(p.idle); n > 0 {
			c := p.idle[n-1]
			p.idle = p.idle[:n-1]
			p.rmu.Unlock()
			return c, nil
		}
		p.rmu.Unlock()
		if err := driver.Refuse(ctx); err != nil {
			return nil, err // opening a connection takes milliseconds
		}
		select {
		case p.rslots <- struct{}{}:
			c, err := p.openConn(ctx, false)
			if err != nil {
				<-p.rslots
				return nil, err
			}
			return c, nil
		case <-p.rfree:
		case <-ctx.Done():
			return nil, ctxErr(ctx)
		}
	}
}

func (p *Pool) releaseReader(c *conn) {
	if !c.c.GetAutocommit() {
		// A raw "BEGIN" counts as read-only and so ran here; a reader must
		// not go back to the pool inside a transaction.
		c.c.Exec("ROLLBACK")
	}
	p.rmu.Lock()
	if p.closed {
		p.rmu.Unlock()
		c.close()
		<-p.rslots
		return
	}
	p.idle = append(p.idle, c)
	p.rmu.Unlock()
	select {
	case p.rfree <- struct{}{}:
	default:
	}
}

// Query runs a read on a reader connection; a statement that writes (INSERT
// ... RETURNING) is sent to the writer instead.
func (p *Pool) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	if err := driver.CheckParams(len(args), driver.MaxParamsSQLite); err != nil {
		return nil, err // before readOnly prepares the statement
	}
	var rows [][]any
	err := p.read(ctx, sql, func(c *conn) error {
		var err error
		rows, err = c.query(ctx, sql, args, types)
		return err
	})
	return rows, err
}

func (p *Pool) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	if err := driver.CheckParams(len(args), driver.MaxParamsSQLite); err != nil {
		return nil, nil, err // before readOnly prepares the statement
	}
	var cols []string
	var rows [][]any
	err := p.read(ctx, sql, func(c *conn) error {
		var err error
		cols, rows, err = c.queryRaw(ctx, sql, args)
		return err
	})
	return cols, rows, err
}

func (p *Pool) read(ctx context.Context, sql string, run func(*conn) error) error {
	if !p.single {
		r, err := p.acquireReader(ctx)
		if err != nil {
			return err
		}
		ro, err := r.readOnly(sql)
		if err == nil && ro {
			err = run(r)
			p.releaseReader(r)
			return err
		}
		p.releaseReader(r)
		if err != nil {
			return mapErr(ctx, err)
		}
	}
	w, err := p.acquireWriter(ctx)
	if err != nil {
		return err
	}
	defer p.releaseWriter()
	return run(w)
}

// Exec runs a statement in autocommit mode on the writer.
func (p *Pool) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	w, err := p.acquireWriter(ctx)
	if err != nil {
		return driver.Result{}, err
	}
	defer p.releaseWriter()
	return w.exec(ctx, sql, args)
}

// Begin takes the writer until Commit or Rollback. SQLite transactions are
// always serializable, so every isolation level is satisfied.
func (p *Pool) Begin(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	w, err := p.acquireWriter(ctx)
	if err != nil {
		return nil, err
	}
	if err := w.execSimple(ctx, "BEGIN IMMEDIATE"); err != nil {
		p.releaseWriter()
		return nil, err
	}
	return &Tx{p: p, c: w}, nil
}

// Close closes all connections. The writer is closed once it is free, so a
// transaction in flight finishes its statement first.
func (p *Pool) Close() error {
	p.rmu.Lock()
	if p.closed {
		p.rmu.Unlock()
		return nil
	}
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.rmu.Unlock()
	var errs []error
	for _, c := range idle {
		errs = append(errs, c.close())
		<-p.rslots
	}
	p.wsem <- struct{}{} // wait for the writer; never released: the pool is closed
	errs = append(errs, p.writer.close())
	return errors.Join(errs...)
}

// Tx is a transaction on the writer connection.
type Tx struct {
	p    *Pool
	c    *conn
	mu   sync.Mutex
	done bool
}

var _ driver.Tx = (*Tx)(nil)

var errTxDone = &driver.Error{Kind: driver.KindOther, Message: "the transaction is already closed"}

// use runs f while the transaction is open. SQLite rolls a transaction back
// by itself after some errors (an interrupt during a write, a full disk); then
// the connection is back in autocommit mode and the transaction is over.
// Under driver.WithNoWait, a transaction busy with another statement
// refuses instead of waiting for it.
func (t *Tx) use(ctx context.Context, f func() error) error {
	if driver.MayWait(ctx) {
		t.mu.Lock()
	} else if !t.mu.TryLock() {
		return driver.Refuse(ctx)
	}
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	err := f()
	if t.c.c.GetAutocommit() {
		t.done = true
		t.p.releaseWriter()
		if err == nil {
			err = errTxDone
		}
	}
	return err
}

func (t *Tx) Query(ctx context.Context, sql string, args []any, types []driver.Type) (rows [][]any, err error) {
	err = t.use(ctx, func() error { rows, err = t.c.query(ctx, sql, args, types); return err })
	return rows, err
}

func (t *Tx) QueryRaw(ctx context.Context, sql string, args []any) (cols []string, rows [][]any, err error) {
	err = t.use(ctx, func() error { cols, rows, err = t.c.queryRaw(ctx, sql, args); return err })
	return cols, rows, err
}

func (t *Tx) Exec(ctx context.Context, sql string, args []any) (res driver.Result, err error) {
	err = t.use(ctx, func() error { res, err = t.c.exec(ctx, sql, args); return err })
	return res, err
}

func (t *Tx) Commit(ctx context.Context) error {
	return t.end(ctx, "COMMIT")
}

func (t *Tx) Rollback(ctx context.Context) error {
	return t.end(ctx, "ROLLBACK")
}

func (t *Tx) end(ctx context.Context, stmt string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	// COMMIT and ROLLBACK run even when ctx is canceled: the writer must not
	// be left inside a transaction.
	err := t.c.execSimple(context.Background(), stmt)
	if err != nil && !t.c.c.GetAutocommit() {
		err = errors.Join(err, t.c.execSimple(context.Background(), "ROLLBACK"))
	}
	t.done = true
	t.p.releaseWriter()
	return err
}
