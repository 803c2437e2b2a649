package main

import (
	"sync"

	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// table maps the integer handles C holds to Go objects: C never sees a Go
// pointer. Handles start at 1 and are never reused, so a stale handle is
// reported as unknown instead of reaching someone else's object.
type table[T any] struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]T
}

var (
	engines  = &table[*bridge.Engine]{m: map[uint64]*bridge.Engine{}}
	channels = &table[*channel]{m: map[uint64]*channel{}}
)

func (t *table[T]) add(v T) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	t.m[t.next] = v
	return t.next
}

func (t *table[T]) get(id uint64) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[id]
	return v, ok
}

func (t *table[T]) remove(id uint64) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[id]
	delete(t.m, id)
	return v, ok
}
