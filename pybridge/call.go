package main

import (
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// callMethod answers cp_call: one envelope method that needs no engine
// (engine.Call), synchronously. A bad envelope is reported as an error (the
// export returns CP_ERR_BAD_REQUEST); anything else, a panic included, is a
// reply.
func callMethod(b []byte) (reply []byte, err error) {
	defer func() {
		if p := recover(); p != nil { // decoding or encoding, not the method
			reply, err = mustEncode(abi.Reply{Error: panicBody(p)}), nil
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

// addURLs adds every URL with credentials found in v's strings.
func addURLs(s *config.Scrubber, v any) {
	switch x := v.(type) {
	case string:
		s.AddIfURL(x)
	case map[string]any:
		for _, e := range x {
			addURLs(s, e)
		}
	case []any:
		for _, e := range x {
			addURLs(s, e)
		}
	}
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
		return abi.Reply{Error: scrubBody(secrets, errorBody(err))}
	}
	return abi.Reply{Ok: v}
}
