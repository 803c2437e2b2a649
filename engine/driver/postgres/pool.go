// Package postgres is the driver adapter for PostgreSQL, over pgx/v5 and its
// pgxpool connection pool. Statements run with pgx's cached prepared
// statements, or with none at all (Config.NoPrepare: each statement goes
// in one round trip, parsed unnamed with its arguments untyped for the
// server to infer, pgx's QueryExecModeExec, so PgBouncer in transaction
// mode can lend a different server connection for every statement; pgx's
// describe-then-execute mode cannot, as the two steps may land on two
// server connections); a canceled context
// sends PostgreSQL a cancel request (with a socket deadline as the
// fallback), so the server stops the statement and the connection returns
// to the pool. Result columns of the common types are read from the bytes
// pgx received, in PostgreSQL's binary format or, unprepared, its text
// format (rows.go, textformat.go), and through pgx's codecs otherwise.
//
// This package may import only the driver contract and pgx; it must not
// import the query, schema or perr layers.
package postgres

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Config says where to connect. ConnString is a URL or DSN that pgx
// understands, without Prisma's own parameters (schema, connection_limit,
// pool_timeout, ...), which come as fields.
type Config struct {
	ConnString     string
	Schema         string        // search_path (not sent with PgBouncer); "" keeps the server's default
	MaxConns       int           // connection_limit; 0: Prisma's default, num_cpus*2+1
	PoolTimeout    time.Duration // pool_timeout: wait for a free connection; 0 means 10 s (Prisma's default), driver.NoPoolTimeout no limit
	ConnectTimeout time.Duration // connect_timeout; 0 means 5 s (Prisma's default), driver.NoTimeout no limit
	SocketTimeout  time.Duration // socket_timeout: the longest one statement may wait for the server; 0 no limit
	StatementCache int           // statement_cache_size: prepared statements kept per connection; 0 means 100 (Prisma's default)
	// NoPrepare: no named prepared statement ever (statement_cache_size=0,
	// pgbouncer=true): each statement is parsed, bound and run in one
	// round trip, its arguments untyped (the server infers them).
	NoPrepare bool
	// PgBouncer: the server is PgBouncer in transaction mode; besides
	// NoPrepare, search_path is never sent at connect (PgBouncer refuses
	// startup parameters it does not track, and a SET would outlive the
	// transaction on a server connection other clients share): the
	// engine names Schema on every table instead (connector.QualifySchema).
	PgBouncer bool
	// TLS replaces pgx's TLS settings wherever the sslmode of ConnString
	// uses TLS (ServerName is set per host); nil keeps pgx's.
	TLS *tls.Config
}

// Pool is a connected PostgreSQL database.
type Pool struct {
	pool          *pgxpool.Pool
	host          string
	poolTimeout   time.Duration
	socketTimeout time.Duration
	closed        atomic.Bool
	// searchPath is the search_path that user SQL gets per statement
	// (searchpath.go): the URL's schema behind PgBouncer, else "".
	searchPath string
}

var _ driver.Pool = (*Pool)(nil)

// cancelGrace is how long a canceled statement may take to acknowledge the
// cancel request before the socket deadline closes the connection.
const cancelGrace = 2 * time.Second

// closeWait bounds how long Close waits for connections still in use (a
// statement running for another request); they are closed when released.
const closeWait = 2 * time.Second

// errPoolTimeout is the cause of the acquire context's deadline, telling a
// pool_timeout apart from the caller's own deadline.
var errPoolTimeout = errors.New("pool_timeout")

// Open connects (one connection, to surface bad hosts and credentials now)
// and returns the pool.
func Open(ctx context.Context, cfg Config) (*Pool, error) {
	pc, err := pgxpool.ParseConfig(cfg.ConnString)
	if err != nil {
		// pgx's parse errors quote the connection string (its password
		// redacted, but still): pass on only the reason after it. The
		// connector scrubs what leaves it once more.
		return nil, &driver.Error{Kind: driver.KindConnection, Message: "invalid PostgreSQL connection URL" + parseReason(err)}
	}
	cc := pc.ConnConfig
	if cfg.Schema != "" && !cfg.PgBouncer {
		// A startup parameter, so no extra round trip per connection.
		cc.RuntimeParams["search_path"] = quoteIdent(cfg.Schema)
	}
	if cfg.NoPrepare {
		cc.DefaultQueryExecMode = pgx.QueryExecModeExec
		cc.StatementCacheCapacity, cc.DescriptionCacheCapacity = 0, 0
	} else {
		if cfg.StatementCache <= 0 {
			cfg.StatementCache = 100
		}
		cc.StatementCacheCapacity = cfg.StatementCache
	}
	if cfg.TLS != nil {
		useTLS(&cc.Config, cfg.TLS)
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = runtime.NumCPU()*2 + 1 // Prisma's default: num_cpus * 2 + 1
	}
	pc.MaxConns = int32(min(cfg.MaxConns, 1<<30))
	pc.MinConns, pc.MinIdleConns = 0, 0
	switch cfg.ConnectTimeout {
	case 0:
		cfg.ConnectTimeout = 5 * time.Second
	case driver.NoTimeout:
		cfg.ConnectTimeout = 0 // pgx: no limit
	}
	cc.ConnectTimeout = cfg.ConnectTimeout
	if cfg.PoolTimeout == 0 {
		cfg.PoolTimeout = 10 * time.Second
	}
	cc.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	// A connection the server closed while it sat idle is dropped before
	// use, and the request goes to another (or a new) connection.
	pc.PrepareConn = func(_ context.Context, c *pgx.Conn) (bool, error) {
		return alive(c.PgConn().Conn()) == nil, nil
	}
	host := net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port)))
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, &driver.Error{Kind: driver.KindConnection, Host: host, Message: "cannot create the connection pool"}
	}
	p := &Pool{pool: pool, host: host, poolTimeout: cfg.PoolTimeout, socketTimeout: cfg.SocketTimeout}
	if cfg.PgBouncer && cfg.Schema != "" {
		p.searchPath = quoteIdent(cfg.Schema)
	}
	c, err := p.acquire(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	c.Release()
	return p, nil
}

func (p *Pool) Provider() string { return "postgresql" }

// QuickBegin: Begin only takes a connection (see Tx), and under
// driver.WithNoWait refuses when none is idle.
func (p *Pool) QuickBegin() bool { return true }

// Stats reports pgxpool's counts (TotalConns includes connections being
// opened).
func (p *Pool) Stats() driver.PoolStats {
	s := p.pool.Stat()
	return driver.PoolStats{Max: int(s.MaxConns()), Open: int(s.TotalConns()), Idle: int(s.IdleConns()), Busy: int(s.AcquiredConns())}
}

// Close rejects new work and closes the pool. pgxpool's Close waits for
// every connection in use; Close waits at most closeWait for them and lets
// the rest close in the background as they are released.
func (p *Pool) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.pool.Close()
	}()
	select {
	case <-done:
	case <-time.After(closeWait):
	}
	return nil
}

// acquire returns a pooled connection, waiting at most the pool timeout
// (reported as KindTimeout with CodePoolTimeout, apart from the caller's
// own deadline).
func (p *Pool) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	if p.closed.Load() {
		return nil, p.closedErr()
	}
	actx := ctx
	if p.poolTimeout != driver.NoPoolTimeout {
		var stop context.CancelFunc
		actx, stop = context.WithTimeoutCause(ctx, p.poolTimeout, errPoolTimeout)
		defer stop()
	}
	c, err := p.pool.Acquire(actx)
	if err == nil {
		return c, nil
	}
	switch {
	case ctx.Err() != nil:
		return nil, ctxErr(ctx)
	case actx.Err() != nil && errors.Is(context.Cause(actx), errPoolTimeout):
		return nil, driver.PoolTimeoutError(p.host, int(p.pool.Config().MaxConns), p.poolTimeout)
	case p.closed.Load():
		return nil, p.closedErr()
	}
	return nil, mapErr(ctx, err, p.host)
}

func (p *Pool) closedErr() error {
	return &driver.Error{Kind: driver.KindConnection, Host: p.host, Message: "the connection pool is closed"}
}

func (p *Pool) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Release()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	return query(ctx, c.Conn(), p.host, sql, args, types)
}

func (p *Pool) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer c.Release()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	return queryRaw(ctx, c.Conn(), p.host, p.searchPath, sql, args)
}

func (p *Pool) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return driver.Result{}, err
	}
	defer c.Release()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	return exec(ctx, c.Conn(), p.host, p.searchPath, sql, args)
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
	if !driver.MayWait(ctx) && p.pool.Stat().IdleConns() == 0 {
		return nil, driver.Refuse(ctx)
	}
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	begin := "BEGIN"
	if iso != "" {
		begin += " ISOLATION LEVEL " + strings.ToUpper(string(iso))
	}
	return &Tx{c: c, begin: begin, host: p.host, socketTimeout: p.socketTimeout, searchPath: p.searchPath}, nil
}

// Tx is a transaction holding one pooled connection. Its BEGIN is sent
// with its first statement, in the same round trip (a transaction's
// snapshot is taken by its first statement anyway, at every isolation
// level), and a transaction that ran nothing ends without a round trip.
type Tx struct {
	mu    sync.Mutex // a pgx connection serves one statement at a time
	c     *pgxpool.Conn
	begin string // the BEGIN statement, until it has been sent
	host  string
	done  bool
	// socketTimeout bounds each statement (socket_timeout), not the
	// transaction.
	socketTimeout time.Duration
	searchPath    string // as Pool.searchPath
	// failed is the first error that left the transaction aborted:
	// PostgreSQL then refuses every statement (25P02) without saying why,
	// so that error names the original failure.
	failed *driver.Error
}

var _ driver.Tx = (*Tx)(nil)

var errTxDone = &driver.Error{Kind: driver.KindOther, Message: "the transaction is already closed"}

func (t *Tx) use(ctx context.Context, f func(context.Context, queryer) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	ctx, stop := driver.WithSocketTimeout(ctx, t.socketTimeout)
	defer stop()
	var q queryer = t.c.Conn()
	if t.begin != "" {
		q = beginFirst(t.c.Conn(), t.begin)
	}
	err := f(ctx, q)
	if t.begin != "" && t.c.Conn().PgConn().TxStatus() != 'I' {
		// BEGIN took effect. Until it has, each statement carries it: one
		// that was never sent (its context ended first) must not leave the
		// next to run outside the transaction.
		t.begin = ""
	}
	if err == nil {
		return nil
	}
	var de *driver.Error
	if !errors.As(err, &de) {
		return err
	}
	if de.Kind == driver.KindTxAborted {
		return abortedBy(de, t.failed, "the transaction is aborted")
	} else if t.failed == nil && t.c.Conn().PgConn().TxStatus() == 'E' {
		t.failed = de
	}
	return err
}

// abortedBy returns a copy of the 25P02 error de whose message says what
// happened (lead) and names the failure that aborted the transaction.
func abortedBy(de, cause *driver.Error, lead string) *driver.Error {
	e := *de
	e.Message = lead + " because an earlier statement in it failed"
	if cause != nil {
		what := cause.Message
		if cause.Code != "" {
			what = cause.Code + ": " + what
		}
		e.Message += " (" + what + ")"
	}
	e.Message += "; PostgreSQL ignores every statement until the transaction is rolled back"
	return &e
}

func (t *Tx) Query(ctx context.Context, sql string, args []any, types []driver.Type) (rows [][]any, err error) {
	err = t.use(ctx, func(ctx context.Context, c queryer) error {
		rows, err = query(ctx, c, t.host, sql, args, types)
		return err
	})
	return rows, err
}

func (t *Tx) QueryRaw(ctx context.Context, sql string, args []any) (cols []string, rows [][]any, err error) {
	err = t.use(ctx, func(ctx context.Context, c queryer) error {
		cols, rows, err = queryRaw(ctx, c, t.host, t.searchPath, sql, args)
		return err
	})
	return cols, rows, err
}

func (t *Tx) Exec(ctx context.Context, sql string, args []any) (res driver.Result, err error) {
	err = t.use(ctx, func(ctx context.Context, c queryer) error {
		res, err = exec(ctx, c, t.host, t.searchPath, sql, args)
		return err
	})
	return res, err
}

// Commit commits; for a transaction aborted by a failed statement
// PostgreSQL answers COMMIT with a rollback, reported as KindTxAborted.
func (t *Tx) Commit(ctx context.Context) error {
	return t.end(ctx, "COMMIT", func(tag pgconn.CommandTag) error {
		if tag.String() == "ROLLBACK" {
			return abortedBy(&driver.Error{Kind: driver.KindTxAborted, Code: "25P02"}, t.failed,
				"the transaction was rolled back instead of committed")
		}
		return nil
	})
}

func (t *Tx) Rollback(ctx context.Context) error {
	return t.end(ctx, "ROLLBACK", func(pgconn.CommandTag) error { return nil })
}

// end runs COMMIT or ROLLBACK even when the caller's context is done (the
// connection must not go back to the pool inside a transaction) and returns
// the connection; pgxpool closes it instead when it is broken or still in a
// transaction.
func (t *Tx) end(ctx context.Context, stmt string, check func(pgconn.CommandTag) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	t.done = true
	defer t.c.Release()
	if t.begin != "" {
		return nil // BEGIN was never sent: nothing to end
	}
	tag, err := t.c.Conn().Exec(context.WithoutCancel(ctx), stmt)
	if err != nil {
		return mapErr(context.Background(), err, t.host)
	}
	return check(tag)
}

// useTLS puts tc (a clone, named for the host) wherever pgx's parsed
// sslmode uses TLS: the first try and each fallback (sslmode=prefer tries
// TLS, then plain).
func useTLS(c *pgconn.Config, tc *tls.Config) {
	named := func(host string) *tls.Config {
		t := tc.Clone()
		t.ServerName = host
		return t
	}
	if c.TLSConfig != nil {
		c.TLSConfig = named(c.Host)
	}
	for _, fb := range c.Fallbacks {
		if fb.TLSConfig != nil {
			fb.TLSConfig = named(fb.Host)
		}
	}
}

// parseReason is ": <why>" of a pgx "cannot parse `<conn string>`: <why>"
// error, without the connection string; "" when the error has another form.
func parseReason(err error) string {
	msg := err.Error()
	if !strings.HasPrefix(msg, "cannot parse `") {
		return ""
	}
	i := strings.LastIndex(msg, "`: ")
	if i < 0 || i+3 >= len(msg) {
		return ""
	}
	return ": " + msg[i+3:]
}
