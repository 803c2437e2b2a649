package main

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// These tests drive the bridge's Go side without C; the exports themselves
// are exercised through ctypes by python/tests/bridge.

func openTest(t *testing.T, cfg map[string]any) *bridge.Engine {
	t.Helper()
	b, err := abi.Encode(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e, body := bridge.Open(b)
	if body != nil {
		t.Fatalf("open: %+v", body)
	}
	e.Wrap(func(h bridge.Handler) bridge.Handler { return testMethods{h} })
	t.Cleanup(e.Close)
	return e
}

// testMethods registers debug.panic and debug.sleep for these tests only:
// the shipped library does not answer them (the engine has them only with
// -tags caspian_debug, for the Python bridge tests).
type testMethods struct{ bridge.Handler }

func (m testMethods) Handle(ctx context.Context, method string, params map[string]any) (any, error) {
	switch method {
	case "debug.panic":
		panic(fmt.Sprintf("debug.panic: %v", params["message"]))
	case "debug.sleep":
		ms, _ := params["ms"].(int64)
		t := time.NewTimer(time.Duration(ms) * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
			return ms, nil
		case <-ctx.Done():
			return nil, perr.New(perr.Canceled, nil, "request canceled")
		}
	}
	return m.Handler.Handle(ctx, method, params)
}

func newTestChannel(t *testing.T) *channel {
	t.Helper()
	ch, err := newChannel()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ch.close)
	return ch
}

// await polls ch until n replies arrived, decoded by request id.
func await(t *testing.T, ch *channel, n int) map[uint64]abi.Reply {
	t.Helper()
	got := map[uint64]abi.Reply{}
	deadline := time.Now().Add(10 * time.Second)
	for len(got) < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d replies", len(got), n)
		}
		b, err := ch.drain()
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			time.Sleep(time.Millisecond)
			continue
		}
		batch, err := bridge.DecodeBatch(b)
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(got, batch)
	}
	return got
}

func TestRequestsAndPanics(t *testing.T) {
	e := openTest(t, map[string]any{"url": "file:./x.db"})
	ch := newTestChannel(t)
	if rc := start(e, ch, 1, abi.Request{Method: "engine.ping"}); rc != statusOK {
		t.Fatalf("start: %d", rc)
	}
	if rc := start(e, ch, 2, abi.Request{Method: "debug.panic", Params: map[string]any{"message": "boom"}}); rc != statusOK {
		t.Fatalf("start: %d", rc)
	}
	got := await(t, ch, 2)
	if got[1].Error != nil || got[1].Ok != "pong" {
		t.Errorf("ping: %+v", got[1])
	}
	p := got[2].Error
	if p == nil || p.Code != "INTERNAL" || p.Meta["is_panic"] != true || !strings.Contains(p.Meta["panic"].(string), "boom") {
		t.Errorf("panic reply: %+v", p)
	}
}

func TestBoundDuplicateAndCancel(t *testing.T) {
	e := openTest(t, map[string]any{"max_in_flight": int64(1)})
	ch := newTestChannel(t)
	sleep := abi.Request{Method: "debug.sleep", Params: map[string]any{"ms": int64(10_000)}}
	if rc := start(e, ch, 7, sleep); rc != statusOK {
		t.Fatalf("start: %d", rc)
	}
	if rc := start(e, ch, 8, sleep); rc != statusBusy {
		t.Fatalf("second start over the bound: %d, want BUSY", rc)
	}
	if rc := start(e, ch, 7, sleep); rc != statusDuplicate {
		t.Fatalf("duplicate id: %d", rc)
	}
	e.Cancel(7)
	e.Cancel(12345) // unknown ids are ignored
	if r := await(t, ch, 1)[7]; r.Error == nil || r.Error.Code != "CANCELED" {
		t.Fatalf("canceled sleep: %+v", r)
	}
}

func TestCloseCancelsAndRefuses(t *testing.T) {
	e := openTest(t, map[string]any{})
	ch := newTestChannel(t)
	start(e, ch, 1, abi.Request{Method: "debug.sleep", Params: map[string]any{"ms": int64(10_000)}})
	e.Close()
	if r := await(t, ch, 1)[1]; r.Error == nil || r.Error.Code != "CANCELED" {
		t.Fatalf("in-flight at close: %+v", r)
	}
	if rc := start(e, ch, 2, abi.Request{Method: "engine.ping"}); rc != statusBadHandle {
		t.Fatalf("start after close: %d", rc)
	}
}

func TestClosedChannelDropsReplies(t *testing.T) {
	ch := newTestChannel(t)
	ch.close()
	ch.push(1, []byte{0xc0}) // must neither panic nor write a recycled fd
	if b, _ := ch.drain(); b != nil {
		t.Fatalf("closed channel yielded %x", b)
	}
}

func TestShippedBuildHasNoDebugMethods(t *testing.T) {
	if engine.DebugMethods {
		t.Skip("built with -tags caspian_debug")
	}
	b, _ := abi.Encode(map[string]any{})
	e, body := bridge.Open(b) // as cp_open does: no test methods
	if body != nil {
		t.Fatal(body)
	}
	t.Cleanup(e.Close)
	ch := newTestChannel(t)
	for i, m := range []string{"debug.panic", "debug.sleep"} {
		req, _ := abi.EncodeRequest(abi.Request{Method: m, Params: map[string]any{"ms": int64(1)}})
		if rc := submit(e, ch, uint64(i+1), req); rc != statusOK {
			t.Fatalf("submit %s: %d", m, rc)
		}
		r := await(t, ch, 1)[uint64(i+1)]
		if r.Error == nil || !strings.Contains(r.Error.Message, "unknown method") || r.Error.Meta["is_panic"] == true {
			t.Errorf("%s in the shipped build: %+v", m, r)
		}
	}
}

// TestRequestLog: an engine opened without log_queries returns a request's
// statements when the request asks ("log": true, as a traced client does),
// and only that request's.
func TestRequestLog(t *testing.T) {
	e := openTest(t, map[string]any{"url": "file:" + t.TempDir() + "/log.db"})
	ch := newTestChannel(t)
	raw := map[string]any{"sql": "SELECT 1", "kind": "query"}
	start(e, ch, 1, abi.Request{Method: abi.MethodQueryRaw, Params: raw, Log: true})
	start(e, ch, 2, abi.Request{Method: abi.MethodQueryRaw, Params: map[string]any{"sql": "SELECT 2", "kind": "query"}})
	got := await(t, ch, 2)
	if len(got[1].Log) != 1 || got[1].Log[0].SQL != "SELECT 1" {
		t.Errorf("asked for the log: %+v", got[1].Log)
	}
	if got[2].Log != nil {
		t.Errorf("did not ask: %+v", got[2].Log)
	}
}
