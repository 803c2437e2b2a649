package abi

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// hostile are buffers whose headers declare far more than they hold; each
// once killed the host process (OOM) or grew it by gigabytes.
var hostile = map[string][]byte{
	"array32 of 2^32-1": {0xdd, 0xff, 0xff, 0xff, 0xff},
	"map32 of 2^32-1":   {0xdf, 0xff, 0xff, 0xff, 0xff},
	"array16 of 65535":  {0xdc, 0xff, 0xff},
	"map16 of 65535":    {0xde, 0xff, 0xff},
	"str32 of 4 GiB":    {0xdb, 0xff, 0xff, 0xff, 0xff},
	"bin32 of 4 GiB":    {0xc6, 0xff, 0xff, 0xff, 0xff},
	"ext32 of 4 GiB":    {0xc9, 0xff, 0xff, 0xff, 0xff, 0x01},
	"timestamp ext32":   {0xc9, 0xff, 0xff, 0xff, 0xff, 0xff},
	"request, params a map32": append([]byte{0x82, 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0xab,
		'e', 'n', 'g', 'i', 'n', 'e', '.', 'p', 'i', 'n', 'g', 0xa6, 'p', 'a', 'r', 'a', 'm', 's'},
		0xdf, 0xff, 0xff, 0xff, 0xff),
	"nested array32s":          {0x91, 0x91, 0xdd, 0x7f, 0xff, 0xff, 0xff, 0xc0},
	"map32 of 2^31, one entry": {0xdf, 0x80, 0x00, 0x00, 0x00, 0xa1, 'a', 0xc0},
}

func TestHostileLengthsAreRefusedBeforeAllocating(t *testing.T) {
	for name, b := range hostile {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Decode(b)
		_, rerr := DecodeRequest(b)
		_, perr := DecodeReply(b)
		runtime.ReadMemStats(&after)
		if err == nil || rerr == nil || perr == nil {
			t.Errorf("%s: accepted (%v, %v, %v)", name, err, rerr, perr)
			continue
		}
		if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "EOF") {
			t.Errorf("%s: %v, want an ErrLimit about the bytes that do not follow", name, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
			t.Errorf("%s: decoding allocated %d bytes", name, grew)
		}
	}
}

func TestCheckLimits(t *testing.T) {
	small := limits{envelope: 1024, depth: 3, container: 4, decoded: 400}
	cases := map[string]struct {
		in   []byte
		want string // "" = accepted
	}{
		"within every limit": {[]byte{0x93, 0x01, 0x92, 0x02, 0x91, 0xc0, 0xa1, 'x'}, ""},
		"envelope":           {repeat(0xc0, 1025), "MaxEnvelopeBytes"},
		"depth":              {[]byte{0x91, 0x91, 0x91, 0x91, 0xc0}, "MaxDepth"},
		"depth at the limit": {[]byte{0x91, 0x91, 0x91, 0xc0}, ""},
		"array length":       {[]byte{0x95, 1, 2, 3, 4, 5}, "MaxContainerLen"},
		"map length":         {[]byte{0x85, 0xa1, 'a', 1, 0xa1, 'b', 2, 0xa1, 'c', 3, 0xa1, 'd', 4, 0xa1, 'e', 5}, "MaxContainerLen"},
		"decoded size over":  {append([]byte{0x93}, strs(3, 100)...), "MaxDecodedBytes"},
		"decoded size under": {append([]byte{0x93}, strs(3, 80)...), ""},
		"str beyond the end": {[]byte{0xa5, 'a'}, "EOF"},
		"bin beyond the end": {[]byte{0xc4, 0x02, 0x00}, "EOF"},
		"truncated header":   {[]byte{0xcd, 0x01}, "EOF"},
		"map beyond the end": {[]byte{0x82, 0xa1, 'a', 0x01}, "EOF"},
		"empty":              {nil, "EOF"},
		"trailing":           {[]byte{0xc0, 0xc0}, "trailing"},
		"never used":         {[]byte{0xc1}, "unsupported code"},
	}
	for name, c := range cases {
		err := small.check(c.in)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error containing %q", name, err, c.want)
		}
	}
}

// strs encodes n str8 values of size bytes each.
func strs(n, size int) []byte {
	var out []byte
	for i := 0; i < n; i++ {
		out = append(append(out, 0xd9, byte(size)), repeat('x', size)...)
	}
	return out
}

func TestDefaultLimitsAcceptLargeValidValues(t *testing.T) {
	rows := make([]any, 100_000)
	for i := range rows {
		rows[i] = map[string]any{"id": int64(i), "name": "user", "score": 1.5, "blob": []byte("xy")}
	}
	b, err := Encode(map[string]any{"method": "query.execute", "params": map[string]any{"args": map[string]any{"data": rows}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeRequest(b); err != nil {
		t.Fatalf("a 100,000-row createMany: %v", err)
	}
	over := append([]byte{0xdd, 0, 0, 0, 0}, repeat(0xc0, MaxContainerLen+1)...)
	binary.BigEndian.PutUint32(over[1:], MaxContainerLen+1)
	if _, err := Decode(over); err == nil || !strings.Contains(err.Error(), "MaxContainerLen") {
		t.Errorf("MaxContainerLen+1 nils: %v", err)
	}
	// Exactly MaxDepth levels of nesting decode; one more does not.
	if _, err := Decode(append(repeat(0x91, MaxDepth), 0xc0)); err != nil {
		t.Errorf("MaxDepth levels: %v", err)
	}
	if _, err := Decode(append(repeat(0x91, MaxDepth+1), 0xc0)); err == nil {
		t.Errorf("MaxDepth+1 levels accepted")
	}
}

// Check and the decoder agree: whatever the decoder reads, Check walked.
func TestCheckAcceptsEveryFixture(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.msgpack")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, v := range []any{int8(-5), int16(-300), int32(-70000), int64(math.MinInt64), uint8(200), uint16(60000),
		uint32(4000000000), uint64(math.MaxUint64), float32(1.5), 2.5, true, false, nil, "", strings.Repeat("s", 70000),
		[]byte{}, make([]byte, 300), Decimal("1.25"), make([]any, 20), make([]any, 70000)} {
		b, err := Encode(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(b); err != nil {
			t.Errorf("%T: %v", v, err)
		}
	}
}
