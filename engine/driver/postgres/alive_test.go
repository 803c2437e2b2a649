//go:build unix

package postgres

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"math/big"
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

// TestAliveTLS: over TLS the check peeks at the socket beneath, so a server
// that ended the session is seen as under plain text.
func TestAliveTLS(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	serverCfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", serverCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	pair := func() (client, server net.Conn) {
		accepted := make(chan net.Conn, 1)
		go func() {
			s, err := ln.Accept()
			if err == nil {
				s.(*tls.Conn).Handshake()
			}
			accepted <- s
		}()
		c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{InsecureSkipVerify: true})
		if err != nil {
			t.Fatal(err)
		}
		return c, <-accepted
	}
	c, s := pair()
	if err := alive(c); err != nil {
		t.Errorf("open: %v", err)
	}
	s.Close()
	time.Sleep(50 * time.Millisecond)
	if err := alive(c); err == nil {
		t.Errorf("closed by the server: alive")
	}
	c.Close()
}
