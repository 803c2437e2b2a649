// Command pybridge is the C boundary of the engine, built with
// -buildmode=c-shared into python/caspian_prisma/_lib/libcaspian_prisma.so
// and loaded by Python with ctypes.
//
// It holds a handful of exports (prefix cp_, declared in the hand-written
// caspian_prisma.h, which the preamble includes so the compiler checks them),
// two handle tables (engines, channels), the eventfd plumbing, and a recover
// in every export and every goroutine: a panic becomes a reply with code
// INTERNAL and meta is_panic, never a crash of the host process.
//
// It is the only package that imports "C". Everything between the bytes of
// an envelope and the bytes of its reply is package bridge, which the
// WebAssembly module (wasmbridge) shares; this package adds only what the C
// form needs around it.
package main

/*
#include <stdlib.h>
#include <string.h>
#include "caspian_prisma.h"
*/
import "C"

import (
	"fmt"
	"os"
	"runtime/debug"
	"unsafe"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// gcPercent is the library's garbage-collection target unless the host
// process sets GOGC. The engine's live heap is small (a few MB), so Go's
// default of 100 collects every few dozen 100-row lists, and each cycle
// waits to stop goroutines running SQLite's translated code. 400 cut a
// 100-row SQLite list's process CPU by about 8% (mean of four interleaved
// runs from Python on a noisy VM: 1488 -> 1370 µs) for a Go heap of a few
// more MB.
const gcPercent = 400

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// Status codes; keep in step with caspian_prisma.h and _native.py.
const (
	statusOK         = C.CP_OK
	statusBadHandle  = C.CP_ERR_BAD_HANDLE
	statusBadChannel = C.CP_ERR_BAD_CHANNEL
	statusBusy       = C.CP_ERR_BUSY
	statusBadRequest = C.CP_ERR_BAD_REQUEST
	statusOpen       = C.CP_ERR_OPEN
	statusDuplicate  = C.CP_ERR_DUPLICATE
	statusSystem     = C.CP_ERR_SYSTEM
	statusInternal   = C.CP_ERR_INTERNAL
)

// The statuses and limits the header documents are bridge's and abi's; a
// mismatch fails the build.
var (
	_ [statusOK - bridge.StatusOK + statusBadHandle - bridge.StatusBadHandle]struct{}
	_ [bridge.StatusOK - statusOK + bridge.StatusBadHandle - statusBadHandle]struct{}
	_ [statusBadChannel - bridge.StatusBadChannel + statusBusy - bridge.StatusBusy]struct{}
	_ [bridge.StatusBadChannel - statusBadChannel + bridge.StatusBusy - statusBusy]struct{}
	_ [statusBadRequest - bridge.StatusBadRequest + statusOpen - bridge.StatusOpen]struct{}
	_ [bridge.StatusBadRequest - statusBadRequest + bridge.StatusOpen - statusOpen]struct{}
	_ [statusDuplicate - bridge.StatusDuplicate + statusSystem - bridge.StatusSystem]struct{}
	_ [bridge.StatusDuplicate - statusDuplicate + bridge.StatusSystem - statusSystem]struct{}
	_ [statusInternal - bridge.StatusInternal + statusLater - bridge.StatusLater + statusNever - bridge.StatusNever]struct{}
	_ [bridge.StatusInternal - statusInternal + bridge.StatusLater - statusLater + bridge.StatusNever - statusNever]struct{}
	_ [statusPending - bridge.StatusPending]struct{}
	_ [bridge.StatusPending - statusPending]struct{}
	_ [C.CP_MAX_ENVELOPE_BYTES - abi.MaxEnvelopeBytes]struct{}
	_ [abi.MaxEnvelopeBytes - C.CP_MAX_ENVELOPE_BYTES]struct{}
	_ [C.CP_MAX_DEPTH - abi.MaxDepth]struct{}
	_ [abi.MaxDepth - C.CP_MAX_DEPTH]struct{}
	_ [C.CP_MAX_CONTAINER_LEN - abi.MaxContainerLen]struct{}
	_ [abi.MaxContainerLen - C.CP_MAX_CONTAINER_LEN]struct{}
	_ [C.CP_MAX_DECODED_BYTES - abi.MaxDecodedBytes]struct{}
	_ [abi.MaxDecodedBytes - C.CP_MAX_DECODED_BYTES]struct{}
)

func main() {} // required by -buildmode=c-shared; never runs

// recoverStatus is deferred by every export that returns a status: a panic
// in the export itself (not in a request: those become replies) is reported
// on stderr and turned into CP_ERR_INTERNAL, and the library stays usable.
func recoverStatus(name string, rc *C.int32_t) {
	if p := recover(); p != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: recovered panic in %s: %v\n%s", name, p, debug.Stack())
		*rc = statusInternal
	}
}

// goBytes copies a caller's buffer: C keeps ownership of it. A length over
// abi.MaxEnvelopeBytes is refused before anything is copied (it would also
// overflow the C.int that GoBytes takes).
func goBytes(buf *C.uint8_t, n C.size_t) ([]byte, error) {
	if uint64(n) > abi.MaxEnvelopeBytes {
		return nil, fmt.Errorf("%w: a buffer of %d bytes is over MaxEnvelopeBytes (%d)", abi.ErrLimit, uint64(n), abi.MaxEnvelopeBytes)
	}
	if buf == nil || n == 0 {
		return nil, nil
	}
	return C.GoBytes(unsafe.Pointer(buf), C.int(n)), nil
}

// cBuffer copies b into malloc'd memory that the caller releases with cp_free.
func cBuffer(b []byte, out **C.uint8_t, outLen *C.size_t) {
	p := C.malloc(C.size_t(len(b)))
	C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	*out = (*C.uint8_t)(p)
	*outLen = C.size_t(len(b))
}

//export cp_version
func cp_version() (v C.uint32_t) {
	var rc C.int32_t
	defer recoverStatus("cp_version", &rc) // v stays 0: Python reports a version mismatch
	return C.uint32_t(abi.Version)
}

//export cp_open
func cp_open(cfg *C.uint8_t, n C.size_t, outHandle *C.uint64_t, outErr **C.uint8_t, outErrLen *C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_open", &rc)
	*outHandle, *outErr, *outErrLen = 0, nil, 0
	e, errMap, st := bridge.OpenExport(goBytes(cfg, n))
	if errMap != nil {
		cBuffer(errMap, outErr, outErrLen)
	}
	if st == statusOK {
		*outHandle = C.uint64_t(engines.Add(e))
	}
	return C.int32_t(st)
}

//export cp_close
func cp_close(handle C.uint64_t) (rc C.int32_t) {
	defer recoverStatus("cp_close", &rc)
	e, ok := engines.Remove(uint64(handle))
	if !ok {
		return statusBadHandle
	}
	e.Close()
	return statusOK
}

//export cp_channel_open
func cp_channel_open(outChannel *C.uint64_t, outFD *C.int32_t) (rc C.int32_t) {
	defer recoverStatus("cp_channel_open", &rc)
	ch, err := newChannel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: %v\n", err)
		return statusSystem
	}
	*outChannel = C.uint64_t(channels.Add(ch))
	*outFD = C.int32_t(ch.fd)
	return statusOK
}

//export cp_channel_close
func cp_channel_close(channel C.uint64_t) (rc C.int32_t) {
	defer recoverStatus("cp_channel_close", &rc)
	ch, ok := channels.Remove(uint64(channel))
	if !ok {
		return statusBadChannel
	}
	ch.close()
	return statusOK
}

//export cp_submit
func cp_submit(engine, channel, requestID C.uint64_t, buf *C.uint8_t, n C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_submit", &rc)
	e, ch, b, st := submitArgs("cp_submit", engine, channel, buf, n)
	if st != statusOK {
		return st
	}
	return C.int32_t(submit(e, ch, uint64(requestID), b))
}

// submitArgs resolves the handles and copies the envelope of cp_submit and
// cp_submit_wait (the status is statusOK, or the one to return).
func submitArgs(export string, engine, channel C.uint64_t, buf *C.uint8_t, n C.size_t) (*bridge.Engine, *channel, []byte, C.int32_t) {
	e, ok := engines.Get(uint64(engine))
	if !ok {
		return nil, nil, nil, statusBadHandle
	}
	ch, ok := channels.Get(uint64(channel))
	if !ok {
		return nil, nil, nil, statusBadChannel
	}
	b, err := goBytes(buf, n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: %s: %v\n", export, err)
		return nil, nil, nil, statusBadRequest
	}
	return e, ch, b, statusOK
}

//export cp_poll
func cp_poll(channel C.uint64_t, outBuf **C.uint8_t, outLen *C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_poll", &rc)
	*outBuf, *outLen = nil, 0
	ch, ok := channels.Get(uint64(channel))
	if !ok {
		return statusBadChannel
	}
	b, err := ch.drain()
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: cp_poll: %v\n", err)
		return statusInternal
	}
	if len(b) > 0 {
		cBuffer(b, outBuf, outLen)
	}
	return statusOK
}

//export cp_free
func cp_free(p unsafe.Pointer) {
	var rc C.int32_t
	defer recoverStatus("cp_free", &rc)
	C.free(p)
}

//export cp_cancel
func cp_cancel(engine, requestID C.uint64_t) (rc C.int32_t) {
	defer recoverStatus("cp_cancel", &rc)
	e, ok := engines.Get(uint64(engine))
	if !ok {
		return statusBadHandle
	}
	e.Cancel(uint64(requestID))
	return statusOK
}

//export cp_call
func cp_call(buf *C.uint8_t, n C.size_t, outBuf **C.uint8_t, outLen *C.size_t) (rc C.int32_t) {
	defer recoverStatus("cp_call", &rc)
	*outBuf, *outLen = nil, 0
	in, err := goBytes(buf, n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: cp_call: %v\n", err)
		return statusBadRequest
	}
	b, err := bridge.Call(in)
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: cp_call: %v\n", err)
		return statusBadRequest
	}
	cBuffer(b, outBuf, outLen)
	return statusOK
}

//export cp_cli
func cp_cli(buf *C.uint8_t, n C.size_t) C.int32_t {
	copyIn := func() ([]byte, error) { return goBytes(buf, n) }
	return C.int32_t(bridge.CLIExport(copyIn, os.Stdout, os.Stderr)) // recovers
}
