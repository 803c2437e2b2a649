package cli

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secretPasswords are the passwords the leak test tries: each is unusual in
// a way that breaks naive URL handling (net/url rejects or misreads them).
func secretPasswords(t *testing.T) []string {
	const charset = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%@:/?#!$&*()+,;=-._~[]"
	long := make([]byte, 64)
	for i := range long {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(charset))))
		if err != nil {
			t.Fatal(err)
		}
		long[i] = charset[n.Int64()]
	}
	return []string{
		"100%SeKrEt",       // an unencoded '%' (net/url: invalid URL escape)
		"p@ss@W0rdSecret",  // '@' (net/url takes the host from the middle)
		"co:lo:nSecret",    // ':' (a port?)
		"sl/as/hSecret",    // '/' (net/url ends the host at it)
		"M1x%@:/?#Secr3t",  // all of them, and a '?' and a '#'
		"Plain_S3cret_pw0", // nothing special: the URL parses
		"ZZ" + string(long),
	}
}

// leakCommands is every ppy command, as a user runs it against the
// datasource (ppy --help lists them; db execute does not exist).
var leakCommands = [][]string{
	{"--help"},
	{"version"},
	{"validate"},
	{"format"},
	{"format", "--check"},
	{"dmmf"},
	{"generate", "--output", "gen"},
	{"db", "push"},
	{"db", "push", "--force-reset"},
	{"db", "pull", "--print"},
	{"db", "pull"},
	{"migrate", "dev", "--name", "init"},
	{"migrate", "dev", "--create-only", "--name", "init"},
	{"migrate", "deploy"},
	{"migrate", "status"},
	{"migrate", "resolve", "--applied", "20240101000000_init"},
	{"migrate", "resolve", "--rolled-back", "20240101000000_init"},
	{"migrate", "reset", "--force"},
	{"migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--script"},
	{"migrate", "diff", "--from-empty", "--to-config-datasource", "--script"},
	{"migrate", "diff", "--from-url", "$URL", "--to-schema", "prisma/schema.prisma"},
	{"migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-url=$URL", "--exit-code"},
}

// leakTarget is where a URL points: a port nothing listens on, a malformed
// URL, or a real server that refuses the password.
type leakTarget struct {
	name     string
	hostPort string
	says     string // what a command that connects reports
}

func leakTargets(t *testing.T, provider string) []leakTarget {
	targets := []leakTarget{
		{"unreachable", "127.0.0.1:1", "Can't reach database server at `127.0.0.1:1`"},
		{"port out of range", "127.0.0.1:99999", `invalid port "99999"`},
		{"port not a number", "127.0.0.1:abc", `invalid port ":abc"`},
		{"empty port", "127.0.0.1:", "empty port"},
	}
	env := map[string]string{"postgresql": "CASPIAN_TEST_POSTGRES_URL", "mysql": "CASPIAN_TEST_MYSQL_URL"}[provider]
	if base := os.Getenv(env); base != "" {
		if u, err := url.Parse(base); err == nil {
			targets = append(targets, leakTarget{"refuses the password", u.Host, "Authentication failed"})
		}
	} else {
		t.Logf("%s not set: the refused-password case of %s is skipped", env, provider)
	}
	return targets
}

// leakSources are the places a URL can come from; each case uses one.
var leakSources = []string{"environment", ".env", "prisma.config.ts", "schema url", "schema url (invalid schema)"}

// TestNoPasswordInOutput runs every command against unreachable, malformed
// and refusing databases, with passwords holding '%', '@', ':', '/' (and a
// long random one), for each provider URL form and each place the URL can
// come from, and checks that neither stdout nor stderr holds the password,
// raw or percent-encoded. It runs twice: as ppy runs (the output scrubbed,
// the last line of defence) and without the output scrubber, so the
// messages themselves must be clean too.
func TestNoPasswordInOutput(t *testing.T) {
	passwords := secretPasswords(t)
	runs := 0
	for _, scheme := range []string{"postgresql", "postgres", "mysql"} {
		provider := map[string]string{"postgresql": "postgresql", "postgres": "postgresql", "mysql": "mysql"}[scheme]
		for ti, target := range leakTargets(t, provider) {
			for pi, pw := range passwords {
				rawURL := scheme + "://caspian:" + pw + "@" + target.hostPort + "/leakdb?connect_timeout=5"
				source := leakSources[(ti+pi)%len(leakSources)]
				root := leakProject(t, provider, rawURL, source)
				forms := leakForms(pw)
				for _, scrubbed := range []bool{true, false} {
					if !scrubbed && pi%2 == 1 && pw != passwords[len(passwords)-1] {
						continue // the unscrubbed pass: half the passwords, and the random one
					}
					for _, cmd := range leakCommands {
						args := make([]string, len(cmd))
						for i, a := range cmd {
							args[i] = strings.ReplaceAll(a, "$URL", rawURL)
						}
						env := map[string]string{}
						if source == "environment" {
							env["DATABASE_URL"] = rawURL
						}
						var out, errOut bytes.Buffer
						mainWith(args, env, root, strings.NewReader(""), &out, &errOut, scrubbed)
						runs++
						text := out.String() + errOut.String()
						// The command got as far as the database (or the URL).
						if connects(cmd) && source != "schema url (invalid schema)" && !strings.Contains(text, target.says) {
							t.Errorf("ppy %s with %s (%s): the output does not say %q:\n%s", strings.Join(cmd, " "), rawURL, target.name, target.says, text)
						}
						for _, f := range forms {
							if strings.Contains(text, f) {
								t.Errorf("password %q (as %q) printed by ppy %s\n  URL %s from %s (%s), output scrubbed: %v\n--- output:\n%s",
									pw, f, strings.Join(cmd, " "), rawURL, source, target.name, scrubbed, text)
							}
						}
						// Rewrite the files a command may have changed (format,
						// db pull) so the next command sees the same project.
						leakWrite(t, root, provider, rawURL, source)
					}
				}
			}
		}
	}
	t.Logf("%d ppy runs", runs)
}

// connects: the command opens the datasource.
func connects(cmd []string) bool {
	switch cmd[0] {
	case "db":
		return true
	case "migrate":
		if cmd[1] == "diff" {
			return strings.Contains(strings.Join(cmd, " "), "-datasource") || strings.Contains(strings.Join(cmd, " "), "url")
		}
		return true
	}
	return false
}

// leakForms are the spellings of a password that must never be printed.
func leakForms(pw string) []string {
	forms := []string{pw, url.QueryEscape(pw), url.PathEscape(pw), strings.TrimPrefix(url.UserPassword("", pw).String(), ":")}
	if d, err := url.PathUnescape(pw); err == nil {
		forms = append(forms, d)
	}
	return forms
}

func leakProject(t *testing.T, provider, rawURL, source string) string {
	t.Helper()
	root := t.TempDir()
	leakWrite(t, root, provider, rawURL, source)
	// A migration, so deploy, status and resolve reach the database.
	write(t, filepath.Join(root, "prisma", "migrations", "20240101000000_init", "migration.sql"), "CREATE TABLE x (id INT);\n")
	write(t, filepath.Join(root, "prisma", "migrations", "migration_lock.toml"), "provider = \""+provider+"\"\n")
	return root
}

func leakWrite(t *testing.T, root, provider, rawURL, source string) {
	t.Helper()
	ds := "datasource db {\n  provider = \"" + provider + "\"\n"
	switch source {
	case ".env":
		write(t, filepath.Join(root, ".env"), fmt.Sprintf("DATABASE_URL=%q\n", rawURL))
	case "prisma.config.ts":
		write(t, filepath.Join(root, "prisma.config.ts"), "export default {\n  datasource: {\n    url: \""+rawURL+"\",\n  },\n}\n")
	case "schema url":
		ds += "  url = \"" + rawURL + "\"\n"
	case "schema url (invalid schema)":
		// The diagnostic quotes the offending line: the url's.
		ds += "  url = \"" + rawURL + "\" @oops\n"
	}
	ds += "}\n"
	write(t, filepath.Join(root, "prisma", "schema.prisma"), ds+"\nmodel User {\n  id    Int    @id\n  email String @unique\n}\n")
}
