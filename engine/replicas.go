package engine

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// Read replicas, as Prisma's readReplicas extension routes them
// (https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/read-replicas):
// a read outside an interactive transaction (findUnique, findFirst,
// findMany, count, aggregate, groupBy, their *OrThrow forms, and query_raw)
// goes to a replica, taken in turn; writes, execute_raw, batches and
// interactive transactions go to the primary.
//
// Two departures, both towards the primary:
//   - a replica that cannot be reached (connecting, or a connection error
//     while reading) is left alone for replicaRetry and the read is answered
//     by the primary, instead of failing;
//   - a *OrThrow read that finds nothing on a replica is asked again of the
//     primary: a record just written there may not be replayed yet, and
//     "not found" right after a create is the one lag an app cannot
//     tell from a bug.

// replicaRetry is how long a replica that failed is skipped.
const replicaRetry = 10 * time.Second

// readActions are the actions a replica may answer.
var readActions = map[string]bool{
	"findUnique": true, "findUniqueOrThrow": true, "findFirst": true, "findFirstOrThrow": true,
	"findMany": true, "count": true, "aggregate": true, "groupBy": true,
}

// replicaSet holds the replicas' pools, each opened on first use.
type replicaSet struct {
	urls  []string
	next  atomic.Uint64 // round robin
	mu    sync.Mutex
	pools []driver.Pool
	down  []time.Time // skipped until then
}

// checkReplicas refuses replica URLs of another provider than the primary's,
// naming the entry, never the URL.
func checkReplicas(urls []string, provider string) error {
	for i, u := range urls {
		p := connector.Provider(u)
		if provider == "sqlite" || p == "sqlite" {
			return perr.New(perr.InvalidURL, map[string]any{"replica": i},
				"read replicas need a database server: DATABASE_REPLICA_URLS[%d] and the database URL must be PostgreSQL or MySQL URLs", i)
		}
		if p != provider {
			return perr.New(perr.InvalidURL, map[string]any{"replica": i, "url_provider": p, "provider": provider},
				"DATABASE_REPLICA_URLS[%d] is a %s URL, but the database URL is %s: a replica must be of the primary's provider",
				i, orUnknown(p), provider)
		}
	}
	return nil
}

func orUnknown(p string) string {
	if p == "" {
		return "not a database"
	}
	return p
}

// replica returns the next replica that is up (opening it if needed) and
// its index, or nil when none is: the primary answers then.
func (e *Engine) replica(ctx context.Context) (driver.Pool, int) {
	rs := e.replicas
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if rs == nil || closed {
		return nil, -1
	}
	start := int(rs.next.Add(1) % uint64(len(rs.urls)))
	for k := range rs.urls {
		i := (start + k) % len(rs.urls)
		if p := rs.open(ctx, i, e.cfg.Root); p != nil {
			return p, i
		}
	}
	return nil, -1
}

func (rs *replicaSet) open(ctx context.Context, i int, root string) driver.Pool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.pools[i] != nil {
		return rs.pools[i]
	}
	if time.Now().Before(rs.down[i]) {
		return nil
	}
	p, err := connector.Open(ctx, rs.urls[i], root)
	if err != nil {
		rs.down[i] = time.Now().Add(replicaRetry)
		return nil
	}
	rs.pools[i] = p
	return p
}

// failed closes replica i's pool after a connection error and skips it
// for replicaRetry.
func (rs *replicaSet) failed(i int, p driver.Pool) {
	rs.mu.Lock()
	if rs.pools[i] == p {
		rs.pools[i] = nil
		rs.down[i] = time.Now().Add(replicaRetry)
	}
	rs.mu.Unlock()
	go p.Close()
}

func (rs *replicaSet) close() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for i, p := range rs.pools {
		if p != nil {
			p.Close()
			rs.pools[i] = nil
		}
	}
}

// unreachable reports errors after which the primary answers instead: the
// replica cannot be reached, refused the login, or its TLS handshake failed.
func unreachable(err error) bool {
	pe, ok := err.(*perr.Error)
	if !ok {
		return false
	}
	switch pe.Code {
	case perr.ConnectFailed, perr.AuthFailed, perr.DBNotFound, perr.TLSFailed, "P1017":
		return true
	}
	return false
}

// readOnReplica runs a model read on a replica; ok is false when the
// primary must answer it (no replica up, the replica failed, or an
// *OrThrow found nothing).
func (e *Engine) readOnReplica(ctx context.Context, model, action string, args map[string]any) (res any, err error, ok bool) {
	p, i := e.replica(ctx)
	if p == nil {
		return nil, nil, false
	}
	res, err = e.executeOn(ctx, e.poolDB(p), nil, model, action, args)
	switch {
	case err == nil:
		return res, nil, true
	case unreachable(err):
		e.replicas.failed(i, p)
		return nil, nil, false
	case strings.HasSuffix(action, "OrThrow") && err.(*perr.Error).Code == perr.RecordNotFound:
		return nil, nil, false
	}
	return nil, err, true
}

// rawOnReplica runs query_raw's SQL on a replica, as readOnReplica.
func (e *Engine) rawOnReplica(ctx context.Context, sql string, args []any) (cols []string, rows [][]any, err error, ok bool) {
	p, i := e.replica(ctx)
	if p == nil {
		return nil, nil, nil, false
	}
	cols, rows, err = e.poolDB(p).QueryRaw(ctx, sql, args)
	if err != nil && unreachable(perr.FromDriver(err, perr.Op{Raw: true})) {
		e.replicas.failed(i, p)
		return nil, nil, nil, false
	}
	return cols, rows, err, true
}
