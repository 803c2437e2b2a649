//go:build wasip1

package main

import (
	"fmt"
	"os"
	"sync"
	"time"
	"unsafe"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// The asynchronous form of the ABI, as the native library's cp_submit and
// cp_poll: a request runs on its own goroutine, so a transaction's next
// statement is not stuck behind a write waiting for that transaction's
// lock. Goroutines run only while an export runs: cp_poll is where they
// make progress, blocking until a reply is ready or its timeout passes.
var (
	doneMu sync.Mutex
	done   []bridge.Completion
	wake   = make(chan struct{}, 1) // signalled when done becomes non-empty
)

func deliver(id uint64, reply []byte) {
	doneMu.Lock()
	done = append(done, bridge.Completion{ID: id, Reply: reply})
	first := len(done) == 1
	doneMu.Unlock()
	if first {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}

// cp_submit starts one request; its reply comes from cp_poll under
// request_id.
//
//go:wasmexport cp_submit
func cpSubmit(handle, requestID uint64, buf unsafe.Pointer, n uint32) (rc int32) {
	defer recoverStatus("cp_submit", &rc)
	e, ok := engines.Get(handle)
	if !ok {
		return bridge.StatusBadHandle
	}
	in, err := input(buf, n)
	var req abi.Request
	if err == nil {
		req, err = abi.DecodeRequest(in)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: cp_submit: %v\n", err)
		return bridge.StatusBadRequest
	}
	return e.Start(requestID, req, deliver)
}

// cp_poll waits up to timeout_ms for a reply (0: only takes what is ready)
// and hands over every one ready as a msgpack array of [request_id,
// reply_bytes] pairs; nothing ready is StatusOK with no buffer.
//
//go:wasmexport cp_poll
func cpPoll(timeoutMS uint32, outBuf, outLen *uint32) (rc int32) {
	defer recoverStatus("cp_poll", &rc)
	*outBuf, *outLen = 0, 0
	doneMu.Lock()
	empty := len(done) == 0
	doneMu.Unlock()
	if empty && timeoutMS > 0 {
		t := time.NewTimer(time.Duration(timeoutMS) * time.Millisecond)
		select {
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
	doneMu.Lock()
	q := done
	done = nil
	doneMu.Unlock()
	select { // the signal for a batch taken here
	case <-wake:
	default:
	}
	if len(q) == 0 {
		return bridge.StatusOK
	}
	b, err := bridge.EncodeBatch(q)
	if err != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: cp_poll: %v\n", err)
		return bridge.StatusInternal
	}
	*outBuf, *outLen = output(b)
	return bridge.StatusOK
}

// cp_cancel cancels an in-flight request; unknown ids are ignored.
//
//go:wasmexport cp_cancel
func cpCancel(handle, requestID uint64) (rc int32) {
	defer recoverStatus("cp_cancel", &rc)
	e, ok := engines.Get(handle)
	if !ok {
		return bridge.StatusBadHandle
	}
	e.Cancel(requestID)
	return bridge.StatusOK
}
