package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// This file is the one place that reads the credentials of a database URL:
// Mask renders a URL for people, Secrets lists what must never be printed,
// Scrubber removes those strings from any text (the last line of defence
// for driver messages, wrapped errors, panics), and ParseURL is the one
// tolerant parser the connector, the command line and migrate share, so a
// URL is understood the same way where it is used and where it is shown.
//
// Users write passwords unencoded (`mysql://rel:100%SeKrEt@h/db`, a `@`,
// `:` or `/` in the password), which Go's net/url rejects or misreads (it
// ends the authority at the first `/`, so `u:Se@Kr/Et@h` is user u,
// password "Se", host "Kr"). The split here is our own: the scheme ends at
// the first "://", the userinfo at the LAST `@` after it, the user at the
// first `:` of the userinfo. An `@` in the path or query (rare in database
// URLs) is therefore taken as part of the userinfo: that hides more, never
// less.

// Masked is what replaces a password.
const Masked = "****"

// minSecret is the shortest secret Scrubber replaces anywhere in a text: a
// one- or two-character password would mangle every message. Shorter
// secrets are still replaced where they follow ':' and precede '@'.
const minSecret = 3

// urlSplit is a database URL taken apart without decoding anything.
type urlSplit struct {
	scheme      string // before "://" ("" when the URL has none)
	user        string // raw, as written
	password    string // raw, as written
	hasUser     bool   // there is an '@'
	hasPassword bool   // the userinfo has a ':'
	rest        string // host, port, path and query: after the '@' (or "://")
}

// splitURL takes raw apart as described above; ok is false when raw has no
// "scheme://" (file: URLs, DSNs, garbage).
func splitURL(raw string) (s urlSplit, ok bool) {
	i := strings.Index(raw, "://")
	if i <= 0 || !validScheme(raw[:i]) {
		return s, false
	}
	s.scheme = raw[:i]
	after := raw[i+3:]
	at := strings.LastIndexByte(after, '@')
	if at < 0 {
		s.rest = after
		return s, true
	}
	s.hasUser, s.rest = true, after[at+1:]
	userinfo := after[:at]
	if c := strings.IndexByte(userinfo, ':'); c >= 0 {
		s.user, s.password, s.hasPassword = userinfo[:c], userinfo[c+1:], true
	} else {
		s.user = userinfo
	}
	return s, true
}

func validScheme(s string) bool {
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// secretParam matches key=value credentials: URL query parameters
// (?sslpassword=x) and libpq DSNs (password=x or password='x y').
var secretParam = regexp.MustCompile(`(?i)\b((?:ssl)?password)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&#;]+)`)

// Mask renders a database URL for people: the password (and any
// password=/sslpassword= parameter) replaced by ****. It never fails: a URL
// net/url cannot parse, a DSN or an arbitrary string comes back with
// whatever could be a password masked. file: URLs carry no credentials and
// come back as they are.
func Mask(raw string) string {
	if strings.HasPrefix(raw, "file:") {
		return raw
	}
	out := raw
	if s, ok := splitURL(raw); ok {
		out = s.scheme + "://"
		if s.hasUser {
			out += s.user
			if s.hasPassword {
				out += ":" + Masked
			}
			out += "@"
		}
		out += s.rest
	} else if at := strings.LastIndexByte(raw, '@'); at >= 0 {
		// Not scheme://...: hide everything between the first ':' and the
		// last '@' (postgres:/u:pw@h), or all that precedes the '@'.
		if c := strings.IndexByte(raw, ':'); c >= 0 && c < at {
			out = raw[:c+1] + Masked + raw[at:]
		} else {
			out = Masked + raw[at:]
		}
	}
	return secretParam.ReplaceAllString(out, "${1}${2}"+Masked)
}

// Secrets lists the strings of a URL that must never be printed: its
// password as written, decoded, and in every encoding a library may print
// it in, plus the values of password= parameters. Empty for a URL without
// credentials.
func Secrets(raw string) []string {
	if strings.HasPrefix(raw, "file:") {
		return nil
	}
	var raws []string
	if s, ok := splitURL(raw); ok {
		if s.hasPassword {
			raws = append(raws, s.password)
		}
	} else if at := strings.LastIndexByte(raw, '@'); at >= 0 {
		head := raw[:at]
		if c := strings.IndexByte(head, ':'); c >= 0 {
			raws = append(raws, head[c+1:])
		}
		if c := strings.LastIndexByte(head, ':'); c >= 0 {
			raws = append(raws, head[c+1:])
		}
	}
	for _, m := range secretParam.FindAllStringSubmatch(raw, -1) {
		raws = append(raws, strings.Trim(m[3], "'"))
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && s != Masked && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, pw := range raws {
		add(pw)
		plain := pw
		if d, err := url.PathUnescape(pw); err == nil {
			plain = d
			add(d)
		}
		if d, err := url.QueryUnescape(pw); err == nil {
			add(d)
		}
		add(url.QueryEscape(plain))
		add(url.PathEscape(plain))
		add(strings.TrimPrefix(url.UserPassword("", plain).String(), ":"))
	}
	return out
}

// Scrubber removes the credentials of the URLs it was given from text: each
// whole URL becomes its Mask, then every secret (see Secrets) becomes ****.
// It is safe for concurrent use. The zero value scrubs nothing.
type Scrubber struct {
	mu      sync.RWMutex
	urls    []string // raw URLs, longest first
	secrets []string // longest first
}

// NewScrubber is a Scrubber for the given URLs ("" is ignored).
func NewScrubber(urls ...string) *Scrubber {
	s := &Scrubber{}
	for _, u := range urls {
		s.Add(u)
	}
	return s
}

// Add makes the scrubber remove the credentials of rawURL too.
func (s *Scrubber) Add(rawURL string) {
	if s == nil {
		return
	}
	rawURL = strings.TrimSpace(rawURL)
	secrets := Secrets(rawURL)
	if len(secrets) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.urls = appendNew(s.urls, rawURL)
	for _, sec := range secrets {
		s.secrets = appendNew(s.secrets, sec)
	}
	byLength := func(l []string) { sort.SliceStable(l, func(i, j int) bool { return len(l[i]) > len(l[j]) }) }
	byLength(s.urls)
	byLength(s.secrets)
}

func appendNew(l []string, v string) []string {
	for _, x := range l {
		if x == v {
			return l
		}
	}
	return append(l, v)
}

// Empty reports whether the scrubber has nothing to remove.
func (s *Scrubber) Empty() bool {
	if s == nil {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.secrets) == 0
}

// Scrub returns text without the credentials.
func (s *Scrubber) Scrub(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, u := range s.urls {
		if strings.Contains(text, u) {
			text = strings.ReplaceAll(text, u, Mask(u))
		}
	}
	for _, sec := range s.secrets {
		if len(sec) >= minSecret {
			text = replaceWords(text, sec)
		} else {
			text = strings.ReplaceAll(text, ":"+sec+"@", ":"+Masked+"@")
		}
	}
	return text
}

// replaceWords replaces sec in text by Masked where it stands as a word of
// its own: an edge of sec that is a letter, digit or '_' must not touch
// another one. A password like "caspian" is hidden in "caspian:caspian@h"
// and in "user caspian failed", but "caspian_prisma" (a module name in a
// command the CLI prints) stays readable; the text did not hold the
// password as a word, only letters that spell it.
func replaceWords(text, sec string) string {
	if !strings.Contains(text, sec) {
		return text
	}
	headWord, tailWord := wordByte(sec[0]), wordByte(sec[len(sec)-1])
	var b strings.Builder
	for {
		i := strings.Index(text, sec)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		end := i + len(sec)
		free := (!headWord || i == 0 || !wordByte(text[i-1])) &&
			(!tailWord || end == len(text) || !wordByte(text[end]))
		if free {
			b.WriteString(text[:i])
			b.WriteString(Masked)
			text = text[end:]
		} else {
			b.WriteString(text[:i+1])
			text = text[i+1:]
		}
	}
}

func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// Error returns err with its message scrubbed (nil for nil). The result
// keeps err in its chain for errors.As / errors.Is, but its Error() is
// scrubbed. An err whose message holds no credential is returned as is.
func (s *Scrubber) Error(err error) error {
	if err == nil || s.Empty() {
		return err
	}
	msg := err.Error()
	if clean := s.Scrub(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// Value scrubs every string in v, recursively through maps and slices (an
// error's meta, say); other values are returned as they are.
func (s *Scrubber) Value(v any) any {
	if s.Empty() {
		return v
	}
	switch x := v.(type) {
	case string:
		return s.Scrub(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = s.Value(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = s.Value(e)
		}
		return out
	case []string:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = s.Scrub(e)
		}
		return out
	}
	return v
}

// Writer wraps w so that everything written through it is scrubbed. Each
// Write is scrubbed on its own: callers write whole messages (fmt.Fprintf),
// so a secret is never split across two writes. The returned writer reports
// len(p) written when w accepted the scrubbed text.
func (s *Scrubber) Writer(w io.Writer) io.Writer { return &scrubWriter{s: s, w: w} }

type scrubWriter struct {
	s *Scrubber
	w io.Writer
}

func (sw *scrubWriter) Write(p []byte) (int, error) {
	if sw.s.Empty() {
		return sw.w.Write(p)
	}
	text := string(p)
	clean := sw.s.Scrub(text)
	if clean == text {
		return sw.w.Write(p)
	}
	if _, err := io.WriteString(sw.w, clean); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Scrub removes the credentials of urls from text (a one-off Scrubber).
func Scrub(text string, urls ...string) string { return NewScrubber(urls...).Scrub(text) }

// ParseURL parses a server URL (postgresql://, mysql://) the tolerant way
// described at the top of this file and returns it as a *url.URL whose
// String() is correctly encoded: user and password are percent-decoded when
// they decode, taken literally otherwise (so `100%SeKrEt` is the password
// 100%SeKrEt). The port must be a number from 1 to 65535. Errors never
// quote the userinfo; they read well after "the database URL is not
// valid: ".
func ParseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	s, ok := splitURL(raw)
	if !ok {
		return nil, errors.New("it must have the form scheme://user:password@host:port/database")
	}
	u, err := url.Parse(s.scheme + "://" + s.rest)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL (it holds no password any more, but stays short)
		}
		return nil, err
	}
	if u.User != nil { // cannot happen: the last '@' ended the userinfo
		return nil, errors.New("the userinfo cannot be read")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("invalid port %q (it must be a number from 1 to 65535)", p)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return nil, errors.New("empty port after the host")
	}
	if s.hasUser {
		user := unescapeOr(s.user)
		if s.hasPassword {
			u.User = url.UserPassword(user, unescapeOr(s.password))
		} else {
			u.User = url.User(user)
		}
	}
	return u, nil
}

// unescapeOr percent-decodes s, or returns it as written when it holds a
// '%' that is no escape.
func unescapeOr(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// AddIfURL adds v when it looks like a URL with credentials
// (scheme://user:password@...); other values (paths, names) are ignored,
// so a whole environment can be passed through it.
func (s *Scrubber) AddIfURL(v string) {
	if s == nil {
		return
	}
	v = strings.TrimSpace(v)
	if sp, ok := splitURL(v); ok && sp.hasPassword {
		s.Add(v)
	}
}
