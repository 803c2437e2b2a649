package exec

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

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
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
	return driver.FormatUUID(b)
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
	return driver.FormatUUID(b)
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

// Now is the clock value a write stores (now() defaults, @updatedAt).
func Now() time.Time { return schema.NormTime(time.Now()) }

// NewID makes the value of f's generated default (cuid, uuid, nanoid, ulid).
func NewID(f *schema.Field) any {
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

// fillSlot makes the value a Slot stands for.
func fillSlot(sch *schema.Schema, s plan.Slot) (any, error) {
	if s.Field == "" {
		return Now(), nil
	}
	var f *schema.Field
	if m := sch.Model(s.Model); m != nil {
		f = m.Field(s.Field)
	}
	if f == nil || f.Default == nil || f.Default.Generator() == "" {
		return nil, perr.New(perr.Internal, nil, "plan slot %s names no generated field", s)
	}
	return NewID(f), nil
}
