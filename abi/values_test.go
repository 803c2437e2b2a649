package abi

import (
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

func TestDecimalRoundTrip(t *testing.T) {
	b, err := msgpack.Marshal(map[string]any{"d": Decimal("12.50")})
	if err != nil {
		t.Fatal(err)
	}
	// fixext? no: ext8 with len 5, type 1
	var out map[string]any
	if err := msgpack.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if d, ok := out["d"].(*Decimal); !ok || *d != "12.50" {
		if d2, ok2 := out["d"].(Decimal); !ok2 || d2 != "12.50" {
			t.Fatalf("got %#v (%T) from % x", out["d"], out["d"], b)
		}
	}
}
