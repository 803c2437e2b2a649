// Package mysql is the driver adapter for MySQL and MariaDB, over
// go-sql-driver/mysql through database/sql. Arguments are interpolated by
// the driver (one round trip per statement instead of prepare/execute/close);
// times are UTC; multi-statement strings are refused, as Prisma refuses them.
//
// This package may import only the driver contract and go-sql-driver/mysql;
// it must not import the query, schema or perr layers.
package mysql

import (
	"context"
	"crypto/tls"
	"database/sql"
	sqldriver "database/sql/driver"
	"errors"
	"net"
	"strconv"
	"sync"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Config says where to connect.
type Config struct {
	User, Password string
	Host           string // host name or IP
	Port           int    // 0 means 3306
	Socket         string // a unix socket path instead of Host:Port
	Database       string
	// TLS is used when the server offers it (nil: never); with
	// TLSRequired a server without TLS is refused.
	TLS            *tls.Config
	TLSRequired    bool
	MaxConns       int
	PoolTimeout    time.Duration // 0 means 10 s, driver.NoTimeout no limit
	ConnectTimeout time.Duration // 0 means 5 s, driver.NoTimeout no limit
	SocketTimeout  time.Duration // the longest one statement may wait for the server; 0 no limit
}

// Pool is a connected MySQL or MariaDB database.
type Pool struct {
	db            *sql.DB
	connector     sqldriver.Connector // for KILL connections outside the pool
	ids           sync.Map            // physical connection -> server thread id
	host          string
	poolTimeout   time.Duration
	socketTimeout time.Duration
	maxPacket     int // the server's max_allowed_packet, read by Open
}

var _ driver.Pool = (*Pool)(nil)

// Open connects once (to surface bad hosts and credentials now) and returns
// the pool.
func Open(ctx context.Context, cfg Config) (*Pool, error) {
	mc := gomysql.NewConfig()
	mc.User = cfg.User
	mc.Passwd = cfg.Password
	mc.DBName = cfg.Database
	if cfg.Port == 0 {
		cfg.Port = 3306
	}
	host := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	if cfg.Socket != "" {
		mc.Net, mc.Addr, host = "unix", cfg.Socket, cfg.Socket
	} else {
		mc.Net, mc.Addr = "tcp", host
	}
	switch cfg.ConnectTimeout {
	case 0:
		cfg.ConnectTimeout = 5 * time.Second
	case driver.NoTimeout:
		cfg.ConnectTimeout = 0 // no limit
	}
	if cfg.PoolTimeout == 0 {
		cfg.PoolTimeout = 10 * time.Second
	}
	mc.Timeout = cfg.ConnectTimeout
	mc.Loc = time.UTC
	mc.ParseTime = true
	mc.InterpolateParams = true
	// 0: read the server's max_allowed_packet on connect, so that a
	// statement larger than it is refused here (ErrPktTooLarge) instead of
	// the server closing the connection, which reads as "can't reach".
	mc.MaxAllowedPacket = 0
	mc.MultiStatements = false
	// Affected rows count matched rows, also those a write left unchanged,
	// as on the other databases (Prisma's MySQL connector sets it too).
	mc.ClientFoundRows = true
	mc.Collation = "utf8mb4_unicode_ci"
	if cfg.TLS != nil {
		mc.TLS = cfg.TLS
		mc.AllowFallbackToPlaintext = !cfg.TLSRequired
	}
	mc.Logger = &gomysql.NopLogger{} // errors are returned, not printed
	mc.Params = map[string]string{"time_zone": "'+00:00'"}
	mconn, err := gomysql.NewConnector(mc)
	if err != nil {
		return nil, &driver.Error{Kind: driver.KindConnection, Host: host, Message: "invalid MySQL connection settings"}
	}
	conn := &boundedConnector{Connector: mconn, timeout: cfg.ConnectTimeout, host: host}
	db := sql.OpenDB(conn)
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 10
	}
	db.SetMaxOpenConns(cfg.MaxConns)
	db.SetMaxIdleConns(cfg.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	p := &Pool{db: db, connector: conn, host: host, poolTimeout: cfg.PoolTimeout, socketTimeout: cfg.SocketTimeout}
	c, err := p.acquire(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	// The server refuses a parameter longer than max_allowed_packet with
	// the catch-all error 1105 (or drops the connection), so checkPacket
	// refuses it first.
	var maxPacket int64
	if err := c.QueryRowContext(ctx, "SELECT @@max_allowed_packet").Scan(&maxPacket); err != nil {
		c.Close()
		db.Close()
		return nil, mapErr(ctx, err, host)
	}
	p.maxPacket = int(maxPacket)
	c.Close()
	return p, nil
}

func (p *Pool) Provider() string { return "mysql" }

// Stats reports database/sql's counts.
func (p *Pool) Stats() driver.PoolStats {
	s := p.db.Stats()
	return driver.PoolStats{Max: s.MaxOpenConnections, Open: s.OpenConnections, Idle: s.Idle, Busy: s.InUse}
}

func (p *Pool) Close() error { return p.db.Close() }

// acquire takes a connection, waiting at most the pool timeout.
func (p *Pool) acquire(ctx context.Context) (*sql.Conn, error) {
	actx := ctx
	if p.poolTimeout != driver.NoPoolTimeout {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, p.poolTimeout)
		defer cancel()
	}
	c, err := p.db.Conn(actx)
	if err == nil {
		return c, nil
	}
	var de *driver.Error
	if errors.As(err, &de) && de.Kind == driver.KindConnection {
		return nil, de // the server, not the pool: connect_timeout or refused
	}
	if ctx.Err() == nil && actx.Err() != nil {
		return nil, driver.PoolTimeoutError(p.host, p.db.Stats().MaxOpenConnections, p.poolTimeout)
	}
	return nil, mapErr(ctx, err, p.host)
}

func (p *Pool) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	defer p.watch(ctx, p.connID(ctx, c))()
	if err := checkPacket(args, p.maxPacket); err != nil {
		return nil, err
	}
	return query(ctx, c, p.host, sql, args, types)
}

func (p *Pool) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	defer p.watch(ctx, p.connID(ctx, c))()
	if err := checkPacket(args, p.maxPacket); err != nil {
		return nil, nil, err
	}
	return queryRaw(ctx, c, p.host, sql, args)
}

func (p *Pool) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return driver.Result{}, err
	}
	defer c.Close()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	defer p.watch(ctx, p.connID(ctx, c))()
	if err := checkPacket(args, p.maxPacket); err != nil {
		return driver.Result{}, err
	}
	return exec(ctx, c, p.host, sql, args)
}

var isoLevels = map[string]sql.IsolationLevel{
	driver.ReadUncommitted: sql.LevelReadUncommitted,
	driver.ReadCommitted:   sql.LevelReadCommitted,
	driver.RepeatableRead:  sql.LevelRepeatableRead,
	driver.Serializable:    sql.LevelSerializable,
}

// Begin starts a transaction; go-sql-driver applies the isolation level with
// SET TRANSACTION ISOLATION LEVEL before START TRANSACTION.
func (p *Pool) Begin(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	iso, ok := isoLevels[opts.Isolation]
	if !ok && opts.Isolation != "" {
		return nil, &driver.Error{Kind: driver.KindOther, Message: "unknown isolation level " + strconv.Quote(opts.Isolation)}
	}
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	id := p.connID(ctx, c) // asked before the transaction holds the connection
	// The transaction must outlive ctx (database/sql rolls back when the
	// BeginTx context ends); each statement gets its own context instead.
	tx, err := c.BeginTx(context.WithoutCancel(ctx), &sql.TxOptions{Isolation: iso})
	if err != nil {
		c.Close()
		return nil, mapErr(ctx, err, p.host)
	}
	return &Tx{p: p, c: c, id: id, tx: tx, host: p.host}, nil
}

// Tx is a transaction on one connection.
type Tx struct {
	mu   sync.Mutex
	p    *Pool
	id   uint64 // server thread id, for KILL CONNECTION
	c    *sql.Conn
	tx   *sql.Tx
	host string
	done bool
}

var _ driver.Tx = (*Tx)(nil)

var errTxDone = &driver.Error{Kind: driver.KindOther, Message: "the transaction is already closed"}

func (t *Tx) use(ctx context.Context, f func(ctx context.Context, q queryer) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	ctx, stop := driver.WithSocketTimeout(ctx, t.p.socketTimeout)
	defer stop()
	defer t.p.watch(ctx, t.id)()
	return f(ctx, t.tx)
}

func (t *Tx) Query(ctx context.Context, sql string, args []any, types []driver.Type) (rows [][]any, err error) {
	if err := checkPacket(args, t.p.maxPacket); err != nil {
		return nil, err
	}
	err = t.use(ctx, func(ctx context.Context, q queryer) error {
		rows, err = query(ctx, q, t.host, sql, args, types)
		return err
	})
	return rows, err
}

func (t *Tx) QueryRaw(ctx context.Context, sql string, args []any) (cols []string, rows [][]any, err error) {
	if err := checkPacket(args, t.p.maxPacket); err != nil {
		return nil, nil, err
	}
	err = t.use(ctx, func(ctx context.Context, q queryer) error {
		cols, rows, err = queryRaw(ctx, q, t.host, sql, args)
		return err
	})
	return cols, rows, err
}

func (t *Tx) Exec(ctx context.Context, sql string, args []any) (res driver.Result, err error) {
	if err := checkPacket(args, t.p.maxPacket); err != nil {
		return driver.Result{}, err
	}
	err = t.use(ctx, func(ctx context.Context, q queryer) error { res, err = exec(ctx, q, t.host, sql, args); return err })
	return res, err
}

func (t *Tx) Commit(ctx context.Context) error   { return t.end(t.tx.Commit) }
func (t *Tx) Rollback(ctx context.Context) error { return t.end(t.tx.Rollback) }

func (t *Tx) end(f func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	t.done = true
	err := f()
	t.c.Close()
	if err == sql.ErrTxDone {
		return errTxDone
	}
	return mapErr(context.Background(), err, t.host)
}
