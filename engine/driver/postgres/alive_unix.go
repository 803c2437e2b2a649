//go:build unix

package postgres

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"syscall"
)

var errUnexpectedData = errors.New("the server sent data to an idle connection")

// alive tells, without a round trip or a wait, whether an idle connection is
// still usable: a server that ended the session (a restart,
// pg_terminate_backend, an idle timeout) has sent its last error and closed
// the socket, both of which a non-blocking peek sees. pgxpool pings only
// connections idle for more than a second, so without this the first query
// after a kill failed on a dead connection. The same check as
// go-sql-driver/mysql's connCheck, but peeking, so nothing is consumed.
//
// Under TLS the peek is at the socket beneath: an idle session has read
// every record the server sent, so any byte there is the server's goodbye
// (an error, a close_notify), as in plain text.
func alive(c net.Conn) error {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil // no raw socket to peek at; the ping after 1 s idle stays
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var sysErr error
	// Control, not Read: Read waits for the socket's read lock, which a
	// read pgconn left pending (its background reader, started when a
	// write was slow and stopped only once that read returns) holds until
	// the server next speaks, possibly never. A peek that does not wait is
	// safe beside such a read.
	err = raw.Control(func(fd uintptr) {
		var buf [1]byte
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case n == 0 && err == nil:
			sysErr = io.EOF
		case n > 0:
			sysErr = errUnexpectedData
		case err == syscall.EAGAIN || err == syscall.EWOULDBLOCK:
			sysErr = nil
		default:
			sysErr = err
		}
	})
	if err != nil {
		return err
	}
	return sysErr
}
