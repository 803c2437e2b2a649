// Package postgres is the driver adapter for PostgreSQL, over pgx/v5 with a
// small connection pool of its own (pgxpool needs a module this build does
// not carry). Statements run with pgx's cached prepared statements; a canceled
// context sends PostgreSQL a cancel request (with a socket deadline as the
// fallback), so the server stops the statement and the connection returns
// to the pool.
//
// This package may import only the driver contract and pgx; it must not
// import the query, schema or perr layers.
package postgres

import (
	"context"
	"errors"
	"net"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Config says where to connect. ConnString is a URL or DSN that pgx
// understands, without Prisma's own parameters (schema, connection_limit,
// pool_timeout, ...), which come as fields.
type Config struct {
	ConnString     string
	Schema         string        // search_path; "" keeps the server's default
	MaxConns       int           // 0: GOMAXPROCS*2+1, at least 4
	PoolTimeout    time.Duration // wait for a free connection; 0 means 10 s (Prisma's default)
	ConnectTimeout time.Duration // 0 means 5 s (Prisma's default)
}

// Pool is a connected PostgreSQL database.
type Pool struct {
	cfg         *pgx.ConnConfig
	host        string
	poolTimeout time.Duration

	mu     sync.Mutex
	idle   []*pgx.Conn
	slots  chan struct{} // one token per open connection
	free   chan struct{} // signalled when a connection is released
	closed bool
}

var _ driver.Pool = (*Pool)(nil)

// cancelGrace is how long a canceled statement may take to acknowledge the
// cancel request before the socket deadline closes the connection.
const cancelGrace = 2 * time.Second

// Open connects (one connection, to surface bad hosts and credentials now)
// and returns the pool.
func Open(ctx context.Context, cfg Config) (*Pool, error) {
	pc, err := pgx.ParseConfig(cfg.ConnString)
	if err != nil {
		// pgx's parse errors may quote the connection string: never pass
		// them on, they can hold the password.
		return nil, &driver.Error{Kind: driver.KindConnection, Message: "invalid PostgreSQL connection URL"}
	}
	if cfg.Schema != "" {
		pc.RuntimeParams["search_path"] = quoteIdent(cfg.Schema)
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = max(4, runtime.GOMAXPROCS(0)*2+1) // Prisma's default: num_cpus * 2 + 1
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	pc.ConnectTimeout = cfg.ConnectTimeout
	if cfg.PoolTimeout == 0 {
		cfg.PoolTimeout = 10 * time.Second
	}
	pc.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	host := net.JoinHostPort(pc.Host, strconv.Itoa(int(pc.Port)))
	p := &Pool{cfg: pc, host: host, poolTimeout: cfg.PoolTimeout,
		slots: make(chan struct{}, cfg.MaxConns), free: make(chan struct{}, 1)}
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	p.release(c)
	return p, nil
}

func (p *Pool) Provider() string { return "postgresql" }

// Close closes the idle connections; connections in use are closed when
// they are released.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, c := range idle {
		c.Close(context.Background())
		<-p.slots
	}
	return nil
}

// acquire returns an idle connection, opens one while under the limit, or
// waits for one at most the pool timeout (reported as KindTimeout, apart
// from the caller's own deadline).
func (p *Pool) acquire(ctx context.Context) (*pgx.Conn, error) {
	timer := time.NewTimer(p.poolTimeout)
	defer timer.Stop()
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, &driver.Error{Kind: driver.KindConnection, Host: p.host, Message: "the connection pool is closed"}
		}
		if n := len(p.idle); n > 0 {
			c := p.idle[n-1]
			p.idle = p.idle[:n-1]
			p.mu.Unlock()
			return c, nil
		}
		p.mu.Unlock()
		select {
		case p.slots <- struct{}{}:
			c, err := pgx.ConnectConfig(ctx, p.cfg)
			if err != nil {
				<-p.slots
				return nil, mapErr(ctx, err, p.host)
			}
			return c, nil
		case <-p.free:
		case <-ctx.Done():
			return nil, ctxErr(ctx)
		case <-timer.C:
			return nil, &driver.Error{Kind: driver.KindTimeout, Code: driver.CodePoolTimeout, Host: p.host,
				Message: "timed out fetching a connection from the pool (pool_timeout " + p.poolTimeout.String() + ")"}
		}
	}
}

// release returns c to the pool, or closes it when it is broken or was left
// inside a transaction.
func (p *Pool) release(c *pgx.Conn) {
	pc := c.PgConn()
	p.mu.Lock()
	if p.closed || c.IsClosed() || pc.IsBusy() || pc.TxStatus() != 'I' {
		p.mu.Unlock()
		c.Close(context.Background())
		<-p.slots
	} else {
		p.idle = append(p.idle, c)
		p.mu.Unlock()
	}
	select {
	case p.free <- struct{}{}:
	default:
	}
}

func (p *Pool) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer p.release(c)
	return query(ctx, c, p.host, sql, args, types)
}

func (p *Pool) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer p.release(c)
	return queryRaw(ctx, c, p.host, sql, args)
}

func (p *Pool) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return driver.Result{}, err
	}
	defer p.release(c)
	return exec(ctx, c, p.host, sql, args)
}

var isoLevels = map[string]pgx.TxIsoLevel{
	driver.ReadUncommitted: pgx.ReadUncommitted,
	driver.ReadCommitted:   pgx.ReadCommitted,
	driver.RepeatableRead:  pgx.RepeatableRead,
	driver.Serializable:    pgx.Serializable,
}

func (p *Pool) Begin(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	iso, ok := isoLevels[opts.Isolation]
	if !ok && opts.Isolation != "" {
		return nil, &driver.Error{Kind: driver.KindOther, Message: "unknown isolation level " + strconv.Quote(opts.Isolation)}
	}
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: iso})
	if err != nil {
		p.release(c)
		return nil, mapErr(ctx, err, p.host)
	}
	return &Tx{p: p, c: c, tx: tx, host: p.host}, nil
}

// Tx is a transaction holding one pooled connection.
type Tx struct {
	mu   sync.Mutex // a pgx connection serves one statement at a time
	p    *Pool
	c    *pgx.Conn
	tx   pgx.Tx
	host string
	done bool
}

var _ driver.Tx = (*Tx)(nil)

var errTxDone = &driver.Error{Kind: driver.KindOther, Message: "the transaction is already closed"}

func (t *Tx) use(f func(*pgx.Conn) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	return f(t.tx.Conn())
}

func (t *Tx) Query(ctx context.Context, sql string, args []any, types []driver.Type) (rows [][]any, err error) {
	err = t.use(func(c *pgx.Conn) error { rows, err = query(ctx, c, t.host, sql, args, types); return err })
	return rows, err
}

func (t *Tx) QueryRaw(ctx context.Context, sql string, args []any) (cols []string, rows [][]any, err error) {
	err = t.use(func(c *pgx.Conn) error { cols, rows, err = queryRaw(ctx, c, t.host, sql, args); return err })
	return cols, rows, err
}

func (t *Tx) Exec(ctx context.Context, sql string, args []any) (res driver.Result, err error) {
	err = t.use(func(c *pgx.Conn) error { res, err = exec(ctx, c, t.host, sql, args); return err })
	return res, err
}

func (t *Tx) Commit(ctx context.Context) error {
	return t.end(func() error { return t.tx.Commit(context.WithoutCancel(ctx)) })
}

func (t *Tx) Rollback(ctx context.Context) error {
	return t.end(func() error { return t.tx.Rollback(context.WithoutCancel(ctx)) })
}

// end runs COMMIT or ROLLBACK even when the caller's context is done (the
// connection must not go back to the pool inside a transaction) and returns
// the connection.
func (t *Tx) end(f func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	t.done = true
	err := f()
	t.p.release(t.c)
	if errors.Is(err, pgx.ErrTxClosed) {
		return errTxDone
	}
	return mapErr(context.Background(), err, t.host)
}
