package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// defaultMaxInFlight bounds the goroutines one engine runs at once; Python
// bounds itself first (a semaphore per loop), this is the backstop when many
// loops share an engine. Config key max_in_flight overrides it.
const defaultMaxInFlight = 1024

// handler is what the bridge needs of an engine: *engine.Engine, or in the
// Go tests a wrapper that adds test-only methods (see testMethods).
type handler interface {
	Handle(ctx context.Context, method string, params map[string]any) (any, error)
	Close() error
}

// engineEntry is an opened engine plus what the bridge needs around it:
// the cancel function of every in-flight request, keyed by request id.
type engineEntry struct {
	eng        handler
	logQueries bool
	limit      int
	secrets    *config.Scrubber // the URL's credentials, scrubbed from every error

	ctx      context.Context // canceled by close: ends every request
	stop     context.CancelFunc
	mu       sync.Mutex
	closed   bool
	inflight map[uint64]context.CancelFunc
}

// openEngine decodes the config map and opens the engine. A failure (or a
// panic while opening) comes back as the error map cp_open hands to Python.
func openEngine(cfgBytes []byte) (e *engineEntry, body *abi.ErrorBody) {
	defer func() {
		if p := recover(); p != nil {
			e, body = nil, panicBody(p)
		}
	}()
	cfg, limit, err := decodeConfig(cfgBytes)
	secrets := config.NewScrubber(cfg.URL)
	defer func() { body = scrubBody(secrets, body) }()
	if err == nil {
		var eng *engine.Engine
		if eng, err = engine.Open(cfg); err == nil {
			ctx, stop := context.WithCancel(context.Background())
			return &engineEntry{
				eng: eng, logQueries: cfg.LogQueries, limit: limit, secrets: secrets,
				ctx: ctx, stop: stop, inflight: map[uint64]context.CancelFunc{},
			}, nil
		}
	}
	return nil, errorBody(err)
}

// scrubBody removes the credentials secrets knows from an error body (its
// message and every string of its meta): the last line of defence for
// every error that leaves the engine through the ABI.
func scrubBody(secrets *config.Scrubber, body *abi.ErrorBody) *abi.ErrorBody {
	if body == nil || secrets.Empty() {
		return body
	}
	out := *body
	out.Message = secrets.Scrub(body.Message)
	if body.Meta != nil {
		out.Meta, _ = secrets.Value(body.Meta).(map[string]any)
	}
	return &out
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

// decodeRequest is abi.DecodeRequest; a variable so that a test can make
// decoding panic.
var decodeRequest = abi.DecodeRequest

// stderr receives submit's reports of refused envelopes (the fuzz target
// silences it).
var stderr io.Writer = os.Stderr

// submit is cp_submit once the handles are resolved: decode the envelope
// (abi.DecodeRequest checks it against abi's limits before allocating) and
// start it. A bad envelope is CP_ERR_BAD_REQUEST, reported on stderr.
//
// A panic while decoding is recovered here (CP_ERR_INTERNAL, on stderr) so
// the export's own recover is only the last line; one while answering
// becomes an INTERNAL reply (run, answer).
func submit(e *engineEntry, ch *channel, id uint64, b []byte) (rc int32) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(os.Stderr, "caspian_prisma: recovered panic in cp_submit: %v\n%s", p, debug.Stack())
			rc = statusInternal
		}
	}()
	req, err := decodeRequest(b)
	if err != nil {
		fmt.Fprintf(stderr, "caspian_prisma: cp_submit: %v\n", err)
		return statusBadRequest
	}
	return e.start(ch, id, req)
}

// start registers the request and runs it on its own goroutine; it never
// waits for the engine.
func (e *engineEntry) start(ch *channel, id uint64, req abi.Request) int32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return statusBadHandle
	}
	if len(e.inflight) >= e.limit {
		return statusBusy
	}
	if _, dup := e.inflight[id]; dup {
		return statusDuplicate
	}
	ctx, cancel := context.WithCancel(e.ctx)
	e.inflight[id] = cancel
	go e.run(ctx, cancel, ch, id, req)
	return statusOK
}

// run answers one request and queues its reply. It leaves the in-flight set
// before queuing, so Python, once it sees the reply, may reuse the slot.
func (e *engineEntry) run(ctx context.Context, cancel context.CancelFunc, ch *channel, id uint64, req abi.Request) {
	var b []byte
	defer func() {
		if p := recover(); p != nil { // encoding or bookkeeping, not the engine
			b = mustEncode(abi.Reply{Error: panicBody(p)})
		}
		cancel()
		e.mu.Lock()
		delete(e.inflight, id)
		e.mu.Unlock()
		ch.push(id, b)
	}()
	b = encodeReply(req, e.answer(ctx, req, e.eng.Handle))
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

// answer calls the engine through handle (Handle, or TryInline); a panic
// inside it becomes an INTERNAL reply.
func (e *engineEntry) answer(ctx context.Context, req abi.Request, handle func(context.Context, string, map[string]any) (any, error)) (r abi.Reply) {
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
		return abi.Reply{Error: errorBody(err)}
	}
	return abi.Reply{Ok: v}
}

func (e *engineEntry) cancel(id uint64) {
	e.mu.Lock()
	cancel := e.inflight[id]
	e.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// close cancels every in-flight request, then closes the engine's pool.
func (e *engineEntry) close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.stop()
	_ = e.eng.Close() // nobody to report to: the handle is already gone
}

func errorBody(err error) *abi.ErrorBody {
	var pe *perr.Error
	if errors.As(err, &pe) {
		return &abi.ErrorBody{Code: pe.Code, Message: pe.Message, Meta: pe.Meta}
	}
	if errors.Is(err, context.Canceled) {
		return &abi.ErrorBody{Code: perr.Canceled, Message: "request canceled"}
	}
	return &abi.ErrorBody{Code: perr.Internal, Message: err.Error()}
}

func panicBody(p any) *abi.ErrorBody {
	return &abi.ErrorBody{
		Code:    perr.Internal,
		Message: fmt.Sprintf("internal error in the engine (a bug, please report it): panic: %v", p),
		Meta:    map[string]any{"is_panic": true, "panic": fmt.Sprint(p), "stack": string(debug.Stack())},
	}
}

// mustEncode encodes a reply made only of strings and bools: it cannot fail.
func mustEncode(r abi.Reply) []byte {
	b, err := abi.EncodeReply(r)
	if err != nil {
		panic(err)
	}
	return b
}
