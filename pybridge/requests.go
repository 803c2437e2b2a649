package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
	"github.com/caspian-prisma/caspian-prisma/engine"
)

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
// becomes an INTERNAL reply (bridge.Engine.Reply).
func submit(e *bridge.Engine, ch *channel, id uint64, b []byte) (rc int32) {
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
	return start(e, ch, id, req)
}

// start registers the request and runs it on its own goroutine; its reply
// is queued on ch.
func start(e *bridge.Engine, ch *channel, id uint64, req abi.Request) int32 {
	return e.Start(id, req, ch.push)
}

// submitWait is cp_submit_wait once the handles are resolved: submit's
// decoding, then bridge.Engine.StartWait for up to engine.InlineBudget.
func submitWait(e *bridge.Engine, ch *channel, id uint64, b []byte) (reply []byte, rc int32) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(os.Stderr, "caspian_prisma: recovered panic in cp_submit_wait: %v\n%s", p, debug.Stack())
			reply, rc = nil, statusInternal
		}
	}()
	req, err := decodeRequest(b)
	if err != nil {
		fmt.Fprintf(stderr, "caspian_prisma: cp_submit_wait: %v\n", err)
		return nil, statusBadRequest
	}
	return e.StartWait(id, req, engine.InlineBudget, ch.push)
}
