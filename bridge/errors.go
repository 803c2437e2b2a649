package bridge

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// ErrorBody turns an error into the wire's {code, message, meta}: a
// *perr.Error keeps its code, a canceled context is CANCELED, anything else
// INTERNAL.
func ErrorBody(err error) *abi.ErrorBody {
	var pe *perr.Error
	if errors.As(err, &pe) {
		return &abi.ErrorBody{Code: pe.Code, Message: pe.Message, Meta: pe.Meta}
	}
	if errors.Is(err, context.Canceled) {
		return &abi.ErrorBody{Code: perr.Canceled, Message: "request canceled"}
	}
	return &abi.ErrorBody{Code: perr.Internal, Message: err.Error()}
}

// OpenExport is an open export once it has copied the config's bytes (or
// failed to): the engine, or StatusOpen with the encoded error map to hand
// to the host (StatusInternal if even that cannot be encoded).
func OpenExport(cfg []byte, copyErr error) (*Engine, []byte, Status) {
	var e *Engine
	var body *abi.ErrorBody
	if copyErr != nil {
		body = ErrorBody(fmt.Errorf("engine config: %w", copyErr))
	} else {
		e, body = Open(cfg)
	}
	if body == nil {
		return e, nil, StatusOK
	}
	b, err := EncodeError(body)
	if err != nil {
		return nil, nil, StatusInternal
	}
	return nil, b, StatusOpen
}

// EncodeError encodes an error body as the map open hands to Python.
func EncodeError(body *abi.ErrorBody) ([]byte, error) {
	return abi.Encode(map[string]any{"code": body.Code, "message": body.Message, "meta": body.Meta})
}

func panicBody(p any) *abi.ErrorBody {
	return &abi.ErrorBody{
		Code:    perr.Internal,
		Message: fmt.Sprintf("internal error in the engine (a bug, please report it): panic: %v", p),
		Meta:    map[string]any{"is_panic": true, "panic": fmt.Sprint(p), "stack": string(debug.Stack())},
	}
}

// PanicReply is the encoded INTERNAL reply (meta is_panic) for a recovered
// panic p.
func PanicReply(p any) []byte { return mustEncode(abi.Reply{Error: panicBody(p)}) }

// mustEncode encodes a reply made only of strings and bools: it cannot fail.
func mustEncode(r abi.Reply) []byte {
	b, err := abi.EncodeReply(r)
	if err != nil {
		panic(err)
	}
	return b
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
