// Package abi is the wire contract between the Python package and the engine:
// the msgpack envelope, the method table, the value types that need msgpack
// extensions, and the ABI version. It is pure Go and cgo-free; the fixtures in
// testdata/ are decoded by both the Go and the Python tests.
package abi

import (
	"reflect"

	"github.com/vmihailenco/msgpack/v5"
)

// Version is bumped on any incompatible change of the envelope or the exports.
const Version = 1

// ExtDecimal is the msgpack extension type carrying a decimal as its canonical
// text (UTF-8), e.g. "12.50". DateTimes use msgpack's own timestamp (-1).
const ExtDecimal int8 = 1

// Decimal is a decimal number kept as text so no precision is lost.
type Decimal string

func init() {
	msgpack.RegisterExtEncoder(ExtDecimal, Decimal(""), func(_ *msgpack.Encoder, v reflect.Value) ([]byte, error) {
		return []byte(v.String()), nil
	})
	msgpack.RegisterExtDecoder(ExtDecimal, Decimal(""), func(dec *msgpack.Decoder, v reflect.Value, extLen int) error {
		b := make([]byte, extLen)
		if err := dec.ReadFull(b); err != nil {
			return err
		}
		v.SetString(string(b))
		return nil
	})
}
