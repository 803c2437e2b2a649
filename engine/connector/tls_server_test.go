//go:build !wasip1

package connector_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// TLS against the test servers of scripts/db-up.sh, which offer it with the
// throwaway certificates of scripts/tls-certs.sh (CASPIAN_TEST_TLS_DIR):
// ca.pem signed the servers' certificate, other-ca.pem signed nothing, and
// client.p12 (password "caspian") is the certificate of the user
// caspian_tls, whom PostgreSQL (pg_hba `cert`) and MariaDB (REQUIRE X509)
// let in only with it.

// tlsFile returns the URL-escaped path of a file of the test certificates;
// the test is skipped without them.
func tlsFile(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("CASPIAN_TEST_TLS_DIR")
	if dir == "" {
		t.Skip("CASPIAN_TEST_TLS_DIR not set")
	}
	return url.QueryEscape(filepath.Join(dir, name))
}

// session asks the server about the pool's own session: whether it runs
// over TLS, and as whom; PostgreSQL also says whose certificate the client
// presented ("" for none).
func session(t *testing.T, p driver.Pool, provider string) (tls bool, user, clientDN string) {
	t.Helper()
	ctx := context.Background()
	q := map[string]string{
		"postgresql": "SELECT s.ssl, current_user, coalesce(s.client_dn, '') FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()",
		// The session's cipher is empty without TLS.
		"mysql": "SELECT v.VARIABLE_VALUE <> '', CURRENT_USER(), '' FROM information_schema.SESSION_STATUS v WHERE v.VARIABLE_NAME = 'Ssl_cipher'",
	}[provider]
	_, rows, err := p.QueryRaw(ctx, q, nil)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%s: %v %v", q, rows, err)
	}
	r := rows[0]
	return fmt.Sprint(r[0]) == "true" || fmt.Sprint(r[0]) == "1", fmt.Sprint(r[1]), fmt.Sprint(r[2])
}

func openIn(t *testing.T, rawURL, root string) driver.Pool {
	t.Helper()
	p, err := connector.Open(context.Background(), rawURL, root)
	if err != nil {
		t.Fatalf("%s: %v", rawURL[strings.IndexByte(rawURL, '?')+1:], err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// sslmode=require gives a session the server sees encrypted; Prisma's
// default (prefer) takes TLS when offered; sslmode=disable takes none.
func TestTLSSessionEncrypted(t *testing.T) {
	tlsFile(t, "ca.pem")
	eachServer(t, func(t *testing.T, provider, dbURL string) {
		for q, want := range map[string]bool{"sslmode=require": true, "connection_limit=2": true, "sslmode=disable": false} {
			if got, _, _ := session(t, open(t, withParams(dbURL, q)), provider); got != want {
				t.Errorf("%s: encrypted %v, want %v", q, got, want)
			}
		}
	})
}

// sslaccept=strict trusts the CA of sslcert (a relative path from the
// project's prisma/ folder too) and refuses a server whose certificate
// another CA signed with P1011; accept_invalid_certs connects anyway.
func TestTLSServerCertificate(t *testing.T) {
	ca, other := tlsFile(t, "ca.pem"), tlsFile(t, "other-ca.pem")
	eachServer(t, func(t *testing.T, provider, dbURL string) {
		trusted := []string{"sslmode=require&sslaccept=strict&sslcert=" + ca, "sslaccept=strict&sslcert=" + ca,
			"sslmode=require&sslaccept=accept_invalid_certs&sslcert=" + other}
		if provider == "postgresql" {
			trusted = append(trusted, "sslmode=verify-full&sslcert="+ca, "sslmode=verify-ca&sslcert="+ca)
		}
		for _, q := range trusted {
			if enc, _, _ := session(t, open(t, withParams(dbURL, q)), provider); !enc {
				t.Errorf("%s: not encrypted", q)
			}
		}

		root := t.TempDir()
		pem, err := os.ReadFile(filepath.Join(os.Getenv("CASPIAN_TEST_TLS_DIR"), "ca.pem"))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(root, "prisma", "certs"), 0o755)
		os.WriteFile(filepath.Join(root, "prisma", "certs", "ca.pem"), pem, 0o644)
		if enc, _, _ := session(t, openIn(t, withParams(dbURL, "sslmode=require&sslaccept=strict&sslcert=certs/ca.pem"), root), provider); !enc {
			t.Errorf("a relative sslcert: not encrypted")
		}

		for _, q := range []string{"sslmode=require&sslaccept=strict&sslcert=" + other, "sslaccept=strict&sslcert=" + other,
			"sslmode=require&sslaccept=strict"} { // the system's CAs know nothing of the test CA
			_, err := connector.Open(context.Background(), withParams(dbURL, q+"&connect_timeout=5"), t.TempDir())
			if err == nil {
				t.Errorf("%s: connected", q)
				continue
			}
			pe := perrOf(t, err)
			if pe.Code != perr.TLSFailed || !strings.Contains(pe.Message, "Error opening a TLS connection") ||
				!strings.Contains(pe.Message, "certificate signed by unknown authority") || pe.Meta["database_host"] != "127.0.0.1" {
				t.Errorf("%s: %s %q %v", q, pe.Code, pe.Message, pe.Meta)
			}
			if strings.Contains(pe.Message, "caspian@") || strings.Contains(fmt.Sprint(pe.Meta), "caspian@") {
				t.Errorf("%s: the password leaked: %s", q, pe.Message)
			}
		}
	})
}

// sslidentity and sslpassword present the client's certificate: the user
// caspian_tls, who is let in only with it, gets in, and the server saw it.
func TestTLSClientIdentity(t *testing.T) {
	ca, id := tlsFile(t, "ca.pem"), tlsFile(t, "client.p12")
	eachServer(t, func(t *testing.T, provider, dbURL string) {
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		u.User = url.UserPassword("caspian_tls", "caspian") // PostgreSQL's `cert` rule asks for no password
		certUser := u.String()
		for _, q := range []string{"sslmode=require&sslidentity=" + id + "&sslpassword=caspian",
			"sslaccept=strict&sslcert=" + ca + "&sslidentity=" + id + "&sslpassword=caspian"} {
			enc, user, dn := session(t, open(t, withParams(certUser, q)), provider)
			wantUser := map[string]string{"postgresql": "caspian_tls", "mysql": "caspian_tls@%"}[provider]
			if !enc || user != wantUser || (provider == "postgresql" && dn != "/CN=caspian_tls") {
				t.Errorf("%s: encrypted %v as %q, client certificate %q", q, enc, user, dn)
			}
		}
		// Without the certificate the same user is refused: it was the
		// certificate that let it in.
		_, err = connector.Open(context.Background(), withParams(certUser, "sslmode=require&connect_timeout=5"), t.TempDir())
		if err == nil {
			t.Fatalf("caspian_tls without sslidentity connected")
		}
		if pe := perrOf(t, err); pe.Code != perr.AuthFailed {
			t.Errorf("caspian_tls without sslidentity: %s %s", pe.Code, pe.Message)
		}
	})
}

// A URL that requires TLS against a server that offers none fails (P1001)
// without falling back to plain text; sslmode=disable is the way to talk
// plain. The test servers offer TLS, so these are the smallest servers
// that do not: a PostgreSQL that answers "N" to the TLS request, a MySQL
// whose greeting lacks CLIENT_SSL.
func TestTLSRequiredWithoutServerTLS(t *testing.T) {
	for provider, serve := range map[string]func(net.Conn){
		"postgresql": func(c net.Conn) {
			if _, err := io.ReadFull(c, make([]byte, 8)); err == nil { // SSLRequest
				c.Write([]byte{'N'})
			}
		},
		"mysql": func(c net.Conn) { c.Write(mysqlGreeting()) },
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer c.Close()
					serve(c)
					io.Copy(io.Discard, c) // until the client gives up
				}()
			}
		}()
		for _, q := range []string{"sslmode=require", "sslaccept=strict"} {
			_, err := connector.Open(context.Background(), provider+"://caspian:caspian@"+ln.Addr().String()+"/db?connect_timeout=2&"+q, t.TempDir())
			if err == nil {
				t.Fatalf("%s %s against a server without TLS connected", provider, q)
			}
			if pe := perrOf(t, err); pe.Code != perr.ConnectFailed || strings.Contains(pe.Message, ":caspian@") {
				t.Errorf("%s %s: %s %s", provider, q, pe.Code, pe.Message)
			}
		}
	}
}

// mysqlGreeting is a MySQL protocol 10 handshake offering no TLS
// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html).
func mysqlGreeting() []byte {
	const caps = 1 | 0x200 | 0x2000 | 0x8000 | 0x80000 // long password, protocol 41, transactions, secure connection, plugin auth; no CLIENT_SSL (0x800)
	p := []byte{10}
	p = append(p, "5.5.5-10.11.0-MariaDB\x00"...)
	p = binary.LittleEndian.AppendUint32(p, 1)
	p = append(p, "abcdefgh\x00"...)
	p = binary.LittleEndian.AppendUint16(p, caps&0xffff)
	p = append(p, 0x21)
	p = binary.LittleEndian.AppendUint16(p, 2)
	p = binary.LittleEndian.AppendUint16(p, caps>>16)
	p = append(p, 21)
	p = append(p, make([]byte, 10)...)
	p = append(p, "ijklmnopqrst\x00"...)
	p = append(p, "mysql_native_password\x00"...)
	head := []byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), 0}
	return append(head, p...)
}
