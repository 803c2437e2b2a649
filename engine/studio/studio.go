// Package studio is `ppy studio`: a local web server that browses and edits
// the database through the query engine, with its page (HTML, CSS, JS and
// the vendored Preact+htm module) embedded in the library, so no Node is
// needed at run time.
//
// Every read and write is an engine request (query.execute, batch.execute:
// the ones the Python client sends), never hand-written SQL, so defaults,
// validation and errors are the client's.
//
// Safety: the server is meant for one developer on their own machine.
// Every /api/ call must carry the per-run random token (header
// X-Studio-Token) that the printed URL holds; the Host header must name a
// loopback host, an IP address or the --hostname given (so a DNS-rebinding
// name cannot reach it), and a browser's Origin must be the page's own.
//
// It imports the engine (package engine) and the schema; it must not import
// a driver adapter or "C".
package studio

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

//go:embed assets
var assets embed.FS

// DefaultPort is Prisma 7's Studio port.
const DefaultPort = 51212

// TokenHeader carries the per-run token on every API call.
const TokenHeader = "X-Studio-Token"

// Server serves the page and the JSON API for one opened engine.
type Server struct {
	eng      *engine.Engine
	sch      *schema.Schema
	provider string
	token    string
	hostname string // the --hostname given, allowed in Host besides loopback names and IPs
	mux      *http.ServeMux
}

// New returns a server over eng (opened with sch and LogQueries, so the
// page can show the SQL of a view). hostname is the
// --hostname the server listens on; token the per-run secret ("" makes one).
func New(eng *engine.Engine, sch *schema.Schema, provider, hostname, token string) *Server {
	if token == "" {
		token = NewToken()
	}
	s := &Server{eng: eng, sch: sch, provider: provider, token: token, hostname: strings.ToLower(hostname)}
	static, _ := fs.Sub(assets, "assets")
	mux := http.NewServeMux()
	files := http.FileServerFS(static)
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // the page's files, not listings of their folders
			return
		}
		files.ServeHTTP(w, r)
	})
	mux.HandleFunc("GET /api/models", s.api(s.models))
	mux.HandleFunc("POST /api/rows", s.api(s.rows))
	mux.HandleFunc("POST /api/save", s.api(s.save))
	mux.HandleFunc("POST /api/sql", s.api(s.sql))
	mux.HandleFunc("POST /api/python", s.api(s.python))
	s.mux = mux
	return s
}

// Token is the per-run secret the URL carries.
func (s *Server) Token() string { return s.token }

// NewToken returns 128 random bits in hex.
func NewToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}

// ServeHTTP checks Host and Origin on every request, then the token on the
// API, and sets the headers that keep the page out of other sites' frames.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("Cache-Control", "no-store")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "Forbidden: this Host is not served by ppy studio (DNS rebinding protection)", http.StatusForbidden)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "Forbidden: cross-origin request", http.StatusForbidden)
		return
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		http.Error(w, "Forbidden: cross-site request", http.StatusForbidden)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		got := r.Header.Get(TokenHeader)
		if subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) != 1 {
			writeJSON(w, http.StatusForbidden, map[string]any{"error": map[string]any{
				"code": "FORBIDDEN", "message": "missing or wrong studio token: open the URL that `ppy studio` printed"}})
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// hostAllowed accepts loopback names, IP literals (a rebinding attack needs
// a DNS name) and the --hostname given.
func (s *Server) hostAllowed(host string) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.ToLower(strings.Trim(name, "[]"))
	if name == "" {
		return false
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") || name == s.hostname {
		return true
	}
	return net.ParseIP(name) != nil
}

// IsLoopback reports whether hostname only listens on this machine.
func IsLoopback(hostname string) bool {
	h := strings.ToLower(strings.Trim(hostname, "[]"))
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// Serve runs the server on ln until ctx is done, then shuts it down
// (in-flight requests get a few seconds to finish).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
