package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDBExecute(t *testing.T) {
	root := newProject(t, pageSchema)
	expect(t, ppy(t, root, nil, "db", "push"), 0, "now in sync")
	write(t, filepath.Join(root, "seed.sql"), `INSERT INTO "User" ("id", "email", "name") VALUES ('1', 'a@example.com', 'A; still a string');
-- a comment; with a semicolon
INSERT INTO "User" ("id", "email") VALUES ('2', 'b@example.com');
`)
	expect(t, ppy(t, root, nil, "db", "execute", "--file", "seed.sql"), 0, "Script executed successfully.")
	if n := countRows(t, root, map[string]string{"DATABASE_URL": "file:./prisma/dev.db"}, `SELECT count(*) FROM "User"`); n != 2 {
		t.Fatalf("rows after the script: %d", n)
	}
	// A failing script changes nothing: the first insert is rolled back.
	r := ppyIn(t, root, nil, `INSERT INTO "User" ("id", "email") VALUES ('3', 'c@example.com'); INSERT INTO "Nope" VALUES (1);`, "db", "execute", "--stdin")
	expect(t, r, 1, "Nope", "Failed statement:")
	if n := countRows(t, root, map[string]string{"DATABASE_URL": "file:./prisma/dev.db"}, `SELECT count(*) FROM "User"`); n != 2 {
		t.Fatalf("rows after a failed script: %d", n)
	}
	r = ppy(t, root, nil, "db", "execute")
	if r.code != exitUsage || !strings.Contains(r.errOut, "exactly one of --stdin or --file") {
		t.Fatalf("no source: %+v", r)
	}
}
