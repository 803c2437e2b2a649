package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// pageSchema is the schema of database-and-orm.md, section 3, as written.
const pageSchema = `datasource db {
  provider = "sqlite"
}

model User {
  id        String   @id @default(cuid())
  email     String   @unique
  name      String?
  posts     Post[]
}

model Post {
  id        String   @id @default(cuid())
  title     String
  published Boolean  @default(false)
  authorId  String
  author    User     @relation(fields: [authorId], references: [id])
}
`

// pageConfig is the page's prisma.config.ts, section 2.
const pageConfig = `export default {
  seed: {
    import: "./prisma/seed.ts",
    autoRun: true
  },
  client: {
    logLevel: "info"
  }
}
`

type result struct {
	code        int
	out, errOut string
}

func ppy(t *testing.T, cwd string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, env, cwd, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// newProject lays out the page's project: prisma.config.ts, .env,
// prisma/schema.prisma.
func newProject(t *testing.T, schemaText string) string {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma.config.ts"), pageConfig)
	write(t, filepath.Join(root, ".env"), "# Connect to SQLite (Recommended for dev)\nDATABASE_URL=\"file:./prisma/dev.db\"\n")
	write(t, filepath.Join(root, "prisma", "schema.prisma"), schemaText)
	return root
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sqliteTables(t *testing.T, root, url string) []string {
	t.Helper()
	ctx := context.Background()
	p, err := connector.Open(ctx, url, root)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rows, err := p.Query(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`, nil, []driver.Type{driver.TypeString})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r[0].(string))
	}
	sort.Strings(out)
	return out
}

// openSQLite opens a project's SQLite database; the caller closes it.
func openSQLite(t *testing.T, root, url string) driver.Pool {
	t.Helper()
	p, err := connector.Open(context.Background(), url, root)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHelp(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{}, {"--help"}, {"-h"}, {"help"},
		{"generate", "--help"}, {"generate", "-h"},
		{"db"}, {"db", "--help"},
		{"db", "push", "--help"}, {"db", "push", "-h"},
		{"validate", "--help"}, {"version", "--help"},
	} {
		r := ppy(t, dir, nil, args...)
		if r.code != 0 || !strings.Contains(r.out, "Usage") || r.errOut != "" {
			t.Errorf("ppy %v: code %d, stdout %q, stderr %q", args, r.code, r.out, r.errOut)
		}
	}
	if r := ppy(t, dir, nil, "db", "push", "--help"); !strings.Contains(r.out, "--force-reset") {
		t.Errorf("db push help lacks --force-reset:\n%s", r.out)
	}
	if r := ppy(t, dir, nil, "generate", "--help"); !strings.Contains(r.out, "--output") {
		t.Errorf("generate help lacks --output:\n%s", r.out)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "Unknown command: frobnicate"},
		{[]string{"db", "frobnicate"}, "Unknown command: ppy db frobnicate"},
		{[]string{"db", "push", "--bogus"}, "Unknown flag: --bogus"},
		{[]string{"generate", "--schema"}, "Missing value for flag --schema"},
		{[]string{"validate", "extra"}, "Unexpected argument: extra"},
	} {
		r := ppy(t, dir, nil, c.args...)
		if r.code != 2 || !strings.Contains(r.errOut, c.want) || !strings.Contains(r.errOut, "Usage") || r.out != "" {
			t.Errorf("ppy %v: code %d, stderr %q, stdout %q; want exit 2 with %q and usage", c.args, r.code, r.errOut, r.out, c.want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-v"} {
		r := ppy(t, t.TempDir(), nil, arg)
		if r.code != 0 || !strings.Contains(r.out, Version) {
			t.Errorf("ppy %s: %+v", arg, r)
		}
	}
}

func TestValidate(t *testing.T) {
	root := newProject(t, pageSchema)
	r := ppy(t, root, nil, "validate")
	if r.code != 0 || !strings.Contains(r.out, "The schema at prisma/schema.prisma is valid 🚀") {
		t.Fatalf("validate: %+v", r)
	}
	bad := strings.Replace(pageSchema, "String?", "Strng?", 1)
	write(t, filepath.Join(root, "prisma", "schema.prisma"), bad)
	r = ppy(t, root, nil, "validate")
	if r.code != 1 || !strings.Contains(r.errOut, "Validation Error Count: 1") || !strings.Contains(r.errOut, "-->  prisma/schema.prisma:") {
		t.Fatalf("validate of a bad schema: %+v", r)
	}
	// --schema is relative to the working directory.
	write(t, filepath.Join(root, "other", "s.prisma"), pageSchema)
	if r := ppy(t, filepath.Join(root, "other"), nil, "validate", "--schema", "s.prisma"); r.code != 0 {
		t.Fatalf("validate --schema: %+v", r)
	}
	if r := ppy(t, root, nil, "validate", "--schema", "missing.prisma"); r.code != 1 || !strings.Contains(r.errOut, "missing.prisma") {
		t.Fatalf("validate --schema missing: %+v", r)
	}
}

func TestNoSchema(t *testing.T) {
	r := ppy(t, t.TempDir(), nil, "db", "push")
	if r.code != 1 || !strings.Contains(r.errOut, "Could not find a Prisma schema") {
		t.Fatalf("%+v", r)
	}
}

func TestDBPushPage(t *testing.T) {
	root := newProject(t, pageSchema)
	// Run from a subfolder: the root is found upwards and the relative
	// SQLite path resolves against it.
	sub := filepath.Join(root, "src", "app")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	r := ppy(t, sub, map[string]string{}, "db", "push")
	if r.code != 0 {
		t.Fatalf("db push: %+v", r)
	}
	for _, want := range []string{
		"Prisma schema loaded from ../../prisma/schema.prisma",
		`Datasource "db": SQLite database "dev.db" at "file:./prisma/dev.db"`,
		"SQLite database dev.db created at file:./prisma/dev.db",
		"🚀  Your database is now in sync with your Prisma schema. Done in ",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("db push output lacks %q:\n%s", want, r.out)
		}
	}
	if !exists(filepath.Join(root, "prisma", "dev.db")) {
		t.Fatal("prisma/dev.db was not created under the project root")
	}
	if got := sqliteTables(t, root, "file:./prisma/dev.db"); strings.Join(got, ",") != "Post,User" {
		t.Fatalf("sqlite_master tables: %v", got)
	}

	r = ppy(t, root, nil, "db", "push")
	if r.code != 0 || !strings.Contains(r.out, "The database is already in sync with the Prisma schema.") {
		t.Fatalf("second db push: %+v", r)
	}

	// Adding a model alters the database in place.
	changed := pageSchema + "\nmodel Log {\n  id Int @id @default(autoincrement())\n  action String\n}\n"
	write(t, filepath.Join(root, "prisma", "schema.prisma"), changed)
	r = ppy(t, root, nil, "db", "push")
	if r.code != 0 || !strings.Contains(r.out, "now in sync") {
		t.Fatalf("db push adding a model: %+v", r)
	}
	if got := sqliteTables(t, root, "file:./prisma/dev.db"); strings.Join(got, ",") != "Log,Post,User" {
		t.Fatalf("tables after adding Log: %v", got)
	}
	db := openSQLite(t, root, "file:./prisma/dev.db")
	if _, err := db.Exec(context.Background(), `INSERT INTO "Log" ("action") VALUES ('a')`, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Dropping it loses a row: refused without the flag, nothing changed.
	write(t, filepath.Join(root, "prisma", "schema.prisma"), pageSchema)
	r = ppy(t, root, nil, "db", "push")
	if r.code != 1 || !strings.Contains(r.out, "You are about to drop the `Log` table, which is not empty (1 rows).") ||
		!strings.Contains(r.errOut, "Use the --accept-data-loss flag") {
		t.Fatalf("db push dropping a table with rows: %+v", r)
	}
	if got := sqliteTables(t, root, "file:./prisma/dev.db"); strings.Join(got, ",") != "Log,Post,User" {
		t.Fatalf("a refused push changed the tables: %v", got)
	}
	r = ppy(t, root, nil, "db", "push", "--accept-data-loss")
	if r.code != 0 || !strings.Contains(r.out, "now in sync") {
		t.Fatalf("db push --accept-data-loss: %+v", r)
	}
	if got := sqliteTables(t, root, "file:./prisma/dev.db"); strings.Join(got, ",") != "Post,User" {
		t.Fatalf("tables after dropping Log: %v", got)
	}

	r = ppy(t, root, nil, "db", "push", "--force-reset")
	if r.code != 0 || !strings.Contains(r.out, "was successfully reset") || !strings.Contains(r.out, "now in sync") {
		t.Fatalf("db push --force-reset: %+v", r)
	}
}

func TestDBPushURLSources(t *testing.T) {
	root := newProject(t, pageSchema)
	// The environment wins over .env.
	r := ppy(t, root, map[string]string{"DATABASE_URL": "file:./env.db"}, "db", "push")
	if r.code != 0 || !strings.Contains(r.out, `SQLite database "env.db" at "file:./env.db"`) || !exists(filepath.Join(root, "env.db")) {
		t.Fatalf("db push with DATABASE_URL in the environment: %+v", r)
	}
	// No URL anywhere: a clear error.
	bare := t.TempDir()
	write(t, filepath.Join(bare, "prisma", "schema.prisma"), pageSchema)
	r = ppy(t, bare, nil, "db", "push")
	if r.code != 1 || !strings.Contains(r.errOut, "DATABASE_URL") {
		t.Fatalf("db push without a URL: %+v", r)
	}
	// A URL for another provider than the schema's.
	r = ppy(t, bare, map[string]string{"DATABASE_URL": "mysql://root:hunter22@127.0.0.1:1/app"}, "db", "push")
	if r.code != 1 || !strings.Contains(r.errOut, `provider "sqlite"`) || strings.Contains(r.out+r.errOut, "hunter22") {
		t.Fatalf("db push with a MySQL URL for a SQLite schema: %+v", r)
	}
}

func TestDBPushNeverPrintsPassword(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma", "schema.prisma"), strings.Replace(pageSchema, `"sqlite"`, `"postgresql"`, 1))
	env := map[string]string{"DATABASE_URL": "postgresql://app:s3cretPassw0rd@127.0.0.1:1/mydb?schema=public"}
	r := ppy(t, root, env, "db", "push")
	if r.code != 1 {
		t.Fatalf("db push to a closed port: %+v", r)
	}
	if strings.Contains(r.out+r.errOut, "s3cretPassw0rd") {
		t.Fatalf("password printed:\n%s\n%s", r.out, r.errOut)
	}
	if !strings.Contains(r.out, `Datasource "db": PostgreSQL database "mydb", schema "public" at "127.0.0.1:1"`) {
		t.Errorf("datasource line: %s", r.out)
	}
}

func TestConfigSchemaKey(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma.config.ts"), "import path from 'node:path'\nexport default defineConfig({\n  // schema: 'wrong.prisma',\n  schema: path.join('db', 'main.prisma'),\n})\n")
	write(t, filepath.Join(root, "db", "main.prisma"), pageSchema)
	r := ppy(t, root, nil, "validate")
	if r.code != 0 || !strings.Contains(r.out, "db/main.prisma") {
		t.Fatalf("validate with prisma.config.ts schema key: %+v", r)
	}
}

func TestMaskURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgresql://u:pw@h:5432/db?schema=x": "postgresql://u:****@h:5432/db?schema=x",
		"mysql://root@h/db":                    "mysql://root@h/db",
		"file:./dev.db":                        "file:./dev.db",
	} {
		if got := maskURL(in); got != want {
			t.Errorf("maskURL(%q) = %q, want %q", in, got, want)
		}
	}
}
