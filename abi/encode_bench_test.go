package abi

import (
	"bytes"
	"testing"
	"time"

	"github.com/vmihailenco/msgpack/v5"
)

func rows100() []any {
	rows := make([]any, 100)
	for i := range rows {
		rows[i] = map[string]any{"id": "p123456789012345678901", "title": "post title", "published": i%2 == 0,
			"views": int64(i), "createdAt": time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC), "authorId": nil,
			"_count": map[string]any{"tags": int64(-i), "b": []any{Decimal("1.5"), 2.5, []byte{1}}}}
	}
	return rows
}

// TestReplyEncodingIsTheLibrarys: the reply's own walker writes exactly the
// bytes the library writes with sorted keys and compact integers.
func TestReplyEncodingIsTheLibrarys(t *testing.T) {
	for _, ok := range []any{rows100(), map[string]any{"z": int64(1) << 40, "a": []any{}, "m": map[string]any{}}, int64(-3), nil, "x"} {
		got, err := EncodeReply(Reply{Ok: ok})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		enc := msgpack.NewEncoder(&buf)
		enc.SetSortMapKeys(true)
		enc.UseCompactInts(true)
		if err := enc.EncodeMapLen(1); err != nil {
			t.Fatal(err)
		}
		_ = enc.EncodeString("ok")
		if err := enc.Encode(ok); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, buf.Bytes()) {
			t.Fatalf("reply of %T differs from the library's encoding", ok)
		}
	}
}

// BenchmarkEncodeRows: a reply of 100 rows (the bench's list).
func BenchmarkEncodeRows(b *testing.B) {
	r := Reply{Ok: rows100()}
	for i := 0; i < b.N; i++ {
		if _, err := EncodeReply(r); err != nil {
			b.Fatal(err)
		}
	}
}
