package bridge

import (
	"context"
	"fmt"
	"sync"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// defaultMaxInFlight bounds the requests one engine runs at once; Python
// bounds itself first (a semaphore per loop), this is the backstop when many
// loops share an engine. Config key max_in_flight overrides it.
const defaultMaxInFlight = 1024

// Handler is what the bridge needs of an engine: *engine.Engine, or in the
// Go tests a wrapper that adds test-only methods (see Engine.Wrap).
type Handler interface {
	Handle(ctx context.Context, method string, params map[string]any) (any, error)
	Close() error
}

// Engine is an opened engine plus what a host needs around it: the cancel
// function of every in-flight request, keyed by request id, and the URL's
// credentials, scrubbed from every error.
type Engine struct {
	eng        Handler
	logQueries bool
	limit      int
	secrets    *config.Scrubber

	ctx      context.Context // canceled by Close: ends every request
	stop     context.CancelFunc
	mu       sync.Mutex
	closed   bool
	inflight map[uint64]context.CancelFunc
}

// Open decodes the config map ({schema, schema_file, url, root,
// log_queries, max_in_flight}) and opens the engine; it does not connect.
// A failure (or a panic while opening) comes back as the error body the
// host hands to Python (EncodeError).
func Open(cfgBytes []byte) (e *Engine, body *abi.ErrorBody) {
	defer func() {
		if p := recover(); p != nil {
			e, body = nil, panicBody(p)
		}
	}()
	cfg, limit, err := decodeConfig(cfgBytes)
	secrets := config.NewScrubber(append([]string{cfg.URL}, cfg.Replicas...)...)
	defer func() { body = scrubBody(secrets, body) }()
	if err == nil {
		var eng *engine.Engine
		if eng, err = engine.Open(cfg); err == nil {
			ctx, stop := context.WithCancel(context.Background())
			return &Engine{
				eng: eng, logQueries: cfg.LogQueries, limit: limit, secrets: secrets,
				ctx: ctx, stop: stop, inflight: map[uint64]context.CancelFunc{},
			}, nil
		}
	}
	return nil, ErrorBody(err)
}

// Wrap replaces the engine's handler by wrap(handler); tests use it to add
// methods the shipped engine does not answer.
func (e *Engine) Wrap(wrap func(Handler) Handler) { e.eng = wrap(e.eng) }

// Begin registers request id as in flight and returns its context and the
// function that ends it (call it once the reply is made). The status is
// StatusBadHandle after Close, StatusDuplicate for an id already in flight,
// StatusBusy when max_in_flight requests are.
func (e *Engine) Begin(id uint64) (ctx context.Context, end func(), st Status) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, nil, StatusBadHandle
	}
	if _, dup := e.inflight[id]; dup {
		return nil, nil, StatusDuplicate
	}
	if len(e.inflight) >= e.limit {
		return nil, nil, StatusBusy
	}
	ctx, cancel := context.WithCancel(e.ctx)
	e.inflight[id] = cancel
	return ctx, func() {
		cancel()
		e.mu.Lock()
		delete(e.inflight, id)
		e.mu.Unlock()
	}, StatusOK
}

// Reply answers req and encodes the reply; it never fails and never
// panics (a panic becomes an INTERNAL reply).
func (e *Engine) Reply(ctx context.Context, req abi.Request) (b []byte) {
	defer func() {
		if p := recover(); p != nil { // encoding, not the engine
			b = PanicReply(p)
		}
	}()
	return encodeReply(req, e.Answer(ctx, req))
}

// encodeReply encodes a reply; one that cannot be encoded becomes an
// INTERNAL error reply.
func encodeReply(req abi.Request, reply abi.Reply) []byte {
	b, err := abi.EncodeReply(reply)
	if err != nil {
		b = mustEncode(abi.Reply{Error: &abi.ErrorBody{
			Code:    perr.Internal,
			Message: fmt.Sprintf("%s: the result cannot be sent to Python: %v", req.Method, err),
		}})
	}
	return b
}

// Start registers request id and answers req on its own goroutine, then
// hands the encoded reply to deliver (after leaving the in-flight set, so
// the host may reuse the id once it sees the reply). It never waits for
// the engine; the status is Begin's. A panic on the goroutine becomes an
// INTERNAL reply.
func (e *Engine) Start(id uint64, req abi.Request, deliver func(id uint64, reply []byte)) Status {
	ctx, end, st := e.Begin(id)
	if st != StatusOK {
		return st
	}
	go func() {
		var b []byte
		defer func() {
			if p := recover(); p != nil { // bookkeeping, not the engine
				b = PanicReply(p)
			}
			end()
			deliver(id, b)
		}()
		b = e.Reply(ctx, req)
	}()
	return StatusOK
}

// Do answers one encoded envelope synchronously, under the engine's
// context (Close cancels it): the WebAssembly module's call. A bad envelope
// is an error (StatusBadRequest for the export); anything else, a panic
// included, is a reply.
func (e *Engine) Do(b []byte) (reply []byte, err error) {
	defer func() {
		if p := recover(); p != nil { // decoding, not the method
			reply, err = PanicReply(p), nil
		}
	}()
	req, err := decodeRequest(b)
	if err != nil {
		return nil, err
	}
	return e.Reply(e.ctx, req), nil
}

// Answer calls the engine; a panic inside it becomes an INTERNAL reply.
func (e *Engine) Answer(ctx context.Context, req abi.Request) abi.Reply {
	return e.answer(ctx, req, e.eng.Handle)
}

// answer calls the engine through handle (Handle, or TryInline). The reply
// carries the request's statements when the engine logs queries or the
// request asks ("log": true).
func (e *Engine) answer(ctx context.Context, req abi.Request, handle func(context.Context, string, map[string]any) (any, error)) (r abi.Reply) {
	var qlog *engine.QueryLog
	if e.logQueries || req.Log {
		ctx, qlog = engine.WithQueryLog(ctx)
	}
	defer func() {
		if p := recover(); p != nil {
			r = abi.Reply{Error: panicBody(p)}
		}
		r.Error = scrubBody(e.secrets, r.Error)
		if qlog != nil {
			r.Log = qlog.Entries()
		}
	}()
	v, err := handle(ctx, req.Method, req.Params)
	if err != nil {
		return abi.Reply{Error: ErrorBody(err)}
	}
	return abi.Reply{Ok: v}
}

// Cancel cancels in-flight request id; unknown ids are ignored (the
// request may have just finished).
func (e *Engine) Cancel(id uint64) {
	e.mu.Lock()
	cancel := e.inflight[id]
	e.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// Close cancels every in-flight request, then closes the engine's pool.
func (e *Engine) Close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.stop()
	_ = e.eng.Close() // nobody to report to: the handle is already gone
}

func decodeConfig(b []byte) (engine.Config, int, error) {
	v, err := abi.Decode(b)
	if err != nil {
		return engine.Config{}, 0, fmt.Errorf("engine config: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return engine.Config{}, 0, fmt.Errorf("engine config: expected a map, got %T", v)
	}
	var cfg engine.Config
	limit := defaultMaxInFlight
	for key, val := range m {
		bad := false
		switch key {
		case "schema":
			cfg.Schema, bad = optString(val)
		case "schema_file":
			cfg.SchemaFile, bad = optString(val)
		case "url":
			cfg.URL, bad = optString(val)
		case "root":
			cfg.Root, bad = optString(val)
		case "replicas":
			cfg.Replicas, bad = optStrings(val)
		case "log_queries":
			cfg.LogQueries, ok = val.(bool)
			bad = !ok && val != nil
		case "max_in_flight":
			n, ok := val.(int64)
			bad = !ok || n < 1
			limit = int(n)
		}
		if bad {
			return engine.Config{}, 0, fmt.Errorf("engine config: %q has the wrong type or value (%T %v)", key, val, val)
		}
	}
	return cfg, limit, nil
}

// optString reads a string that may be nil (a key Python sent as None);
// bad reports anything else.
func optString(v any) (s string, bad bool) {
	s, ok := v.(string)
	return s, !ok && v != nil
}

// optStrings reads a list of strings that may be nil.
func optStrings(v any) (l []string, bad bool) {
	if v == nil {
		return nil, false
	}
	items, ok := v.([]any)
	if !ok {
		return nil, true
	}
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, true
		}
		l = append(l, s)
	}
	return l, false
}

// decodeRequest is abi.DecodeRequest; a variable so that a test can make
// decoding panic.
var decodeRequest = abi.DecodeRequest
