package config

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestMaskTolerant(t *testing.T) {
	for in, want := range map[string]string{
		"postgresql://u:pw@h:5432/db?schema=x":          "postgresql://u:****@h:5432/db?schema=x",
		"mysql://root@h/db":                             "mysql://root@h/db",
		"file:./dev.db":                                 "file:./dev.db",
		"mysql://rel:100%SeKrEt@127.0.0.1:3306/rel":     "mysql://rel:****@127.0.0.1:3306/rel",
		"mysql://rel:Se@Kr/Et@127.0.0.1:53306/rel":      "mysql://rel:****@127.0.0.1:53306/rel",
		"postgresql://rel:a:b/c@127.0.0.1:99999/rel":    "postgresql://rel:****@127.0.0.1:99999/rel",
		"postgresql://rel:SeKrEt@127.0.0.1:abc/rel":     "postgresql://rel:****@127.0.0.1:abc/rel",
		"postgres://:only@h/db":                         "postgres://:****@h/db",
		"postgresql://u:p@h/db?sslpassword=keypass&x=1": "postgresql://u:****@h/db?sslpassword=****&x=1",
		"postgres:/u:pw@h/db":                           "postgres:****@h/db",
		"host=h user=u password='a b' dbname=x":         "host=h user=u password=**** dbname=x",
		"user:pw@tcp(h:3306)/db":                        "user:****@tcp(h:3306)/db",
		"":                                              "",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecretsAndScrub(t *testing.T) {
	const pw = "100%Se@Kr:/Et"
	raw := "mysql://rel:" + pw + "@127.0.0.1:3306/rel"
	sec := Secrets(raw)
	for _, want := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw)} {
		found := false
		for _, s := range sec {
			found = found || s == want
		}
		if !found {
			t.Errorf("Secrets(%q) = %q, lacks %q", raw, sec, want)
		}
	}
	s := NewScrubber(raw)
	text := fmt.Sprintf("dial %s: %s / %s / %s", raw, pw, url.QueryEscape(pw), url.UserPassword("rel", pw).String())
	got := s.Scrub(text)
	for _, leak := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw), "Se@Kr"} {
		if strings.Contains(got, leak) {
			t.Errorf("Scrub left %q in %q", leak, got)
		}
	}
	if !strings.Contains(got, "mysql://rel:****@127.0.0.1:3306/rel") {
		t.Errorf("Scrub should show the masked URL: %q", got)
	}
	// Percent-encoded in the URL: the decoded password is a secret too.
	s = NewScrubber("postgresql://u:p%40ss%2Fword@h/db")
	if got := s.Scrub("auth p@ss/word failed"); strings.Contains(got, "p@ss/word") {
		t.Errorf("decoded password left: %q", got)
	}
	// A short password is replaced only in URL position.
	s = NewScrubber("postgresql://u:ab@h/db")
	if got := s.Scrub("tab x://u:ab@h"); got != "tab x://u:****@h" {
		t.Errorf("short secret: %q", got)
	}
	// A wordy password is hidden where it stands as a word, not inside
	// another word that merely holds its letters.
	s = NewScrubber("postgresql://caspian:caspian@h/db")
	for in, want := range map[string]string{
		"python -m caspian_prisma.seed":         "python -m caspian_prisma.seed",
		"user caspian failed":                   "user **** failed",
		"caspian":                               "****",
		"x://caspian:caspian@h, caspiancaspian": "x://****:****@h, caspiancaspian",
		"pw=caspian;":                           "pw=****;",
	} {
		if got := s.Scrub(in); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	w := NewScrubber(raw).Writer(&buf)
	if n, err := fmt.Fprintf(w, "Error: %s\n", pw); err != nil || n != len("Error: "+pw+"\n") {
		t.Errorf("write: %d %v", n, err)
	}
	if buf.String() != "Error: ****\n" {
		t.Errorf("writer: %q", buf.String())
	}
	base := errors.New("connect " + raw)
	e := NewScrubber(raw).Error(base)
	if strings.Contains(e.Error(), pw) || !errors.Is(e, base) {
		t.Errorf("Error(): %v", e)
	}
	meta := NewScrubber(raw).Value(map[string]any{"a": []any{"x " + pw}, "n": 1}).(map[string]any)
	if strings.Contains(fmt.Sprint(meta), pw) {
		t.Errorf("Value: %v", meta)
	}
	if (*Scrubber)(nil).Scrub("x") != "x" || !(*Scrubber)(nil).Empty() {
		t.Error("nil scrubber")
	}
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ raw, user, pw, host, path string }{
		{"mysql://rel:100%SeKrEt@127.0.0.1:3306/rel", "rel", "100%SeKrEt", "127.0.0.1:3306", "/rel"},
		{"mysql://rel:Se@Kr/Et@127.0.0.1:53306/rel", "rel", "Se@Kr/Et", "127.0.0.1:53306", "/rel"},
		{"postgresql://u:p%40ss@h/db?schema=s", "u", "p@ss", "h", "/db"},
		{"postgresql://u:a:b@[::1]:5432/db", "u", "a:b", "[::1]:5432", "/db"},
		{"postgresql://h/db", "", "", "h", "/db"},
	} {
		u, err := ParseURL(c.raw)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", c.raw, err)
			continue
		}
		pw, _ := u.User.Password()
		if u.User.Username() != c.user || pw != c.pw || u.Host != c.host || u.Path != c.path {
			t.Errorf("ParseURL(%q) = user %q pw %q host %q path %q", c.raw, u.User.Username(), pw, u.Host, u.Path)
		}
		// The re-encoded URL round-trips through net/url.
		back, err := url.Parse(u.String())
		if err != nil {
			t.Errorf("%q: String() %v", c.raw, err)
			continue
		}
		if bpw, _ := back.User.Password(); bpw != c.pw {
			t.Errorf("%q: round trip password %q", c.raw, bpw)
		}
	}
	for _, raw := range []string{"postgresql://u:SeKrEt@h:99999/db", "postgresql://u:SeKrEt@h:abc/db", "postgresql://u:SeKrEt@h:0/db", "SeKrEt", "postgresql://u:SeKrEt@h:/db"} {
		_, err := ParseURL(raw)
		if err == nil {
			t.Errorf("ParseURL(%q) should fail", raw)
		} else if strings.Contains(err.Error(), "SeKrEt") {
			t.Errorf("ParseURL(%q) error quotes the password: %v", raw, err)
		}
	}
}
