package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateDiff(t *testing.T) {
	root := newProject(t, pageSchema)
	r := ppy(t, root, nil, "migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script")
	if r.code != 0 || !strings.HasPrefix(r.out, "-- CreateTable\nCREATE TABLE \"User\"") || !strings.HasSuffix(r.out, ";\n\n") {
		t.Fatalf("from-empty script: %+v", r)
	}
	r = ppy(t, root, nil, "migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--exit-code")
	if r.code != 2 || !strings.Contains(r.out, "[+] Added tables\n  - User\n  - Post\n") {
		t.Fatalf("from-empty summary with --exit-code: %+v", r)
	}
	r = ppy(t, root, nil, "migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-schema", "prisma/schema.prisma", "--exit-code")
	if r.code != 0 || !strings.HasPrefix(r.out, "No difference detected.\n") {
		t.Fatalf("same schema: %+v", r)
	}
	// The live database: empty until pushed, then equal to the schema.
	r = ppy(t, root, nil, "migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--script", "-o", "out/diff.sql")
	if r.code != 0 {
		t.Fatalf("diff against the datasource: %+v", r)
	}
	if b, err := os.ReadFile(filepath.Join(root, "out", "diff.sql")); err != nil || !strings.Contains(string(b), `CREATE TABLE "Post"`) {
		t.Fatalf("--output file: %q %v", b, err)
	}
	if r = ppy(t, root, nil, "db", "push"); r.code != 0 {
		t.Fatalf("db push: %+v", r)
	}
	r = ppy(t, root, nil, "migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--script", "--exit-code")
	if r.code != 0 || !strings.HasPrefix(r.out, "-- This is an empty migration.\n") {
		t.Fatalf("diff after push: %+v", r)
	}
	// A migrations folder against the schema: empty once migrate dev wrote it.
	r = ppy(t, root, nil, "migrate", "dev", "--name", "init")
	if r.code != 130 { // the database was pushed without migrations: drift
		t.Fatalf("migrate dev over a pushed database: %+v", r)
	}
	expect(t, ppy(t, root, nil, "migrate", "reset", "--force", "--skip-seed"), 0, "Database reset successful")
	expect(t, ppy(t, root, nil, "migrate", "dev", "--name", "init"), 0, "_init/")
	r = ppy(t, root, nil, "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code")
	if r.code != 0 || !strings.HasPrefix(r.out, "No difference detected.\n") {
		t.Fatalf("migrations vs schema: %+v", r)
	}
	r = ppy(t, root, nil, "migrate", "diff", "--from-empty", "--to-migrations", "prisma/migrations", "--script")
	if r.code != 0 || !strings.Contains(r.out, `CREATE TABLE "Post"`) {
		t.Fatalf("empty vs migrations: %+v", r)
	}

	r = ppy(t, root, nil, "migrate", "diff", "--from-empty")
	if r.code != exitUsage || !strings.Contains(r.errOut, "exactly one --from-... and one --to-...") {
		t.Fatalf("missing --to: %+v", r)
	}
}
