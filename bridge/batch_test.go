package bridge

import (
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

func TestBatchRoundTrip(t *testing.T) {
	ok, _ := abi.EncodeReply(abi.Reply{Ok: "pong"})
	bad, _ := abi.EncodeReply(abi.Reply{Error: &abi.ErrorBody{Code: "P2025", Message: "x"}})
	b, err := EncodeBatch([]Completion{{ID: 1, Reply: ok}, {ID: 1 << 40, Reply: bad}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBatch(b)
	if err != nil || len(got) != 2 || got[1].Ok != "pong" || got[1<<40].Error == nil || got[1<<40].Error.Code != "P2025" {
		t.Errorf("%v %+v", err, got)
	}
	for _, v := range []any{"x", []any{[]any{int64(1)}}, []any{[]any{"a", []byte{0xc0}}}} {
		b, _ := abi.Encode(v)
		if _, err := DecodeBatch(b); err == nil {
			t.Errorf("%v accepted", v)
		}
	}
}
