package history

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Add bio & comments": "add_bio_and_comments",
		"AddUserTable":       "add_user_table",
		"Größe ändern":       "groesse_aendern",
		"v2.0 release!":      "v2_0_release",
		"init":               "init",
		"  --Crème brûlée--": "creme_brulee",
		"APIs":               "apis",
		"":                   "",
		"empty one":          "empty_one",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug(strings.Repeat("ab ", 100)); len(got) > MaxNameLength || strings.HasSuffix(got, "_") {
		t.Errorf("long slug: %d %q", len(got), got)
	}
}

// TestOracle reads the folders and rows Prisma's engine wrote.
func TestOracle(t *testing.T) {
	for _, p := range []string{"sqlite", "postgresql"} {
		dir := filepath.Join("testdata", "oracle-"+p, "migrations")
		migs, err := List(dir)
		if err != nil || len(migs) != 2 {
			t.Fatalf("%s: %v %v", p, migs, err)
		}
		src, _ := os.ReadFile(filepath.Join("testdata", "oracle-"+p, "_prisma_migrations.json"))
		var raw struct {
			Rows []map[string]any `json:"rows"`
		}
		if err := json.Unmarshal(src, &raw); err != nil {
			t.Fatal(err)
		}
		for i, m := range migs {
			if m.Name != raw.Rows[i]["migration_name"] || m.Checksum() != raw.Rows[i]["checksum"] {
				t.Errorf("%s: %s %s vs %v", p, m.Name, m.Checksum(), raw.Rows[i])
			}
		}
		lock, _ := os.ReadFile(filepath.Join(dir, LockFile))
		if string(lock) != LockFileText(p) {
			t.Errorf("lock file: %q", lock)
		}
		if got, ok, err := ReadLock(dir); got != p || !ok || err != nil {
			t.Errorf("ReadLock: %q %v %v", got, ok, err)
		}
		other := map[string]string{"sqlite": "postgresql", "postgresql": "sqlite"}[p]
		if err := CheckLock(dir, other); err == nil || !strings.Contains(err.Error(), "P3019") {
			t.Errorf("CheckLock: %v", err)
		}
		if err := CheckLock(dir, p); err != nil {
			t.Error(err)
		}
	}
}

func TestChecksumLineEndings(t *testing.T) {
	lf := []byte("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n")
	crlf := []byte(strings.ReplaceAll(string(lf), "\n", "\r\n"))
	if !ChecksumMatches(Checksum(lf), crlf) || !ChecksumMatches(Checksum(crlf), lf) || !ChecksumMatches(Checksum(lf), lf) {
		t.Error("line endings must not matter")
	}
	if ChecksumMatches(Checksum(lf), []byte("other")) {
		t.Error("different scripts match")
	}
	sum := sha256.Sum256(lf)
	if !ChecksumMatches(unpaddedHex(sum[:]), lf) {
		t.Error("the old unpadded format must match")
	}
}

func TestListAndCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	if migs, err := List(dir); err != nil || len(migs) != 0 {
		t.Fatalf("missing dir: %v %v", migs, err)
	}
	at := time.Date(2026, 11, 23, 21, 40, 1, 0, time.FixedZone("x", 3600))
	m, err := Create(dir, "Add bio & comments", "-- x\n", "sqlite", at)
	if err != nil || m.Name != "20261123204001_add_bio_and_comments" {
		t.Fatalf("%v %v", m.Name, err)
	}
	if _, err := Create(dir, "Add bio & comments", "-- x\n", "sqlite", at); err == nil {
		t.Error("existing folder overwritten")
	}
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("files are ignored"), 0o644)
	os.Mkdir(filepath.Join(dir, "20200101000000_a"), 0o755)
	os.WriteFile(filepath.Join(dir, "20200101000000_a", ScriptFile), []byte("-- a"), 0o644)
	migs, err := List(dir)
	if err != nil || len(migs) != 2 || migs[0].Name != "20200101000000_a" {
		t.Fatalf("%v %v", migs, err)
	}
	os.Mkdir(filepath.Join(dir, "20300101000000_broken"), 0o755)
	if _, err := List(dir); err == nil || !strings.Contains(err.Error(), "P3015") ||
		!strings.Contains(err.Error(), "Could not find the migration file at "+filepath.Join(dir, "20300101000000_broken", ScriptFile)+". Please delete") {
		t.Errorf("P3015: %v", err)
	}
}

func TestSplit(t *testing.T) {
	script := `-- c; comment
CREATE TABLE "a;b" ("x" TEXT DEFAULT 'it''s; fine', "y" TEXT DEFAULT E'\'; x');
/* block ; */ BEGIN;
CREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1; $fn$ LANGUAGE sql;
CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN 1 THEN 'a' END; DELETE FROM a; END;
COMMIT;
START TRANSACTION;
-- only a comment`
	st := Split(script, false)
	var got []string
	for _, s := range st {
		got = append(got, strings.Join(s.Words[:min(2, len(s.Words))], " "))
	}
	want := []string{"CREATE TABLE", "BEGIN", "CREATE FUNCTION", "CREATE TRIGGER", "COMMIT", "START TRANSACTION", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q", got)
	}
	if !st[1].TransactionControl() || !st[4].TransactionControl() || !st[5].TransactionControl() || st[0].TransactionControl() || !st[6].Empty() {
		t.Error("classification")
	}
	// MySQL: backslash escapes and # comments.
	my := Split("INSERT INTO t VALUES ('a\\';b'); # x; y\nSELECT 1", true)
	if len(my) != 2 {
		t.Errorf("mysql split: %q", my)
	}
}

func TestChronoUTC(t *testing.T) {
	for ts, want := range map[time.Time]string{
		time.Date(2026, 11, 23, 21, 33, 5, 415_000_000, time.UTC): "2026-11-23 21:33:05.415 UTC",
		time.Date(2026, 9, 29, 2, 1, 47, 863_761_000, time.UTC):   "2026-09-29 02:01:47.863761 UTC",
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC):               "2026-01-02 03:04:05 UTC",
	} {
		if got := chronoUTC(ts); got != want {
			t.Errorf("%v: %q", ts, got)
		}
	}
}

func TestNewID(t *testing.T) {
	id := NewID()
	if len(id) != 36 || id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) {
		t.Errorf("not a UUID v4: %s", id)
	}
}
