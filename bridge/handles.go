package bridge

import "sync"

// Table maps the integer handles a host holds to Go objects: the host never
// sees a Go pointer. Handles start at 1 and are never reused, so a stale
// handle is reported as unknown instead of reaching someone else's object.
type Table[T any] struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]T
}

// NewTable returns an empty table.
func NewTable[T any]() *Table[T] { return &Table[T]{m: map[uint64]T{}} }

// Add stores v under a new handle.
func (t *Table[T]) Add(v T) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	t.m[t.next] = v
	return t.next
}

// Get returns the object of handle id.
func (t *Table[T]) Get(id uint64) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[id]
	return v, ok
}

// Remove forgets handle id and returns its object.
func (t *Table[T]) Remove(id uint64) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[id]
	delete(t.m, id)
	return v, ok
}
