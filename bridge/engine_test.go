package bridge

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []map[string]any{
		{"url": int64(3)},
		{"log_queries": "yes"},
		{"max_in_flight": int64(0)},
	} {
		b, _ := abi.Encode(cfg)
		if _, body := Open(b); body == nil || body.Message == "" {
			t.Errorf("%v accepted", cfg)
		}
	}
	if _, body := Open([]byte{0xc1}); body == nil {
		t.Error("garbage config accepted")
	}
}

// A panic while decoding an envelope is recovered by Call and Engine.Do
// themselves: a reply with is_panic, and the next call works.
func TestPanicInDecodeIsRecovered(t *testing.T) {
	b, _ := abi.Encode(map[string]any{})
	e, body := Open(b)
	if body != nil {
		t.Fatal(body)
	}
	t.Cleanup(e.Close)
	ping, _ := abi.EncodeRequest(abi.Request{Method: "engine.ping"})
	decodeRequest = func([]byte) (abi.Request, error) { panic("decoder bug") }
	out1, err1 := Call(ping)
	out2, err2 := e.Do(ping)
	decodeRequest = abi.DecodeRequest
	for i, out := range [][]byte{out1, out2} {
		r, derr := abi.DecodeReply(out)
		if err1 != nil || err2 != nil || derr != nil || r.Error == nil || r.Error.Meta["is_panic"] != true ||
			!strings.Contains(r.Error.Message, "decoder bug") {
			t.Errorf("call %d with a panicking decoder: %v %v %v %+v", i, err1, err2, derr, r)
		}
	}
	out, err := e.Do(ping)
	if r, derr := abi.DecodeReply(out); err != nil || derr != nil || r.Ok != "pong" {
		t.Errorf("Do after the panic: %v %v %+v", err, derr, r)
	}
}
