package bridge

import (
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// Call answers one envelope method that needs no engine (engine.Call:
// config.resolve, url.redact), synchronously. A bad envelope is reported as
// an error (the export returns StatusBadRequest); anything else, a panic
// included, is a reply.
func Call(b []byte) (reply []byte, err error) {
	defer func() {
		if p := recover(); p != nil { // decoding or encoding, not the method
			reply, err = PanicReply(p), nil
		}
	}()
	req, err := decodeRequest(b)
	if err != nil {
		return nil, err
	}
	r := callReply(req)
	if reply, err = abi.EncodeReply(r); err != nil {
		reply = mustEncode(abi.Reply{Error: &abi.ErrorBody{
			Code:    perr.Internal,
			Message: fmt.Sprintf("%s: the result cannot be sent to Python: %v", req.Method, err),
		}})
	}
	return reply, nil
}

func callReply(req abi.Request) (r abi.Reply) {
	defer func() {
		if p := recover(); p != nil {
			r = abi.Reply{Error: panicBody(p)}
		}
	}()
	v, err := engine.Call(req.Method, req.Params)
	if err != nil {
		// The params may carry URLs (config.resolve's env): none of their
		// credentials may come back in the error.
		secrets := config.NewScrubber()
		addURLs(secrets, req.Params)
		return abi.Reply{Error: scrubBody(secrets, ErrorBody(err))}
	}
	return abi.Reply{Ok: v}
}
