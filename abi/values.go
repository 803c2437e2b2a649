// Package abi is the wire contract between the Python package and the engine:
// the msgpack envelope, the method table, the value types that need msgpack
// extensions, and the ABI version. It is pure Go and cgo-free; the fixtures in
// testdata/ are decoded by both the Go and the Python tests.
package abi

import (
	"fmt"
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

// ExtNull is the msgpack extension type carrying one of Prisma's null
// sentinels for Json fields as its name (UTF-8). A Json field tells the
// database's NULL from JSON's null, so the client's DbNull, JsonNull and
// AnyNull cannot travel as msgpack nil (which stays "no value").
// https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-json-fields#using-null-values
const ExtNull int8 = 2

// NullSentinel is DbNull, JsonNull or AnyNull.
type NullSentinel string

// The null sentinels: DbNull is SQL NULL, JsonNull the JSON value null,
// AnyNull (filters only) either of them.
const (
	DbNull   NullSentinel = "DbNull"
	JsonNull NullSentinel = "JsonNull"
	AnyNull  NullSentinel = "AnyNull"
)

// ParseNullSentinel reads the payload of an ExtNull extension.
func ParseNullSentinel(b []byte) (NullSentinel, error) {
	switch s := NullSentinel(b); s {
	case DbNull, JsonNull, AnyNull:
		return s, nil
	}
	return "", fmt.Errorf("msgpack: unknown null sentinel %q (known: DbNull, JsonNull, AnyNull)", b)
}

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
	msgpack.RegisterExtEncoder(ExtNull, NullSentinel(""), func(_ *msgpack.Encoder, v reflect.Value) ([]byte, error) {
		return []byte(v.String()), nil
	})
	msgpack.RegisterExtDecoder(ExtNull, NullSentinel(""), func(dec *msgpack.Decoder, v reflect.Value, extLen int) error {
		b := make([]byte, extLen)
		if err := dec.ReadFull(b); err != nil {
			return err
		}
		s, err := ParseNullSentinel(b)
		if err != nil {
			return err
		}
		v.SetString(string(s))
		return nil
	})
}
