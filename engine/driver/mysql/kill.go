package mysql

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"reflect"
	"strconv"
	"time"
)

// go-sql-driver answers a canceled context by closing the connection, but
// the server keeps running the statement (and holding its locks) until it
// next writes to the dead socket. So a canceled statement is also stopped
// with KILL CONNECTION <thread id> from a connection of its own
// (https://mariadb.com/kb/en/kill/). Not KILL QUERY: when the cancel comes
// before the server began the statement (a busy machine), KILL QUERY finds
// nothing to stop and the statement then runs to its end; killing the
// connection, which the driver discards anyway, stops it whenever it starts.

// connID returns the server thread id of c, asking the server once per
// physical connection. c must not be inside a transaction.
func (p *Pool) connID(ctx context.Context, c *sql.Conn) uint64 {
	var key uintptr
	c.Raw(func(dc any) error {
		key = reflect.ValueOf(dc).Pointer()
		return nil
	})
	if id, ok := p.ids.Load(key); ok {
		return id.(uint64)
	}
	var id uint64
	if err := c.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		return 0
	}
	p.ids.Store(key, id)
	return id
}

// watch kills the statement of thread id if ctx ends before the returned
// func is called. That func waits for a kill in progress, so a connection is
// never released (and reused) while a KILL for it is still on its way.
func (p *Pool) watch(ctx context.Context, id uint64) (done func()) {
	if id == 0 || ctx.Done() == nil {
		return func() {}
	}
	killed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(killed)
		defer func() { recover() }() // a watcher goroutine must not crash the process
		p.kill(id)
	})
	return func() {
		if !stop() {
			<-killed
		}
	}
}

func (p *Pool) kill(id uint64) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	dc, err := p.connector.Connect(ctx)
	if err != nil {
		return
	}
	defer dc.Close()
	if ex, ok := dc.(sqldriver.ExecerContext); ok {
		ex.ExecContext(ctx, "KILL CONNECTION "+strconv.FormatUint(id, 10), nil)
	}
}
