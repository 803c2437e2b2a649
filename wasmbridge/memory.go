//go:build wasip1

package main

import (
	"fmt"
	"sync"
	"unsafe"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// The host reaches Go memory only through buffers this file hands out:
// cp_alloc's, for the host to write a request into, and the replies. Each is
// kept alive by the pinned map until cp_free (Go's collector does not move
// objects, so an address stays valid while the slice is referenced).
var (
	pinMu  sync.Mutex
	pinned = map[uint32][]byte{}
)

// alloc returns the address of n fresh bytes (at least one, so that every
// buffer has a distinct address), or 0 past abi.MaxEnvelopeBytes.
func alloc(n uint32) uint32 {
	if uint64(n) > abi.MaxEnvelopeBytes {
		return 0
	}
	return pin(make([]byte, max(n, 1)))
}

func pin(b []byte) uint32 {
	p := uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	pinMu.Lock()
	pinned[p] = b
	pinMu.Unlock()
	return p
}

// release forgets a buffer; 0 and unknown addresses are ignored.
func release(p uint32) {
	pinMu.Lock()
	delete(pinned, p)
	pinMu.Unlock()
}

// input copies the host's buffer (the host may reuse or free it as soon as
// the export returns). A length over abi.MaxEnvelopeBytes is refused.
func input(buf unsafe.Pointer, n uint32) ([]byte, error) {
	if uint64(n) > abi.MaxEnvelopeBytes {
		return nil, fmt.Errorf("%w: a buffer of %d bytes is over MaxEnvelopeBytes (%d)", abi.ErrLimit, n, abi.MaxEnvelopeBytes)
	}
	if buf == nil || n == 0 {
		return nil, nil
	}
	return append([]byte(nil), unsafe.Slice((*byte)(buf), n)...), nil
}

// output pins a reply for the host, which reads it and calls cp_free.
func output(b []byte) (p, n uint32) {
	return pin(b), uint32(len(b))
}

// engines maps the handles the host holds to engines.
var engines = bridge.NewTable[*bridge.Engine]()
