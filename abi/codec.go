package abi

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// ExtTimestamp is msgpack's own timestamp extension, used for DateTime.
const ExtTimestamp int8 = -1

// Encode writes v as msgpack the way both sides agree on: map keys sorted,
// integers in their smallest form (as Python's msgpack writes them),
// time.Time as a timestamp extension, Decimal as extension 1, a
// NullSentinel as extension 2, []byte as bin.
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

// encodeValue writes a reply's result the way Encode would, byte for byte,
// walking the neutral containers itself: a map's keys are sorted in a buffer
// reused per nesting depth (keys[depth]) instead of the library's reflected,
// allocated key list per map. A list of rows is mostly maps, and that sort
// was 44 % of encoding 100 rows (BenchmarkEncodeRows). Everything that is
// not a container or a plain scalar goes to the library.
func encodeValue(enc *msgpack.Encoder, v any, keys *[][]string, depth int) error {
	switch t := v.(type) {
	case map[string]any:
		if err := enc.EncodeMapLen(len(t)); err != nil {
			return err
		}
		for len(*keys) <= depth {
			*keys = append(*keys, nil)
		}
		ks := (*keys)[depth][:0]
		for k := range t {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		(*keys)[depth] = ks
		for _, k := range ks {
			if err := enc.EncodeString(k); err != nil {
				return err
			}
			if err := encodeValue(enc, t[k], keys, depth+1); err != nil {
				return err
			}
		}
		return nil
	case []any:
		if err := enc.EncodeArrayLen(len(t)); err != nil {
			return err
		}
		for _, e := range t {
			if err := encodeValue(enc, e, keys, depth+1); err != nil {
				return err
			}
		}
		return nil
	case string:
		return enc.EncodeString(t)
	case int64:
		return enc.EncodeInt(t)
	case bool:
		return enc.EncodeBool(t)
	case nil:
		return enc.EncodeNil()
	case float64:
		return enc.EncodeFloat64(t)
	case time.Time:
		return enc.EncodeTime(t)
	}
	return enc.Encode(v)
}

// Decode reads one msgpack value into the neutral values the engine accepts:
// nil, bool, int64 (uint64 only above math.MaxInt64), float64, string,
// []byte, time.Time (UTC), Decimal, NullSentinel, []any and map[string]any. The library's
// own interface decoding is not used because its loose mode turns bin into
// string and its strict mode yields int8/uint16/... and map[string]interface{}
// only by accident of the input.
//
// The buffer is checked first (Check): a length or count it declares beyond
// the bytes present or the limits is refused before anything is allocated.
func Decode(b []byte) (any, error) {
	if err := Check(b); err != nil {
		return nil, err
	}
	r := bytes.NewReader(b)
	dec := msgpack.NewDecoder(r)
	v, err := decodeValue(dec, r, 0)
	if err != nil {
		return nil, err
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("msgpack: %d trailing bytes after the value", r.Len())
	}
	return v, nil
}

// decodeValue reads one value; r is dec's source, consulted so that no count
// is trusted beyond the bytes left even if Check was bypassed.
func decodeValue(dec *msgpack.Decoder, r *bytes.Reader, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("msgpack: nesting deeper than MaxDepth (%d)", MaxDepth)
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
		if err := fits(r, n, 1); err != nil {
			return nil, err
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = decodeValue(dec, r, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case msgpcode.IsFixedMap(c), c == msgpcode.Map16, c == msgpcode.Map32:
		n, err := dec.DecodeMapLen()
		if err != nil {
			return nil, err
		}
		if err := fits(r, n, 2); err != nil {
			return nil, err
		}
		out := make(map[string]any, n)
		for i := 0; i < n; i++ {
			k, err := decodeValue(dec, r, depth+1)
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("msgpack: map keys must be strings, got %s", typeName(k))
			}
			if out[ks], err = decodeValue(dec, r, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case msgpcode.IsExt(c):
		return decodeExt(dec, r)
	}
	return nil, fmt.Errorf("msgpack: unsupported code 0x%02x", c)
}

func decodeExt(dec *msgpack.Decoder, r *bytes.Reader) (any, error) {
	id, n, err := dec.DecodeExtHeader()
	if err != nil {
		return nil, err
	}
	if n < 0 || n > r.Len() {
		return nil, fmt.Errorf("%w: ext of %d bytes, but only %d bytes follow (unexpected EOF)", ErrLimit, n, r.Len())
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
	case ExtNull:
		return ParseNullSentinel(b)
	}
	return nil, fmt.Errorf("msgpack: unknown extension type %d (known: -1 timestamp, 1 decimal, 2 null sentinel)", id)
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

// fits refuses a container count that the bytes left cannot hold (each
// element takes at least per bytes) or that is over MaxContainerLen.
func fits(r *bytes.Reader, n, per int) error {
	if n > MaxContainerLen {
		return fmt.Errorf("%w: container of %d elements is over MaxContainerLen (%d)", ErrLimit, n, MaxContainerLen)
	}
	if n < 0 || n*per > r.Len() {
		return fmt.Errorf("%w: container of %d elements, but only %d bytes follow (unexpected EOF)", ErrLimit, n, r.Len())
	}
	return nil
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}
