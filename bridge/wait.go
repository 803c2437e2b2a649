package bridge

import (
	"sync/atomic"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// StartWait is Start with the caller waiting up to wait for the reply. A
// reply in time is returned with StatusOK and never delivered; otherwise
// the status is StatusPending and the reply goes to deliver when it comes,
// as with Start. Begin's refusals are returned as they are.
//
// The request still runs on a goroutine of its own, so a slow one is never
// interrupted (an interrupted write inside a SQLite transaction would undo
// the whole transaction); the caller only stops waiting. Waiting saves the
// host the wake-up of its event loop for a reply that takes microseconds:
// the goroutine usually runs on the waiting thread's own scheduler slot and
// hands it the reply without any thread being woken.
//
// An engine whose database is a server's (not InProcess) answers
// StatusNever having started nothing: its replies take a network round
// trip, too long to hold the caller's thread for.
func (e *Engine) StartWait(id uint64, req abi.Request, wait time.Duration, deliver func(id uint64, reply []byte)) ([]byte, Status) {
	if w, ok := e.eng.(waiter); !ok || !w.InProcess() {
		return nil, StatusNever
	}
	// who takes the reply: 0 undecided, 1 the waiter, 2 deliver.
	var who atomic.Int32
	got := make(chan []byte, 1)
	st := e.Start(id, req, func(id uint64, b []byte) {
		if who.CompareAndSwap(0, 1) {
			got <- b
			return
		}
		deliver(id, b)
	})
	if st != StatusOK {
		return nil, st
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case b := <-got:
		return b, StatusOK
	case <-t.C:
		if who.CompareAndSwap(0, 2) {
			return nil, StatusPending
		}
		return <-got, StatusOK // the reply came as the wait ended
	}
}

// waiter is an engine that says whether its answers may be waited for
// (*engine.Engine).
type waiter interface{ InProcess() bool }
