package abi

import (
	"math"
	"strings"
	"testing"
)

func TestDecodeRejects(t *testing.T) {
	cases := map[string]struct {
		in   []byte
		want string
	}{
		"trailing bytes":  {[]byte{0xc0, 0xc0}, "trailing"},
		"int map key":     {[]byte{0x81, 0x01, 0x02}, "map keys must be strings"},
		"unknown ext":     {[]byte{0xd4, 0x07, 0x00}, "unknown extension type 7"},
		"bad timestamp":   {[]byte{0xd5, 0xff, 0x00, 0x00}, "timestamp extension of 2 bytes"},
		"truncated":       {[]byte{0x92, 0x01}, "EOF"},
		"too deep":        {append(repeat(0x91, MaxDepth+2), 0xc0), "nesting deeper"},
		"never used code": {[]byte{0xc1}, "unsupported code"},
	}
	for name, c := range cases {
		_, err := Decode(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, c.want)
		}
	}
}

func repeat(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func TestDecodeIntKinds(t *testing.T) {
	// Every integer width comes back as int64, except uint64 above MaxInt64.
	for _, v := range []any{int8(-5), int16(-300), int32(-70000), uint8(200), uint16(60000), uint32(4000000000), uint64(math.MaxInt64)} {
		b, _ := Encode(v)
		got, err := Decode(b)
		if _, ok := got.(int64); !ok || err != nil {
			t.Errorf("%T %v decoded as %T (%v)", v, v, got, err)
		}
	}
	b, _ := Encode(uint64(math.MaxUint64))
	if got, _ := Decode(b); got != uint64(math.MaxUint64) {
		t.Errorf("MaxUint64 decoded as %#v", got)
	}
	b, _ = Encode(float32(1.5))
	if got, _ := Decode(b); got != 1.5 {
		t.Errorf("float32 decoded as %#v", got)
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	cases := map[string]any{
		"not a map":      []any{1},
		"no method":      map[string]any{"params": map[string]any{}},
		"params a list":  map[string]any{"method": "engine.ping", "params": []any{}},
		"method not str": map[string]any{"method": 3},
	}
	for name, v := range cases {
		b, _ := Encode(v)
		if _, err := DecodeRequest(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	b, _ := Encode(map[string]any{"method": "engine.ping", "future_key": 1})
	req, err := DecodeRequest(b)
	if err != nil || req.Params == nil {
		t.Errorf("missing params should be an empty map: %+v %v", req, err)
	}
}

func TestReplyNilMetaIsEmptyMap(t *testing.T) {
	b, err := EncodeReply(Reply{Error: &ErrorBody{Code: "INTERNAL", Message: "boom"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeReply(b)
	if err != nil || r.Error == nil || r.Error.Meta == nil || len(r.Error.Meta) != 0 {
		t.Fatalf("got %+v, %v", r.Error, err)
	}
}

func TestMethodTableSorted(t *testing.T) {
	for i := 1; i < len(Methods); i++ {
		if Methods[i-1].Name >= Methods[i].Name {
			t.Fatalf("Methods not sorted at %s", Methods[i].Name)
		}
	}
	for _, m := range Methods {
		if _, ok := LookupMethod(m.Name); !ok {
			t.Errorf("LookupMethod(%s) failed", m.Name)
		}
	}
	if _, ok := LookupMethod("query.nope"); ok {
		t.Error("found an unknown method")
	}
}
