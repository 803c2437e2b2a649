//go:build unix

package postgres

import (
	"net"
	"testing"
	"time"
)

// TestAlive: the idle check tells an open socket from one the peer closed or
// wrote to, and never waits, also beside a read left pending on the socket
// (pgconn's background reader leaves one after a slow write; a check that
// waited for it hung the pool until the server spoke).
func TestAlive(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	pair := func() (client, server net.Conn) {
		client, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		server, err = ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		return client, server
	}
	within := func(what string, want bool, c net.Conn) {
		t.Helper()
		got := make(chan error, 1)
		go func() { got <- alive(c) }()
		select {
		case err := <-got:
			if (err == nil) != want {
				t.Errorf("%s: alive = %v, want alive %v", what, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: alive waited", what)
		}
	}

	c, s := pair()
	within("open", true, c)
	go c.Read(make([]byte, 1)) // a read left pending, as pgconn's background reader does
	time.Sleep(50 * time.Millisecond)
	within("open, a read pending", true, c)
	c.Close()
	s.Close()

	c, s = pair()
	s.Write([]byte{'E'})
	time.Sleep(50 * time.Millisecond)
	within("data while idle", false, c)
	c.Close()
	s.Close()

	c, s = pair()
	s.Close()
	time.Sleep(50 * time.Millisecond)
	within("closed by the server", false, c)
	c.Close()
}
