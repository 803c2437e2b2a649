package main

/*
#include <stdint.h>
#include <stdlib.h>
#include "caspian_prisma.h"
*/
import "C"

const (
	statusLater = C.CP_LATER
	statusNever = C.CP_NEVER
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
