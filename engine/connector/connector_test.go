package connector

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

func TestSQLitePaths(t *testing.T) {
	for _, c := range []struct{ url, root, want string }{
		{"file:./prisma/dev.db", "/proj", "/proj/prisma/dev.db"},
		{"file:dev.db", "/proj", "/proj/dev.db"},
		{"file:../dev.db", "/proj/sub", "/proj/dev.db"},
		{"file:/abs/x.db", "/proj", "/abs/x.db"},
		{"file:///abs/x.db", "/proj", "/abs/x.db"},
		{"file:./dev.db?connection_limit=1&socket_timeout=3", "/proj", "/proj/dev.db"},
		{"file:./my%20db.db", "/proj", "/proj/my db.db"},
	} {
		cfg, err := SQLiteConfig(c.url, c.root)
		if err != nil || cfg.Path != c.want {
			t.Errorf("%s: got %q (%v), want %q", c.url, cfg.Path, err, c.want)
		}
	}
	cfg, _ := SQLiteConfig("file:./dev.db?connection_limit=1&socket_timeout=3", "/p")
	if cfg.Readers >= 0 || cfg.BusyTimeout != 3*time.Second {
		t.Errorf("params: %+v", cfg)
	}
}

func code(t *testing.T, err error) *perr.Error {
	t.Helper()
	var pe *perr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *perr.Error", err, err)
	}
	return pe
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "sqlserver://sa:hunter2@h/db", "")
	if pe := code(t, err); strings.Contains(pe.Message, "hunter2") {
		t.Errorf("password in %q", pe.Message)
	}
	_, err = Open(ctx, "file:./no/such/dir/x.db", t.TempDir())
	if pe := code(t, err); pe.Code != perr.DBNotFound {
		t.Errorf("sqlite missing dir: %+v", pe)
	}
	_, err = Open(ctx, "postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=1", "")
	if pe := code(t, err); pe.Code != perr.ConnectFailed || !strings.Contains(pe.Message, "127.0.0.1:1") || strings.Contains(pe.Message, "hunter2") {
		t.Errorf("postgres unreachable: %+v", pe)
	}
	_, err = Open(ctx, "mysql://u:hunter2@127.0.0.1:1/db?connect_timeout=1", "")
	if pe := code(t, err); pe.Code != perr.ConnectFailed || !strings.Contains(pe.Message, "127.0.0.1:1") || strings.Contains(pe.Message, "hunter2") {
		t.Errorf("mysql unreachable: %+v", pe)
	}
}

func TestOpenSQLite(t *testing.T) {
	root := t.TempDir()
	p, err := Open(context.Background(), "file:./dev.db", root)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Provider() != "sqlite" {
		t.Errorf("provider %q", p.Provider())
	}
	if _, err := os.Stat(filepath.Join(root, "dev.db")); err != nil {
		t.Errorf("database file: %v", err)
	}
}

// TestServerErrors checks P1000 and P1003 against the test servers.
func TestServerErrors(t *testing.T) {
	for _, env := range []string{"CASPIAN_TEST_POSTGRES_URL", "CASPIAN_TEST_MYSQL_URL"} {
		raw := os.Getenv(env)
		if raw == "" {
			t.Logf("%s not set: skipped", env)
			continue
		}
		p, err := Open(context.Background(), raw, "")
		if err != nil {
			t.Fatalf("%s: %v", env, err)
		}
		p.Close()
		u, _ := url.Parse(raw)
		u.User = url.UserPassword(u.User.Username(), "wrong-hunter2")
		_, err = Open(context.Background(), u.String(), "")
		if pe := code(t, err); pe.Code != perr.AuthFailed || strings.Contains(pe.Message, "hunter2") {
			t.Errorf("%s bad password: %+v", env, pe)
		}
		u, _ = url.Parse(raw)
		u.Path = "/no_such_database"
		_, err = Open(context.Background(), u.String(), "")
		if pe := code(t, err); pe.Code != perr.DBNotFound {
			t.Errorf("%s missing database: %+v", env, pe)
		}
	}
}

// A URL pgx cannot parse: the reason is given, the password never.
func TestPostgresParseErrorsHoldNoPassword(t *testing.T) {
	const pw = "100%Se@Kr/Et"
	for raw, reason := range map[string]string{
		"postgresql://u:" + pw + "@127.0.0.1:1/db?sslmode=bogus":          "`sslmode` must be one of",
		"postgresql://u:" + pw + "@127.0.0.1:1/db?target_session_attrs=z": "unknown target_session_attrs value: z",
	} {
		_, err := Open(context.Background(), raw, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("%s: %v, want %q", raw, err, reason)
		}
		if err != nil && (strings.Contains(err.Error(), pw) || strings.Contains(err.Error(), "Se@Kr")) {
			t.Errorf("%s: the password leaked: %v", raw, err)
		}
	}
}

// QualifySchema: only a PostgreSQL URL with pgbouncer=true has its schema=
// named on the tables (the others set it as search_path, or name none).
func TestQualifySchema(t *testing.T) {
	for u, want := range map[string]string{
		"postgresql://u:p@h/db?pgbouncer=true&schema=shop":       "shop",
		"postgres://u:p@h/db?schema=tenant%20one&pgbouncer=true": "tenant one",
		"postgresql://u:p@h/db?pgbouncer=true&schema=public":     "public",
		"postgresql://u:p@h/db?pgbouncer=true":                   "",
		"postgresql://u:p@h/db?schema=shop":                      "",
		"postgresql://u:p@h/db?schema=shop&pgbouncer=false":      "",
		"postgresql://u:p@h/db?schema=shop&pgbouncer=maybe":      "", // Open reports the bad value
		"mysql://u:p@h/db?schema=shop&pgbouncer=true":            "",
		"file:./dev.db": "",
	} {
		if got := QualifySchema(u); got != want {
			t.Errorf("%s: %q, want %q", u, got, want)
		}
	}
}
