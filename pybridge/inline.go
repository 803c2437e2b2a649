package main

/*
#include <stdint.h>
#include <stdlib.h>
#include "caspian_prisma.h"
*/
import "C"

import (
	"context"

	"github.com/caspian-prisma/caspian-prisma/engine"
)

const (
	statusLater = C.CP_LATER
	statusNever = C.CP_NEVER
)

// inliner is an engine that can answer some requests on the caller's
// thread (*engine.Engine).
type inliner interface {
	TryInline(ctx context.Context, method string, params map[string]any) (engine.Inline, any, error)
}

// cp_try answers a request on the calling thread when the engine can do it
// without waiting (engine.TryInline: on SQLite, a read with an idle
// connection or a write with the writer free, within engine.InlineBudget); CP_LATER means submit it as usual, CP_NEVER
// that this engine never answers inline.
//
//export cp_try
func cp_try(handle C.uint64_t, buf *C.uint8_t, n C.size_t, outBuf **C.uint8_t, outLen *C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_try", &rc)
	*outBuf, *outLen = nil, 0
	e, ok := engines.get(uint64(handle))
	if !ok {
		return statusBadHandle
	}
	b, err := goBytes(buf, n)
	if err != nil {
		return statusBadRequest
	}
	reply, st := e.try(b)
	if st == statusOK {
		cBuffer(reply, outBuf, outLen)
	}
	return C.int32_t(st)
}

// try answers an encoded request inline, or says why not.
func (e *engineEntry) try(b []byte) ([]byte, int32) {
	in, ok := e.eng.(inliner)
	if !ok {
		return nil, statusNever
	}
	req, err := decodeRequest(b)
	if err != nil {
		return nil, statusBadRequest
	}
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return nil, statusBadHandle
	}
	verdict := engine.Later
	reply := e.answer(e.ctx, req, func(ctx context.Context, method string, params map[string]any) (any, error) {
		var v any
		var err error
		verdict, v, err = in.TryInline(ctx, method, params)
		return v, err
	})
	switch {
	case verdict == engine.Never:
		return nil, statusNever
	case verdict == engine.Later && reply.Error == nil:
		return nil, statusLater
	}
	return encodeReply(req, reply), statusOK // an answer, or a recovered panic
}
