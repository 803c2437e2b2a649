package mysql

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"strconv"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// errConnectTimeout is the cause of a connect's own deadline, telling
// connect_timeout apart from the caller's deadline and pool_timeout.
var errConnectTimeout = errors.New("connect_timeout")

// boundedConnector bounds a whole connect, handshake included, by
// connect_timeout. go-sql-driver's Timeout bounds only the TCP dial, so a
// server that accepts and never sends its greeting held the connect until
// pool_timeout, which then read as "the pool is busy" (P2024) instead of
// "can't reach the server" (P1001, as Prisma reports a connect timeout).
type boundedConnector struct {
	sqldriver.Connector
	timeout time.Duration
	host    string
}

func (c *boundedConnector) Connect(ctx context.Context) (sqldriver.Conn, error) {
	if c.timeout <= 0 { // connect_timeout=0: no limit
		return c.Connector.Connect(ctx)
	}
	cctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errConnectTimeout)
	defer cancel()
	conn, err := c.Connector.Connect(cctx)
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(cctx), errConnectTimeout) {
		return nil, &driver.Error{Kind: driver.KindConnection, Host: c.host,
			Message: "no answer from the server within connect_timeout (" + strconv.FormatFloat(c.timeout.Seconds(), 'f', -1, 64) + " s)"}
	}
	return conn, err
}
