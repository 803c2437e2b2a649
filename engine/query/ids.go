package query

import (
	"crypto/rand"
	"crypto/sha3"
	"encoding/binary"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Engine-generated defaults (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#default).

var cuidCounter atomic.Uint32

func init() {
	var b [4]byte
	_, _ = rand.Read(b[:])
	cuidCounter.Store(binary.BigEndian.Uint32(b[:]) % (36 * 36 * 36 * 36))
}

func base36(n uint64) string { return strconv.FormatUint(n, 36) }

func pad(s string, n int) string {
	if len(s) >= n {
		return s[len(s)-n:]
	}
	return strings.Repeat("0", n-len(s)) + s
}

func randUint(max uint64) uint64 {
	n, err := rand.Int(rand.Reader, new(big.Int).SetUint64(max))
	if err != nil {
		panic(err)
	}
	return n.Uint64()
}

var fingerprint = sync.OnceValue(func() string {
	host, _ := os.Hostname()
	sum := uint64(len(host) + 36)
	for _, c := range host {
		sum += uint64(c)
	}
	return pad(base36(uint64(os.Getpid())), 2) + pad(base36(sum), 2)
})

// cuid1 is a time-ordered cuid v1: 'c', 8 chars of time, 4 of counter,
// 4 of host fingerprint, 8 random (25 chars).
func cuid1() string {
	ts := pad(base36(uint64(time.Now().UnixMilli())), 8)
	c := cuidCounter.Add(1) % (36 * 36 * 36 * 36)
	return "c" + ts + pad(base36(uint64(c)), 4) + fingerprint() +
		pad(base36(randUint(36*36*36*36)), 4) + pad(base36(randUint(36*36*36*36)), 4)
}

// cuid2 is a 24-char cuid2: a random letter followed by a base36 SHA3 hash
// of time, entropy, a counter and a fingerprint.
func cuid2() string {
	var ent [32]byte
	_, _ = rand.Read(ent[:])
	in := fmt.Sprintf("%d%x%d%s", time.Now().UnixNano(), ent, cuidCounter.Add(1), fingerprint())
	h := sha3.Sum512([]byte(in))
	s := new(big.Int).SetBytes(h[:]).Text(36)
	return string(rune('a'+randUint(26))) + pad(s, 23)
}

func uuidV4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// uuidV7 puts the Unix millisecond time in the first 48 bits (RFC 9562).
func uuidV7() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	ms := uint64(time.Now().UnixMilli())
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

func formatUUID(b [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

const nanoAlphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"

func nanoid(n int) string {
	if n <= 0 {
		n = 21
	}
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = nanoAlphabet[b[i]&63]
	}
	return string(b)
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ulid: 48-bit millisecond time and 80 random bits, Crockford base32 (26 chars).
func ulid() string {
	var b [16]byte
	_, _ = rand.Read(b[6:])
	ms := uint64(time.Now().UnixMilli())
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	n := new(big.Int).SetBytes(b[:])
	out := make([]byte, 26)
	mask := big.NewInt(31)
	for i := 25; i >= 0; i-- {
		out[i] = crockford[new(big.Int).And(n, mask).Int64()]
		n.Rsh(n, 5)
	}
	return string(out)
}

// mint makes the values a write takes from outside its request: the clock
// and generated ids. A planned write (plan.Write) holds plan.Slots in
// their place (slotMint), made when the plan runs; a write that still
// plans and runs in one pass takes real ones (liveMint), or Slots when
// explained.
type mint interface {
	now() any
	id(f *schema.Field) any // a field whose default has a Generator
}

type liveMint struct{}

func (liveMint) now() any { return request.NormTime(time.Now()) }

func (liveMint) id(f *schema.Field) any {
	d := f.Default
	switch d.Kind {
	case schema.DefaultCuid:
		if d.Arg == 2 {
			return cuid2()
		}
		return cuid1()
	case schema.DefaultUUID:
		if d.Arg == 7 {
			return uuidV7()
		}
		return uuidV4()
	case schema.DefaultNanoid:
		return nanoid(d.Arg)
	default: // DefaultUlid
		return ulid()
	}
}

// slotMint numbers the ids it stands for, so that two rows never share one;
// the clock is one value per write.
type slotMint struct{ n int }

func (*slotMint) now() any { return plan.Slot{Gen: "now()"} }

func (s *slotMint) id(f *schema.Field) any {
	s.n++
	return plan.Slot{Model: f.Model.Name, Field: f.Name, Gen: f.Default.Generator(), N: s.n}
}

// fill makes the value a Slot stands for.
func (liveMint) fill(sch *schema.Schema, s plan.Slot) (any, error) {
	if s.Field == "" {
		return liveMint{}.now(), nil
	}
	var f *schema.Field
	if m := sch.Model(s.Model); m != nil {
		f = m.Field(s.Field)
	}
	if f == nil || f.Default == nil || f.Default.Generator() == "" {
		return nil, perr.New(perr.Internal, nil, "plan slot %s names no generated field", s)
	}
	return liveMint{}.id(f), nil
}

// generated returns the engine-generated default of f, or (nil, false) when
// the database supplies it (autoincrement, dbgenerated) or there is none.
// now is the write's clock value (one per write, for every field).
func generated(f *schema.Field, now any, ids mint) (any, bool) {
	if f.UpdatedAt && f.Default == nil {
		return now, true
	}
	d := f.Default
	if d == nil {
		return nil, false
	}
	switch {
	case d.Kind == schema.DefaultNow:
		return now, true
	case d.Generator() != "":
		return ids.id(f), true
	case d.Kind == schema.DefaultLiteral:
		return literalDefault(f, d.Value)
	}
	return nil, false
}

// literalDefault sends a literal default explicitly so the returned row has
// it even where the row is not re-read, and so multi-row inserts share columns.
func literalDefault(f *schema.Field, v any) (any, bool) {
	if f.List {
		return nil, false
	}
	if f.Kind == schema.EnumField {
		if s, ok := v.(string); ok {
			for _, ev := range f.Enum.Values {
				if ev.Name == s {
					return ev.DBName, true
				}
			}
		}
		return v, true
	}
	switch f.Type {
	case schema.Int, schema.BigInt:
		switch t := v.(type) {
		case int64:
			return t, true
		case float64:
			return int64(t), true
		}
	case schema.Float:
		switch t := v.(type) {
		case int64:
			return float64(t), true
		case float64:
			return t, true
		}
	case schema.Decimal:
		return decimalText(v), true
	case schema.Boolean:
		if b, ok := v.(bool); ok {
			return b, true
		}
	case schema.String:
		if s, ok := v.(string); ok {
			return s, true
		}
	case schema.DateTime:
		if s, ok := v.(string); ok {
			if t, ok := request.ParseTime(s); ok {
				return request.NormTime(t), true
			}
		}
	}
	// Json, Bytes and anything unusual: leave it to the database's DEFAULT.
	return nil, false
}
