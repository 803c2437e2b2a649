package abi

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Limits on what the engine accepts from the other side of the C boundary.
// Every buffer Python hands to an export (cp_open, cp_submit, cp_call,
// cp_cli) is checked against them by Check before anything is allocated
// from a length it declares: a msgpack header is only a claim, and a 5-byte
// buffer can claim four billion elements. They are also documented in
// pybridge/caspian_prisma.h and abi/README.md; keep the three in step.
const (
	// MaxEnvelopeBytes bounds one buffer. The largest envelopes the client
	// builds are createMany/batch payloads (a ten-column row encodes to about
	// 150 bytes) and Bytes values; 256 MiB leaves room for large blobs, keeps
	// the length well inside C.int (GoBytes takes one) and refuses a length
	// that is only a caller's arithmetic error before the buffer is copied.
	MaxEnvelopeBytes = 256 << 20

	// MaxDepth bounds nesting (containers inside containers). Envelopes nest
	// as deep as the include/select/where trees a query writes, a few dozen
	// levels at most; 512 leaves room for deep filters while keeping the
	// recursive decoder's stack small.
	MaxDepth = 512

	// MaxContainerLen bounds the elements of one array or the entries of one
	// map. The longest lists are createMany's rows and `in` filters (the
	// databases cap bind parameters at 65,535 anyway); 4,194,304 is far above
	// either and keeps one allocation (16 bytes an element) at 64 MiB.
	MaxContainerLen = 1 << 22

	// MaxDecodedBytes bounds the estimated memory of the decoded value (see
	// the cost* constants): an element costs the decoder far more than its
	// one byte of msgpack (an interface slot, a boxed number, a map entry),
	// so a buffer within MaxEnvelopeBytes could otherwise still decode into
	// many gigabytes. A ten-column row is estimated at about 1.4 KB (it
	// really takes about 1 KB), so 1 GiB admits some 750,000 such rows in
	// one envelope, or a blob of nearly 1 GiB, and stays well under what the
	// host process survives.
	MaxDecodedBytes = 1 << 30
)

// Approximate bytes the decoder allocates per decoded item (Go's layouts on
// 64-bit): what MaxDecodedBytes is counted in. Estimates, not exact figures:
// they only have to grow with what the decoder really allocates.
const (
	costSlot     = 16  // the interface holding any value in its parent
	costScalar   = 8   // a boxed int64/uint64/float64
	costString   = 16  // a string header, plus its bytes
	costBytes    = 24  // a slice header, plus its bytes
	costExt      = 32  // time.Time or a Decimal's header, plus the payload
	costArray    = 24  // a []any header (its elements' slots are counted per element)
	costMap      = 320 // a map header and its first group of 8 slots (Go 1.24+ maps)
	costMapEntry = 32  // a map entry's key header and bucket overhead beyond the slots
)

// ErrLimit is wrapped by every error Check returns for a buffer that is over
// a limit or declares more than it holds (errors.Is(err, ErrLimit)).
var ErrLimit = errors.New("msgpack: refused before decoding")

// limits is the set Check applies; tests use smaller ones.
type limits struct {
	envelope, depth, container, decoded int
}

var defaultLimits = limits{MaxEnvelopeBytes, MaxDepth, MaxContainerLen, MaxDecodedBytes}

// Check walks the msgpack encoding of exactly one value without allocating
// anything the buffer declares: every str/bin/ext length and array/map count
// is compared with the bytes actually left (each element takes at least one
// byte) and with the limits above. Decode, DecodeRequest and DecodeReply call
// it first, so a buffer that passes cannot make them allocate more than
// MaxDecodedBytes (approximately).
func Check(b []byte) error { return defaultLimits.check(b) }

func (l limits) check(b []byte) error {
	if len(b) > l.envelope {
		return fmt.Errorf("%w: a buffer of %d bytes is over MaxEnvelopeBytes (%d)", ErrLimit, len(b), l.envelope)
	}
	s := scanner{b: b, lim: l}
	if err := s.value(0); err != nil {
		return err
	}
	if s.pos != len(b) {
		return fmt.Errorf("msgpack: %d trailing bytes after the value", len(b)-s.pos)
	}
	return nil
}

type scanner struct {
	b    []byte
	pos  int
	cost int
	lim  limits
}

func (s *scanner) left() int { return len(s.b) - s.pos }

// uint reads an n-byte big-endian length or count after the code byte.
func (s *scanner) uint(n int) (int, error) {
	if s.left() < n {
		return 0, fmt.Errorf("%w: truncated header at offset %d (unexpected EOF)", ErrLimit, s.pos)
	}
	var v uint64
	switch n {
	case 1:
		v = uint64(s.b[s.pos])
	case 2:
		v = uint64(binary.BigEndian.Uint16(s.b[s.pos:]))
	case 4:
		v = uint64(binary.BigEndian.Uint32(s.b[s.pos:]))
	}
	s.pos += n
	return int(v), nil // at most 2^32-1: fits int on the 64-bit targets we build
}

// skip consumes n payload bytes the header at offset at declared.
func (s *scanner) skip(what string, at, n int) error {
	if n > s.left() {
		return fmt.Errorf("%w: %s of %d bytes at offset %d, but only %d bytes follow (unexpected EOF)",
			ErrLimit, what, n, at, s.left())
	}
	s.pos += n
	return nil
}

func (s *scanner) charge(n int) error {
	s.cost += n
	if s.cost > s.lim.decoded {
		return fmt.Errorf("%w: the decoded value would take more than MaxDecodedBytes (%d)", ErrLimit, s.lim.decoded)
	}
	return nil
}

// elements checks a container's count: each element (a map entry: two)
// needs at least one byte of what is left.
func (s *scanner) elements(what string, at, n, per int) error {
	if n*per > s.left() {
		return fmt.Errorf("%w: %s of %d elements at offset %d, but only %d bytes follow (unexpected EOF)",
			ErrLimit, what, n, at, s.left())
	}
	if n > s.lim.container {
		return fmt.Errorf("%w: %s of %d elements at offset %d is over MaxContainerLen (%d)", ErrLimit, what, n, at, s.lim.container)
	}
	return nil
}

func (s *scanner) value(depth int) error {
	if depth > s.lim.depth {
		return fmt.Errorf("%w: nesting deeper than MaxDepth (%d)", ErrLimit, s.lim.depth)
	}
	if s.left() < 1 {
		return fmt.Errorf("%w: a value expected at offset %d (unexpected EOF)", ErrLimit, s.pos)
	}
	at := s.pos
	c := s.b[s.pos]
	s.pos++
	if err := s.charge(costSlot); err != nil {
		return err
	}
	switch {
	case c <= 0x7f || c >= 0xe0: // positive and negative fixint
		return s.charge(costScalar)
	case c <= 0x8f: // fixmap
		return s.container("map", at, int(c&0x0f), depth, true)
	case c <= 0x9f: // fixarray
		return s.container("array", at, int(c&0x0f), depth, false)
	case c <= 0xbf: // fixstr
		return s.payload("str", at, int(c&0x1f), costString)
	}
	switch c {
	case 0xc0, 0xc2, 0xc3: // nil, false, true
		return nil
	case 0xc4, 0xc5, 0xc6: // bin 8/16/32
		n, err := s.uint(1 << (c - 0xc4))
		if err != nil {
			return err
		}
		return s.payload("bin", at, n, costBytes)
	case 0xc7, 0xc8, 0xc9: // ext 8/16/32: length, then the type byte
		n, err := s.uint(1 << (c - 0xc7))
		if err != nil {
			return err
		}
		return s.payload("ext", at, n+1, costExt)
	case 0xca: // float32
		return s.fixed(at, 4)
	case 0xcb: // float64
		return s.fixed(at, 8)
	case 0xcc, 0xcd, 0xce, 0xcf: // uint 8/16/32/64
		return s.fixed(at, 1<<(c-0xcc))
	case 0xd0, 0xd1, 0xd2, 0xd3: // int 8/16/32/64
		return s.fixed(at, 1<<(c-0xd0))
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1/2/4/8/16, plus the type byte
		return s.payload("ext", at, 1+1<<(c-0xd4), costExt)
	case 0xd9, 0xda, 0xdb: // str 8/16/32
		n, err := s.uint(1 << (c - 0xd9))
		if err != nil {
			return err
		}
		return s.payload("str", at, n, costString)
	case 0xdc, 0xdd: // array 16/32
		n, err := s.uint(2 << (c - 0xdc))
		if err != nil {
			return err
		}
		return s.container("array", at, n, depth, false)
	case 0xde, 0xdf: // map 16/32
		n, err := s.uint(2 << (c - 0xde))
		if err != nil {
			return err
		}
		return s.container("map", at, n, depth, true)
	}
	return fmt.Errorf("msgpack: unsupported code 0x%02x at offset %d", c, at)
}

func (s *scanner) fixed(at, n int) error {
	if err := s.skip("number", at, n); err != nil {
		return err
	}
	return s.charge(costScalar)
}

func (s *scanner) payload(what string, at, n, cost int) error {
	if err := s.skip(what, at, n); err != nil {
		return err
	}
	return s.charge(cost + n)
}

func (s *scanner) container(what string, at, n, depth int, isMap bool) error {
	per, cost := 1, costArray
	if isMap {
		per, cost = 2, costMap+n*costMapEntry
	}
	if err := s.elements(what, at, n, per); err != nil {
		return err
	}
	if err := s.charge(cost); err != nil {
		return err
	}
	for i := 0; i < n*per; i++ {
		if err := s.value(depth + 1); err != nil {
			return err
		}
	}
	return nil
}
