package main

/*
#include <stdint.h>
#include <stdlib.h>
#include "caspian_prisma.h"
*/
import "C"

const (
	statusLater   = C.CP_LATER
	statusNever   = C.CP_NEVER
	statusPending = C.CP_PENDING
)

// cp_try answers a request on the calling thread when the engine can do it
// without waiting (bridge.Engine.Try); CP_LATER means submit it as usual,
// CP_NEVER that this engine never answers inline.
//
//export cp_try
func cp_try(handle C.uint64_t, buf *C.uint8_t, n C.size_t, outBuf **C.uint8_t, outLen *C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_try", &rc)
	*outBuf, *outLen = nil, 0
	e, ok := engines.Get(uint64(handle))
	if !ok {
		return statusBadHandle
	}
	b, err := goBytes(buf, n)
	if err != nil {
		return statusBadRequest
	}
	reply, st := e.Try(b)
	if st == statusOK {
		cBuffer(reply, outBuf, outLen)
	}
	return C.int32_t(st)
}

// cp_submit_wait is cp_submit with the caller waiting up to
// engine.InlineBudget for the reply (bridge.Engine.StartWait): CP_OK with
// the reply, or CP_PENDING when it will be queued on the channel.
//
//export cp_submit_wait
func cp_submit_wait(engine, channel, requestID C.uint64_t, buf *C.uint8_t, n C.size_t, outBuf **C.uint8_t, outLen *C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_submit_wait", &rc)
	*outBuf, *outLen = nil, 0
	e, ch, b, rs := submitArgs("cp_submit_wait", engine, channel, buf, n)
	if rs != statusOK {
		return rs
	}
	reply, st := submitWait(e, ch, uint64(requestID), b)
	if st == statusOK {
		cBuffer(reply, outBuf, outLen)
	}
	return C.int32_t(st)
}
