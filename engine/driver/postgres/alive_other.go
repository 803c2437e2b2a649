//go:build !unix

package postgres

import "net"

// alive cannot peek at a socket here; pgxpool's ping of connections idle for
// more than a second is the only check.
func alive(net.Conn) error { return nil }
