package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// Interactive transaction defaults, as Prisma's
// (https://www.prisma.io/docs/orm/prisma-client/queries/transactions#transaction-options).
const (
	DefaultMaxWait   = 2 * time.Second // to get a connection and begin
	DefaultTxTimeout = 5 * time.Second // lifetime, after which the tx is rolled back
	// closedTxMemory is how long a finished transaction's id is remembered,
	// so a late use says "expired" or "committed" rather than "not found".
	closedTxMemory = 5 * time.Minute
)

type txState int

const (
	txOpen txState = iota
	txCommitted
	txRolledBack
	txExpired
)

func (s txState) String() string {
	switch s {
	case txCommitted:
		return "committed"
	case txRolledBack:
		return "rolled back"
	case txExpired:
		return "expired"
	}
	return "open"
}

// itx is one interactive transaction.
type itx struct {
	id      string
	token   string // the client's token from tx.begin, for tx.abandon; "" if none
	tx      driver.Tx
	timeout time.Duration
	start   time.Time
	ctx     context.Context // canceled when the tx expires or ends: aborts statements in flight
	cancel  context.CancelFunc
	timer   *time.Timer

	mu    sync.Mutex
	state txState

	// heavy: a statement ran the usual way (not inline), so the commit may
	// write any number of pages and is not answered inline; inflight
	// counts the statements running (see txDB).
	heavy    atomic.Bool
	inflight atomic.Int32
}

// txTable holds the interactive transactions by id, and by client token
// while they are open.
//
// A client that gives up on a tx.begin (its task was canceled) cannot know
// whether the engine began the transaction: the reply carrying the id may
// still be on its way, or already read and dropped. So tx.begin takes a
// token of the client's choosing and tx.abandon names that token: it rolls
// the transaction back if it is open, and otherwise leaves a tombstone that
// makes the tx.begin still in flight roll back instead of registering.
// Both run under mu, so one of the two always sees the other.
type txTable struct {
	mu        sync.Mutex
	txs       map[string]*itx
	byToken   map[string]*itx     // open transactions begun with a token
	abandoned map[string]struct{} // tokens abandoned before their begin registered
	closed    bool                // the engine is closed: nothing registers any more
}

func (t *txTable) init() {
	t.txs = make(map[string]*itx)
	t.byToken = make(map[string]*itx)
	t.abandoned = make(map[string]struct{})
}

func (t *txTable) get(id string) *itx {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.txs[id]
}

// add registers x. It refuses (and x must be rolled back instead) when the
// engine is closed, or when the client abandoned x's token while x began.
func (t *txTable) add(x *itx) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errClosed
	}
	if x.token != "" {
		if _, gone := t.abandoned[x.token]; gone {
			delete(t.abandoned, x.token)
			return perr.New(perr.Canceled, map[string]any{"token": x.token},
				"the transaction was abandoned by the client (tx.abandon) while it began, and rolled back")
		}
		if _, dup := t.byToken[x.token]; dup {
			return perr.New(perr.Validation, map[string]any{"path": "token"},
				"Invalid argument `token`: an open transaction was already begun with token %q", x.token)
		}
		t.byToken[x.token] = x
	}
	t.txs[x.id] = x
	return nil
}

// abandon returns the open transaction begun with token, or nil after
// leaving a tombstone for a begin still in flight (kept closedTxMemory,
// longer than any begin waits).
func (t *txTable) abandon(token string) *itx {
	t.mu.Lock()
	defer t.mu.Unlock()
	if x := t.byToken[token]; x != nil {
		delete(t.byToken, token)
		return x
	}
	if t.closed {
		return nil
	}
	t.abandoned[token] = struct{}{}
	time.AfterFunc(closedTxMemory, func() {
		t.mu.Lock()
		delete(t.abandoned, token)
		t.mu.Unlock()
	})
	return nil
}

// ended drops x's token at once (an ended transaction has nothing left to
// abandon) and forgets x's id after closedTxMemory.
func (t *txTable) ended(x *itx) {
	t.mu.Lock()
	if x.token != "" && t.byToken[x.token] == x {
		delete(t.byToken, x.token)
	}
	t.mu.Unlock()
	time.AfterFunc(closedTxMemory, func() {
		t.mu.Lock()
		if t.txs[x.id] == x {
			delete(t.txs, x.id)
		}
		t.mu.Unlock()
	})
}

// open counts the transactions still open (the table also remembers ended
// ones for closedTxMemory).
func (t *txTable) open() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, x := range t.txs {
		x.mu.Lock()
		if x.state == txOpen {
			n++
		}
		x.mu.Unlock()
	}
	return n
}

// closeAll rolls back every open transaction; from then on add refuses.
func (t *txTable) closeAll() {
	t.mu.Lock()
	t.closed = true
	all := make([]*itx, 0, len(t.txs))
	for _, x := range t.txs {
		all = append(all, x)
	}
	t.mu.Unlock()
	for _, x := range all {
		x.finish(context.Background(), txRolledBack)
	}
}

func newTxID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (e *Engine) txBegin(ctx context.Context, params map[string]any) (any, error) {
	iso, _ := params["isolation_level"].(string)
	switch iso {
	case "", driver.ReadUncommitted, driver.ReadCommitted, driver.RepeatableRead, driver.Serializable:
	default:
		return nil, perr.New(perr.Validation, map[string]any{"path": "isolation_level"},
			"Invalid isolation level %q: expected one of ReadUncommitted, ReadCommitted, RepeatableRead, Serializable", iso)
	}
	maxWait, err := durationParam(params, "max_wait_ms", DefaultMaxWait)
	if err != nil {
		return nil, err
	}
	timeout, err := durationParam(params, "timeout_ms", DefaultTxTimeout)
	if err != nil {
		return nil, err
	}
	token, err := tokenParam(params, false)
	if err != nil {
		return nil, err
	}
	x, err := e.begin(ctx, iso, maxWait)
	if err != nil {
		return nil, err
	}
	txBegun(ctx, token)
	x.token = token
	x.timeout = timeout
	x.timer = time.AfterFunc(timeout, func() {
		defer func() { recover() }() // a timer goroutine must not crash the process
		x.finish(context.Background(), txExpired)
		e.txs.ended(x)
	})
	// A request canceled while the database began the transaction has no
	// one to read its reply: roll back now rather than at the timeout. The
	// same holds when the client abandoned the token meanwhile (add refuses).
	if cerr := ctx.Err(); cerr != nil {
		err = perr.FromDriver(cerr, perr.Op{})
	} else {
		err = e.txs.add(x)
	}
	if err != nil {
		start := time.Now()
		x.finish(context.WithoutCancel(ctx), txRolledBack)
		recordQuery(ctx, "ROLLBACK", start, time.Since(start))
		return nil, err
	}
	return x.id, nil
}

// txBegun is called once the database began a tx.begin's transaction,
// before it is registered; a variable so tests can cancel the request or
// abandon the token at exactly that point.
var txBegun = func(ctx context.Context, token string) {}

// txAbandon is tx.abandon: the client will never use the transaction it
// began with this token. It is rolled back now if open, or as soon as its
// tx.begin completes; a token of a transaction that already ended, or of a
// begin that failed, is a no-op. It never fails for an unknown token, since
// the client cannot tell these cases apart.
func (e *Engine) txAbandon(ctx context.Context, params map[string]any) error {
	token, err := tokenParam(params, true)
	if err != nil {
		return err
	}
	x := e.txs.abandon(token)
	if x == nil {
		return nil
	}
	start := time.Now()
	if x.finish(context.WithoutCancel(ctx), txRolledBack) == nil {
		recordQuery(ctx, "ROLLBACK", start, time.Since(start))
	}
	e.txs.ended(x)
	return nil
}

// tokenParam reads tx.begin's and tx.abandon's client token.
func tokenParam(params map[string]any, required bool) (string, error) {
	v, ok := params["token"]
	if (!ok || v == nil) && !required {
		return "", nil
	}
	s, isStr := v.(string)
	if !isStr || s == "" || len(s) > 200 {
		return "", perr.New(perr.Validation, map[string]any{"path": "token"},
			"Invalid argument `token`: expected a non-empty string of at most 200 bytes, got %v", v)
	}
	return s, nil
}

// begin starts a transaction, waiting at most maxWait for a connection.
func (e *Engine) begin(ctx context.Context, iso string, maxWait time.Duration) (*itx, error) {
	pool, err := e.connect(ctx)
	if err != nil {
		return nil, err
	}
	wctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	start := time.Now()
	tx, err := pool.Begin(wctx, driver.TxOptions{Isolation: iso})
	if err != nil {
		if ctx.Err() == nil && wctx.Err() != nil {
			return nil, perr.New(perr.TxExpired, map[string]any{"max_wait_ms": maxWait.Milliseconds()},
				"Transaction API error: Unable to start a transaction in the given time (max_wait %d ms).", maxWait.Milliseconds())
		}
		return nil, perr.FromDriver(err, perr.Op{Names: e.names})
	}
	recordQuery(ctx, "BEGIN", start, time.Since(start))
	x := &itx{id: newTxID(), tx: tx, start: time.Now()}
	x.ctx, x.cancel = context.WithCancel(context.Background())
	return x, nil
}

// finish ends the transaction: commit (state txCommitted) or roll back
// (txRolledBack, txExpired). A transaction ends once; later calls report
// how it ended.
func (x *itx) finish(ctx context.Context, to txState) error {
	x.mu.Lock()
	if x.state != txOpen {
		st := x.state
		x.mu.Unlock()
		return x.closedErr(st, map[txState]string{txCommitted: "commit", txExpired: "rollback", txRolledBack: "rollback"}[to])
	}
	x.state = to
	x.mu.Unlock()
	if x.timer != nil {
		x.timer.Stop()
	}
	var err error
	if to == txCommitted {
		err = x.tx.Commit(ctx)
	} else {
		// Abort a statement still running (an expired tx), then roll back.
		x.cancel()
		err = x.tx.Rollback(context.WithoutCancel(ctx))
	}
	x.cancel()
	return err
}

// closedErr is P2028 for using a transaction that has ended.
func (x *itx) closedErr(st txState, what string) *perr.Error {
	meta := map[string]any{"tx": x.id, "state": st.String()}
	if st == txExpired {
		return perr.New(perr.TxExpired, meta,
			"Transaction API error: Transaction already closed: A %s cannot be executed on an expired transaction. "+
				"The timeout for this transaction was %d ms, however %d ms passed since the start of the transaction. "+
				"Consider increasing the interactive transaction timeout or doing less work in the transaction.",
			what, x.timeout.Milliseconds(), time.Since(x.start).Milliseconds())
	}
	return perr.New(perr.TxExpired, meta,
		"Transaction API error: Transaction already closed: A %s cannot be executed on a %s transaction.", what, st)
}

func unknownTx(id string) *perr.Error {
	return perr.New(perr.TxExpired, map[string]any{"tx": id},
		"Transaction API error: Transaction not found. Transaction ID %q is invalid, refers to an old closed transaction "+
			"the engine doesn't have information about anymore, or was obtained before disconnecting.", id)
}

// lookupTx returns the open transaction of id, or P2028.
func (e *Engine) lookupTx(id string) (*itx, error) {
	x := e.txs.get(id)
	if x == nil {
		return nil, unknownTx(id)
	}
	x.mu.Lock()
	st := x.state
	x.mu.Unlock()
	if st != txOpen {
		return nil, x.closedErr(st, "query")
	}
	return x, nil
}

func (e *Engine) txEnd(ctx context.Context, params map[string]any, commit bool) error {
	id, _ := params["tx"].(string)
	x := e.txs.get(id)
	if x == nil {
		return unknownTx(id)
	}
	to, word := txRolledBack, "ROLLBACK"
	if commit {
		to, word = txCommitted, "COMMIT"
	}
	start := time.Now()
	err := x.finish(ctx, to)
	e.txs.ended(x)
	if err == nil {
		recordQuery(ctx, word, start, time.Since(start))
		return nil
	}
	var pe *perr.Error
	if errors.As(err, &pe) {
		return pe
	}
	return perr.FromDriver(err, perr.Op{Names: e.names})
}

// opContext derives the context for one statement in x: it ends with the
// request or when the transaction expires, whichever comes first.
func (x *itx) opContext(ctx context.Context) (context.Context, func()) {
	octx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(x.ctx, cancel)
	return octx, func() { stop(); cancel() }
}

// opErr turns the error of a statement in x into P2028 when the statement
// failed because the transaction expired meanwhile.
func (x *itx) opErr(err error) error {
	if err == nil {
		return nil
	}
	x.mu.Lock()
	st := x.state
	x.mu.Unlock()
	if st != txOpen {
		return x.closedErr(st, "query")
	}
	return err
}

func durationParam(params map[string]any, key string, def time.Duration) (time.Duration, error) {
	v, ok := params[key]
	if !ok || v == nil {
		return def, nil
	}
	n, ok := toInt(v)
	if !ok || n <= 0 {
		return 0, perr.New(perr.Validation, map[string]any{"path": key},
			"Invalid argument `%s`: expected a positive number of milliseconds, got %v", key, v)
	}
	return time.Duration(n) * time.Millisecond, nil
}

func toInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case uint64:
		return int64(v), v <= 1<<62
	case float64:
		return int64(v), v == float64(int64(v))
	}
	return 0, false
}

func intParam(params map[string]any, key string) (int64, error) {
	n, ok := toInt(params[key])
	if !ok {
		return 0, fmt.Errorf("%s: expected an integer", key)
	}
	return n, nil
}
