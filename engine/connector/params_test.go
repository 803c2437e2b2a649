//go:build !wasip1

package connector

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// A malformed parameter is P1013 naming the parameter, before any
// connection is tried, and never quoting the password.
func TestParamErrors(t *testing.T) {
	const pw = "Se%40cr3t-pw"
	for _, scheme := range []string{"postgresql", "mysql"} {
		for param, bad := range map[string]string{
			"connection_limit":     "0",
			"pool_timeout":         "ten",
			"connect_timeout":      "-1",
			"socket_timeout":       "1.5",
			"statement_cache_size": "lots",
			"pgbouncer":            "yes",
			"sslaccept":            "lenient",
			"sslmode":              "verify",
			"sslidentity":          "no/such/identity.p12",
			"sslcert":              "no/such/ca.pem",
		} {
			if scheme == "mysql" && param == "sslmode" {
				continue // MySQL reads sslmode `disable` and `require` only, and ignores the rest
			}
			raw := scheme + "://u:" + pw + "@127.0.0.1:1/db?" + param + "=" + bad
			_, err := Open(context.Background(), raw, t.TempDir())
			pe := code(t, err)
			if pe.Code != perr.InvalidURL || !strings.Contains(pe.Message, "`"+param+"`") {
				t.Errorf("%s %s=%s: %s %s, want P1013 naming the parameter", scheme, param, bad, pe.Code, pe.Message)
			}
			if strings.Contains(pe.Message, "Se@cr3t") || strings.Contains(pe.Message, pw) {
				t.Errorf("%s %s: the password leaked: %s", scheme, param, pe.Message)
			}
		}
		_, err := Open(context.Background(), scheme+"://u:"+pw+"@127.0.0.1:1/db?sslpassword=hunter2", "")
		if pe := code(t, err); pe.Code != perr.InvalidURL || strings.Contains(pe.Message, "hunter2") {
			t.Errorf("%s sslpassword without sslidentity: %+v", scheme, pe)
		}
	}
}

func TestParamValues(t *testing.T) {
	cfg, err := PostgresConfig("postgresql://u:p@h/db?connect_timeout=0&socket_timeout=7&statement_cache_size=0", "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ConnectTimeout != driver.NoTimeout || cfg.SocketTimeout != 7*time.Second || !cfg.NoPrepare || cfg.PgBouncer {
		t.Errorf("cfg = %+v", cfg)
	}
	cfg, _ = PostgresConfig("postgresql://u:p@h/db?statement_cache_size=20&socket_timeout=0", "")
	if cfg.NoPrepare || cfg.StatementCache != 20 || cfg.SocketTimeout != 0 {
		t.Errorf("statement_cache_size=20: %+v", cfg)
	}
	cfg, _ = PostgresConfig("postgresql://u:p@h/db?pgbouncer=true&statement_cache_size=20", "")
	if !cfg.NoPrepare || !cfg.PgBouncer || strings.Contains(cfg.ConnString, "pgbouncer") {
		t.Errorf("pgbouncer=true: %+v", cfg)
	}
	// TLS: Prisma's default for PostgreSQL does not check the certificate;
	// sslaccept=strict and verify-full do; disable has no TLS at all.
	cfg, _ = PostgresConfig("postgresql://u:p@h/db", "")
	if cfg.TLS == nil || cfg.TLS.VerifyConnection != nil || !strings.Contains(cfg.ConnString, "sslmode=prefer") {
		t.Errorf("default TLS: %+v", cfg)
	}
	// A certificate to check means TLS: never the plain-text try of
	// prefer or allow.
	for _, q := range []string{"sslaccept=strict", "sslmode=verify-full", "sslmode=verify-ca", "sslmode=allow&sslaccept=strict"} {
		cfg, _ = PostgresConfig("postgresql://u:p@h/db?"+q, "")
		if cfg.TLS == nil || cfg.TLS.VerifyConnection == nil || !strings.Contains(cfg.ConnString, "sslmode=require") {
			t.Errorf("%s: certificate not checked, or TLS not required: %+v", q, cfg)
		}
	}
	cfg, _ = PostgresConfig("postgresql://u:p@h/db?sslmode=disable", "")
	if cfg.TLS != nil {
		t.Errorf("sslmode=disable has TLS")
	}
	if my, err := MySQLConfig("mysql://u:p@h/db?sslmode=DISABLED", ""); err != nil || my.TLS != nil {
		t.Errorf("mysql sslmode=DISABLED: %v %+v", err, my)
	}
	my, _ := MySQLConfig("mysql://u:p@h/db?socket_timeout=3&connect_timeout=0", "")
	if my.SocketTimeout != 3*time.Second || my.ConnectTimeout != driver.NoTimeout || my.TLS == nil || my.TLSRequired {
		t.Errorf("mysql: %+v", my)
	}
	// require: TLS or no connection, the certificate still unchecked.
	my, _ = MySQLConfig("mysql://u:p@h/db?sslmode=require", "")
	if my.TLS == nil || !my.TLSRequired || my.TLS.VerifyConnection != nil {
		t.Errorf("mysql sslmode=require: %+v", my)
	}
}

// sslcert and sslidentity resolve against <root>/prisma, as Prisma's do,
// and a file that holds no certificate is named.
func TestCertificateFiles(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "prisma"), 0o755)
	os.WriteFile(filepath.Join(root, "prisma", "ca.pem"), []byte("not a certificate"), 0o644)
	_, err := PostgresConfig("postgresql://u:p@h/db?sslcert=ca.pem", root)
	if pe := code(t, err); pe.Code != perr.InvalidURL || !strings.Contains(pe.Message, "holds no PEM certificate") {
		t.Errorf("bad sslcert: %+v", pe)
	}
	os.WriteFile(filepath.Join(root, "prisma", "id.p12"), []byte("not pkcs12"), 0o644)
	_, err = MySQLConfig("mysql://u:p@h/db?sslidentity=id.p12&sslpassword=pw", root)
	if pe := code(t, err); pe.Code != perr.InvalidURL || !strings.Contains(pe.Message, "`sslidentity`") {
		t.Errorf("bad sslidentity: %+v", pe)
	}
}
