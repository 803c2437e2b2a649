package abi

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
)

// go test ./abi -update rewrites testdata/*.msgpack from the *.json files.
// The Python test python/tests/bridge/test_abi_fixtures.py reads the same pairs.

type fixture struct {
	About         string          `json:"about"`
	PythonEncodes *bool           `json:"python_encodes"`
	Value         json.RawMessage `json:"value"`
}

func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			want := loadFixture(t, path)
			enc, err := Encode(want)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			binPath := strings.TrimSuffix(path, ".json") + ".msgpack"
			golden.Assert(t, binPath, enc)
			bin, err := os.ReadFile(binPath)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(bin)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Decode(%s)\n got %#v\nwant %#v", binPath, got, want)
			}
			if strings.HasPrefix(name, "reply_") {
				checkReplyRoundTrip(t, bin)
			}
			if name == "request" {
				req, err := DecodeRequest(bin)
				if err != nil || req.Method != MethodQueryExecute || req.Params["model"] != "User" {
					t.Fatalf("DecodeRequest: %+v, %v", req, err)
				}
			}
			if name == "request_log" {
				req, err := DecodeRequest(bin)
				if err != nil || !req.Log {
					t.Fatalf("DecodeRequest: %+v, %v; want Log", req, err)
				}
			}
			if strings.HasPrefix(name, "request") {
				// Every request fixture names a method of the table.
				req, err := DecodeRequest(bin)
				if err != nil {
					t.Fatalf("DecodeRequest: %v", err)
				}
				if _, ok := LookupMethod(req.Method); !ok {
					t.Errorf("%s: method %q is not in the method table", name, req.Method)
				}
			}
		})
	}
}

func checkReplyRoundTrip(t *testing.T, golden []byte) {
	t.Helper()
	r, err := DecodeReply(golden)
	if err != nil {
		t.Fatalf("DecodeReply: %v", err)
	}
	again, err := EncodeReply(r)
	if err != nil {
		t.Fatalf("EncodeReply: %v", err)
	}
	if !bytes.Equal(again, golden) {
		t.Errorf("reply does not round-trip\n got % x\nwant % x", again, golden)
	}
}

func loadFixture(t *testing.T, path string) any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if f.About == "" {
		t.Fatalf("%s: every fixture says what it is about", path)
	}
	dec := json.NewDecoder(bytes.NewReader(f.Value))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	out, err := fromTagged(v)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// fromTagged turns the fixture notation into the values Decode returns:
// {"$datetime": RFC 3339}, {"$decimal": text}, {"$bytes": hex},
// {"$null": "DbNull"|"JsonNull"|"AnyNull"}; JSON
// integers are int64 (uint64 above MaxInt64), other numbers float64.
func fromTagged(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		s := x.String()
		if !strings.ContainsAny(s, ".eE") {
			var i int64
			if _, err := fmt.Sscan(s, &i); err == nil {
				return i, nil
			}
			var u uint64
			_, err := fmt.Sscan(s, &u)
			return u, err
		}
		return x.Float64()
	case []any:
		out := make([]any, len(x))
		for i := range x {
			var err error
			if out[i], err = fromTagged(x[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	case map[string]any:
		if len(x) == 1 {
			for k, val := range x {
				if s, ok := val.(string); ok && strings.HasPrefix(k, "$") {
					return fromTag(k, s)
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			var err error
			if out[k], err = fromTagged(val); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}

func fromTag(tag, s string) (any, error) {
	switch tag {
	case "$datetime":
		tm, err := time.Parse(time.RFC3339Nano, s)
		return tm.UTC(), err
	case "$decimal":
		return Decimal(s), nil
	case "$null":
		return ParseNullSentinel([]byte(s))
	case "$bytes":
		b, err := hex.DecodeString(s)
		if b == nil {
			b = []byte{}
		}
		return b, err
	}
	return nil, fmt.Errorf("unknown tag %s", tag)
}
