package abi

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeEnvelope feeds arbitrary bytes to the decoder alone: it must
// return (a value or an error) without panicking or allocating what a header
// merely declares, Check must refuse whatever the decoder refuses for a
// limit, and whatever decodes must encode and decode again.
//
// Seeds: testdata/fuzz/FuzzDecodeEnvelope (hostile headers, valid
// envelopes) plus every fixture in testdata/*.msgpack. Run it with
//
//	go test ./abi -run '^$' -fuzz FuzzDecodeEnvelope -fuzztime 15m
func FuzzDecodeEnvelope(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.msgpack")
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, b := range hostile {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkErr := Check(b)
		v, err := Decode(b)
		if checkErr != nil && err == nil {
			t.Fatalf("Check refused (%v) what Decode accepted", checkErr)
		}
		if errors.Is(err, ErrLimit) && checkErr == nil {
			t.Fatalf("Decode hit a limit that Check let through: %v", err)
		}
		// The envelope readers must agree with Decode and never panic.
		req, rerr := DecodeRequest(b)
		if rerr == nil && (err != nil || req.Method == "" || req.Params == nil) {
			t.Fatalf("DecodeRequest accepted %x: %+v (Decode: %v)", b, req, err)
		}
		_, _ = DecodeReply(b)
		if err != nil {
			return
		}
		again, err := Encode(v)
		if err != nil {
			t.Fatalf("a decoded value does not encode: %v (%#v)", err, v)
		}
		if _, err := Decode(again); err != nil {
			t.Fatalf("a re-encoded value does not decode: %v (% x)", err, again)
		}
	})
}
