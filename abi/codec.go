package abi

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// ExtTimestamp is msgpack's own timestamp extension, used for DateTime.
const ExtTimestamp int8 = -1

// maxDepth bounds nesting so a hostile buffer cannot recurse without end.
// Python's msgpack refuses deeper than this as well.
const maxDepth = 512

// Encode writes v as msgpack the way both sides agree on: map keys sorted,
// integers in their smallest form (as Python's msgpack writes them),
// time.Time as a timestamp extension, Decimal as extension 1, []byte as bin.
func Encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.SetSortMapKeys(true)
	enc.UseCompactInts(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode reads one msgpack value into the neutral values the engine accepts:
// nil, bool, int64 (uint64 only above math.MaxInt64), float64, string,
// []byte, time.Time (UTC), Decimal, []any and map[string]any. The library's
// own interface decoding is not used because its loose mode turns bin into
// string and its strict mode yields int8/uint16/... and map[string]interface{}
// only by accident of the input.
func Decode(b []byte) (any, error) {
	r := bytes.NewReader(b)
	dec := msgpack.NewDecoder(r)
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("msgpack: %d trailing bytes after the value", r.Len())
	}
	return v, nil
}

func decodeValue(dec *msgpack.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("msgpack: nesting deeper than %d", maxDepth)
	}
	c, err := dec.PeekCode()
	if err != nil {
		return nil, err
	}
	switch {
	case c == msgpcode.Nil:
		return nil, dec.DecodeNil()
	case c == msgpcode.True || c == msgpcode.False:
		return dec.DecodeBool()
	case msgpcode.IsFixedNum(c), c == msgpcode.Int8, c == msgpcode.Int16, c == msgpcode.Int32, c == msgpcode.Int64,
		c == msgpcode.Uint8, c == msgpcode.Uint16, c == msgpcode.Uint32:
		return dec.DecodeInt64()
	case c == msgpcode.Uint64:
		u, err := dec.DecodeUint64()
		if err != nil {
			return nil, err
		}
		if u <= math.MaxInt64 {
			return int64(u), nil
		}
		return u, nil
	case c == msgpcode.Float:
		f, err := dec.DecodeFloat32()
		return float64(f), err
	case c == msgpcode.Double:
		return dec.DecodeFloat64()
	case msgpcode.IsString(c):
		return dec.DecodeString()
	case msgpcode.IsBin(c):
		b, err := dec.DecodeBytes()
		if b == nil && err == nil {
			b = []byte{}
		}
		return b, err
	case msgpcode.IsFixedArray(c), c == msgpcode.Array16, c == msgpcode.Array32:
		n, err := dec.DecodeArrayLen()
		if err != nil {
			return nil, err
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = decodeValue(dec, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case msgpcode.IsFixedMap(c), c == msgpcode.Map16, c == msgpcode.Map32:
		n, err := dec.DecodeMapLen()
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, n)
		for i := 0; i < n; i++ {
			k, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("msgpack: map keys must be strings, got %s", typeName(k))
			}
			if out[ks], err = decodeValue(dec, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case msgpcode.IsExt(c):
		return decodeExt(dec)
	}
	return nil, fmt.Errorf("msgpack: unsupported code 0x%02x", c)
}

func decodeExt(dec *msgpack.Decoder) (any, error) {
	id, n, err := dec.DecodeExtHeader()
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if err := dec.ReadFull(b); err != nil {
		return nil, err
	}
	switch id {
	case ExtTimestamp:
		return decodeTimestamp(b)
	case ExtDecimal:
		return Decimal(b), nil
	}
	return nil, fmt.Errorf("msgpack: unknown extension type %d (known: -1 timestamp, 1 decimal)", id)
}

// decodeTimestamp reads the three layouts of the timestamp extension:
// https://github.com/msgpack/msgpack/blob/master/spec.md#timestamp-extension-type
func decodeTimestamp(b []byte) (time.Time, error) {
	var secs int64
	var nsec uint32
	switch len(b) {
	case 4:
		secs = int64(binary.BigEndian.Uint32(b))
	case 8:
		data := binary.BigEndian.Uint64(b)
		nsec = uint32(data >> 34)
		secs = int64(data & (1<<34 - 1))
	case 12:
		nsec = binary.BigEndian.Uint32(b)
		secs = int64(binary.BigEndian.Uint64(b[4:]))
	default:
		return time.Time{}, fmt.Errorf("msgpack: timestamp extension of %d bytes (want 4, 8 or 12)", len(b))
	}
	if nsec >= 1e9 {
		return time.Time{}, fmt.Errorf("msgpack: timestamp nanoseconds %d out of range", nsec)
	}
	return time.Unix(secs, int64(nsec)).UTC(), nil
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}
