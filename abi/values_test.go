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

// TestNullSentinelUnknownName: an ext 2 whose name is not one of the three
// sentinels is refused, never read as some other value.
func TestNullSentinelUnknownName(t *testing.T) {
	for _, name := range []string{"DbNull", "JsonNull", "AnyNull"} {
		v, err := Decode(append([]byte{0xc7, byte(len(name)), byte(ExtNull)}, name...))
		if err != nil || v != NullSentinel(name) {
			t.Errorf("%s: got %#v, %v", name, v, err)
		}
	}
	if v, err := Decode([]byte{0xd4, byte(ExtNull), 'x'}); err == nil {
		t.Fatalf("ext 2 'x' decoded as %#v; want an error", v)
	}
}
