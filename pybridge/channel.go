package main

/*
#include <sys/eventfd.h>
*/
import "C"

import (
	"encoding/binary"
	"fmt"
	"sync"
	"syscall"

	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// A channel carries completions to one asyncio event loop: a queue of
// encoded replies plus an eventfd the loop watches with add_reader. One per
// loop, so a loop's reader only ever sees its own requests.
type channel struct {
	mu     sync.Mutex
	fd     int
	closed bool
	queue  []bridge.Completion
}

// one is the eventfd increment, in host byte order as eventfd(2) wants.
var one = func() []byte {
	b := make([]byte, 8)
	binary.NativeEndian.PutUint64(b, 1)
	return b
}()

func newChannel() (*channel, error) {
	fd, err := C.eventfd(0, C.EFD_NONBLOCK|C.EFD_CLOEXEC)
	if fd < 0 {
		return nil, fmt.Errorf("eventfd: %v", err)
	}
	return &channel{fd: int(fd)}, nil
}

// push queues a reply and wakes the loop. The eventfd is written only when
// the queue goes from empty to non-empty: the reader drains the whole queue
// on each wake, so further writes would only cost syscalls. A closed channel
// drops the reply; the fd is touched only under mu and only while open, so a
// recycled fd number is never written by a late goroutine.
func (c *channel) push(id uint64, reply []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.queue = append(c.queue, bridge.Completion{ID: id, Reply: reply})
	if len(c.queue) == 1 {
		for {
			_, err := syscall.Write(c.fd, one)
			if err != syscall.EINTR {
				break // EAGAIN means the counter is already huge: still readable
			}
		}
	}
}

// drain takes every queued completion and encodes the batch as a msgpack
// array of [request_id, reply_bytes] pairs; nil when nothing is queued.
func (c *channel) drain() ([]byte, error) {
	c.mu.Lock()
	q := c.queue
	c.queue = nil
	c.mu.Unlock()
	if len(q) == 0 {
		return nil, nil
	}
	return bridge.EncodeBatch(q)
}

// close drops queued replies and closes the eventfd. Requests still running
// for this channel finish normally and their replies are dropped by push.
func (c *channel) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.queue = nil
	syscall.Close(c.fd)
}
