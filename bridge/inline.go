package bridge

import (
	"context"

	"github.com/caspian-prisma/caspian-prisma/engine"
)

// inliner is an engine that can answer some requests on the caller's
// thread (*engine.Engine).
type inliner interface {
	TryInline(ctx context.Context, method string, params map[string]any) (engine.Inline, any, error)
}

// Try answers an encoded request on the calling thread when the engine can
// do it without waiting (engine.TryInline: on SQLite, a read with an idle
// connection or a write with the writer free, within engine.InlineBudget):
// the reply and StatusOK. StatusLater means submit it as usual,
// StatusNever that this engine never answers inline.
func (e *Engine) Try(b []byte) (reply []byte, st Status) {
	defer func() {
		if p := recover(); p != nil { // decoding or encoding, not the engine
			reply, st = PanicReply(p), StatusOK
		}
	}()
	in, ok := e.eng.(inliner)
	if !ok {
		return nil, StatusNever
	}
	req, err := decodeRequest(b)
	if err != nil {
		return nil, StatusBadRequest
	}
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return nil, StatusBadHandle
	}
	verdict := engine.Later
	r := e.answer(e.ctx, req, func(ctx context.Context, method string, params map[string]any) (any, error) {
		var v any
		var err error
		verdict, v, err = in.TryInline(ctx, method, params)
		return v, err
	})
	switch {
	case verdict == engine.Never:
		return nil, StatusNever
	case verdict == engine.Later && r.Error == nil:
		return nil, StatusLater
	}
	return encodeReply(req, r), StatusOK // an answer, or a recovered panic
}
