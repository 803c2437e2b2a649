package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const sqliteSchema = "datasource db {\n  provider = \"sqlite\"\n}\n"

// TestURLOrder is the one order of config.Project.URL: prisma.config.ts
// datasource.url > the schema's datasource url > DATABASE_URL; each variable
// from the environment, else <root>/.env, else <root>/prisma/.env.
func TestURLOrder(t *testing.T) {
	for _, c := range []struct {
		name       string
		env        map[string]string
		dotenv     string // <root>/.env
		prismaEnv  string // <root>/prisma/.env
		config     string // prisma.config.ts ("" for none)
		schema     string // the datasource block
		want       string
		wantSource string // a substring of the source
		wantErr    string // a substring of the error
	}{
		{name: "environment over .env", env: map[string]string{"DATABASE_URL": "file:./env.db"},
			dotenv: "DATABASE_URL=file:./dotenv.db\n", want: "file:./env.db", wantSource: "the DATABASE_URL environment variable"},
		{name: ".env", dotenv: "DATABASE_URL=\"file:./dotenv.db\"\n", want: "file:./dotenv.db", wantSource: "DATABASE_URL in "},
		{name: "empty environment value falls back to .env", env: map[string]string{"DATABASE_URL": ""},
			dotenv: "DATABASE_URL=file:./dotenv.db\n", want: "file:./dotenv.db"},
		{name: "prisma/.env after the root's", prismaEnv: "DATABASE_URL=file:./p.db\n", want: "file:./p.db", wantSource: filepath.Join("prisma", ".env")},
		{name: "the root's .env wins over prisma/.env", dotenv: "DATABASE_URL=file:./root.db\n",
			prismaEnv: "DATABASE_URL=file:./p.db\n", want: "file:./root.db"},
		{name: "config literal over DATABASE_URL", env: map[string]string{"DATABASE_URL": "file:./env.db"},
			dotenv: "DATABASE_URL=file:./dotenv.db\n", config: `export default { datasource: { url: "file:./config.db" } }`,
			want: "file:./config.db", wantSource: "datasource.url in prisma.config.ts"},
		{name: "config env() reads .env", dotenv: "DB=postgresql://u@h/db\nDATABASE_URL=file:./dotenv.db\n",
			config: `import { env } from "prisma/config"; export default defineConfig({ datasource: { url: env("DB") } })`,
			want:   "postgresql://u@h/db", wantSource: "DB in "},
		{name: "config process.env.X reads the environment first", env: map[string]string{"DB": "mysql://u@h/env"},
			dotenv: "DB=mysql://u@h/dotenv\n", config: `export default { datasource: { url: process.env.DB } }`,
			want: "mysql://u@h/env", wantSource: "the DB environment variable (datasource.url in prisma.config.ts)"},
		{name: "config process.env[\"X\"]", env: map[string]string{"DB": "file:./x.db"},
			config: `export default { datasource: { url: process.env["DB"] } }`, want: "file:./x.db"},
		{name: "config env() unset is an error", dotenv: "DATABASE_URL=file:./dotenv.db\n",
			config: `export default { datasource: { url: env("MISSING") } }`, wantErr: "Environment variable not found: MISSING"},
		{name: "config over schema", env: map[string]string{"S": "file:./schema.db"},
			config: `export default { datasource: { url: "file:./config.db" } }`,
			schema: "datasource db {\n  provider = \"sqlite\"\n  url = env(\"S\")\n}\n", want: "file:./config.db"},
		{name: "config without datasource: schema env()", env: map[string]string{"S": "file:./schema.db", "DATABASE_URL": "file:./env.db"},
			config: `export default { seed: { autoRun: true } }`,
			schema: "datasource db {\n  provider = \"sqlite\"\n  url = env(\"S\")\n}\n", want: "file:./schema.db", wantSource: "(the schema's datasource url)"},
		{name: "schema literal over DATABASE_URL", env: map[string]string{"DATABASE_URL": "file:./env.db"},
			schema: "datasource db {\n  provider = \"sqlite\"\n  url = \"file:./lit.db\"\n}\n", want: "file:./lit.db"},
		{name: "schema env() unset is an error", env: map[string]string{"DATABASE_URL": "file:./env.db"},
			schema: "datasource db {\n  provider = \"sqlite\"\n  url = env(\"S\")\n}\n", wantErr: `env("S")`},
		{name: "nothing anywhere", wantErr: "Environment variable not found: DATABASE_URL"},
		{name: "spaces are trimmed", env: map[string]string{"DATABASE_URL": " file:./x.db \n"}, want: "file:./x.db"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			if c.schema == "" {
				c.schema = sqliteSchema
			}
			write(t, filepath.Join(root, "prisma", "schema.prisma"), c.schema)
			if c.dotenv != "" {
				write(t, filepath.Join(root, ".env"), c.dotenv)
			}
			if c.prismaEnv != "" {
				write(t, filepath.Join(root, "prisma", ".env"), c.prismaEnv)
			}
			if c.config != "" {
				write(t, filepath.Join(root, "prisma.config.ts"), c.config)
			}
			r, err := Resolve(Request{Options: Options{Cwd: root, Env: c.env}})
			if err != nil {
				t.Fatal(err)
			}
			if c.wantErr != "" {
				if !strings.Contains(r.URLError, c.wantErr) || r.URL.Raw != "" {
					t.Fatalf("want error %q, got %+v", c.wantErr, r)
				}
				return
			}
			if r.URL.Raw != c.want || !strings.Contains(r.URL.Source, c.wantSource) || r.URLError != "" {
				t.Fatalf("got %q from %q (%s), want %q from %q", r.URL.Raw, r.URL.Source, r.URLError, c.want, c.wantSource)
			}
			if r.URL.Provider != Provider(c.want) {
				t.Errorf("provider %q", r.URL.Provider)
			}
		})
	}
}

func TestRootInParentFolder(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma.config.ts"), `export default { schema: "db/schema.prisma", migrations: { path: "db/history" } }`)
	write(t, filepath.Join(root, "db", "schema.prisma"), sqliteSchema)
	write(t, filepath.Join(root, ".env"), "DATABASE_URL=file:./prisma/dev.db\n")
	deep := filepath.Join(root, "src", "app", "pages")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	r, err := Resolve(Request{Options: Options{Cwd: deep}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Root != root || r.ConfigPath != filepath.Join(root, "prisma.config.ts") {
		t.Errorf("root %q, config %q", r.Root, r.ConfigPath)
	}
	if r.SchemaPath != filepath.Join(root, "db", "schema.prisma") {
		t.Errorf("schema %q", r.SchemaPath)
	}
	if r.MigrationsPath != filepath.Join(root, "db", "history") {
		t.Errorf("custom migrations.path: %q", r.MigrationsPath)
	}
	if r.URL.Raw != "file:./prisma/dev.db" {
		t.Errorf("url %+v %s", r.URL, r.URLError)
	}
}

func TestFindRoot(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "app")
	write(t, filepath.Join(root, "prisma", "schema.prisma"), sqliteSchema)
	pkg := filepath.Join(root, "src", "lib", "prisma")
	// The generated client's own schema.prisma is not a project marker, so
	// src/lib (which holds prisma/schema.prisma) is no root.
	write(t, filepath.Join(pkg, "schema.prisma"), "// Code generated by caspian-prisma codegen 0.1.0. DO NOT EDIT.\n"+sqliteSchema)
	for _, dir := range []string{root, pkg, filepath.Join(root, "src", "lib")} {
		if got, ok := FindRoot(dir); !ok || got != root {
			t.Errorf("FindRoot(%s) = %q, %v", dir, got, ok)
		}
	}
	other := filepath.Join(tmp, "elsewhere")
	write(t, filepath.Join(other, "x"), "")
	if _, ok := FindRoot(other); ok {
		t.Errorf("a root outside any project")
	}
	p, err := Load(Options{Cwd: other})
	if err != nil || p.Root != other {
		t.Errorf("no project: root %q (%v), want the working directory", p.Root, err)
	}
	// Outside the project, the generated client's folder finds it.
	if p, _ := Load(Options{Cwd: other, PackageDir: pkg}); p.Root != root {
		t.Errorf("package dir fallback: %q", p.Root)
	}
	// An explicit root is taken as it is.
	if p, _ := Load(Options{Cwd: pkg, Root: other}); p.Root != other {
		t.Errorf("explicit root: %q", p.Root)
	}
	// prisma.config.ts alone marks a root too, and the nearest wins.
	write(t, filepath.Join(root, "src", "prisma.config.ts"), "export default {}\n")
	if got, _ := FindRoot(pkg); got != filepath.Join(root, "src") {
		t.Errorf("nearest root: %q", got)
	}
}

func TestSchemaPathOrder(t *testing.T) {
	root := t.TempDir()
	p := func() *Project {
		t.Helper()
		p, err := Load(Options{Cwd: root})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := p().SchemaPath(""); err == nil || !strings.Contains(err.Error(), "Could not find a Prisma schema") {
		t.Fatalf("no schema: %v", err)
	}
	write(t, filepath.Join(root, "prisma", "schema.prisma"), sqliteSchema)
	if got, _ := p().SchemaPath(""); got != filepath.Join(root, "prisma", "schema.prisma") {
		t.Errorf("prisma/schema.prisma: %q", got)
	}
	if got := p().MigrationsPath(filepath.Join(root, "prisma", "schema.prisma")); got != filepath.Join(root, "prisma", "migrations") {
		t.Errorf("default migrations: %q", got)
	}
	write(t, filepath.Join(root, "schema.prisma"), sqliteSchema)
	if got, _ := p().SchemaPath(""); got != filepath.Join(root, "schema.prisma") {
		t.Errorf("./schema.prisma comes before ./prisma/schema.prisma (Prisma 7): %q", got)
	}
	write(t, filepath.Join(root, "prisma.config.ts"), `import path from "node:path"
export default defineConfig({
  // schema: "wrong.prisma",
  schema: path.join("db", "main.prisma"),
})`)
	if _, err := p().SchemaPath(""); err == nil || !strings.Contains(err.Error(), "db/main.prisma") {
		t.Errorf("config schema naming a missing file: %v", err)
	}
	write(t, filepath.Join(root, "db", "main.prisma"), sqliteSchema)
	if got, _ := p().SchemaPath(""); got != filepath.Join(root, "db", "main.prisma") {
		t.Errorf("config schema: %q", got)
	}
	if got, _ := p().SchemaPath("schema.prisma"); got != filepath.Join(root, "schema.prisma") {
		t.Errorf("flag: %q", got)
	}
	if _, err := p().SchemaPath("nope.prisma"); err == nil || !strings.Contains(err.Error(), "`--schema`") {
		t.Errorf("missing flag target: %v", err)
	}
	// A schema folder keeps its migrations inside.
	if got := p().MigrationsPath(filepath.Join(root, "db")); got != filepath.Join(root, "db", "migrations") {
		t.Errorf("folder migrations: %q", got)
	}
}

func TestResolveErrorsAndReply(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma.config.ts"), `export default {
  seed: { import: "./prisma/seed.ts", autoRun: true },
  client: { logLevel: "query" },
  migrations: { seed: "python seed.py" },
  datasource: { url: env("DATABASE_URL"), shadowDatabaseUrl: env("SHADOW") },
}`)
	write(t, filepath.Join(root, "prisma", "schema.prisma"), sqliteSchema)
	write(t, filepath.Join(root, ".env"), "DATABASE_URL=postgresql://app:s3cretPassw0rd@h/db\nSHADOW=postgresql://app:s3cretPassw0rd@h/shadow\n")
	r, err := Resolve(Request{Options: Options{Cwd: root}})
	if err != nil {
		t.Fatal(err)
	}
	if r.SeedImport != "./prisma/seed.ts" || r.SeedAutoRun == nil || !*r.SeedAutoRun || r.LogLevel != "query" || r.MigrationsSeed != "python seed.py" {
		t.Errorf("seed and log level: %+v", r)
	}
	if r.ShadowURL != "postgresql://app:s3cretPassw0rd@h/shadow" || r.URL.Provider != PostgreSQL {
		t.Errorf("urls: %+v", r)
	}
	if strings.Contains(r.URL.Source, "s3cret") || strings.Contains(r.URL.Masked(), "s3cret") {
		t.Errorf("password in %q / %q", r.URL.Source, r.URL.Masked())
	}
	// The schema the app carries names the variable; no schema file needed.
	empty := t.TempDir()
	r, err = Resolve(Request{Options: Options{Cwd: empty, Env: map[string]string{"APP_DB": "file:./a.db"}},
		SchemaText: "// Code generated by caspian-prisma\ndatasource db {\n  provider = \"sqlite\"\n  url = env(\"APP_DB\")\n}\nmodel {",
	})
	if err != nil || r.URL.Raw != "file:./a.db" || r.SchemaPath != "" || r.MigrationsPath != "" {
		t.Errorf("schema text: %+v %v", r, err)
	}
	if _, err := Resolve(Request{Options: Options{Cwd: empty}, Schema: "missing.prisma"}); err == nil {
		t.Errorf("a --schema that does not exist must fail")
	}
	r, err = Resolve(Request{Options: Options{Cwd: empty}})
	if err != nil || !strings.Contains(r.URLError, "DATABASE_URL") || !strings.Contains(r.URLError, filepath.Join(empty, ".env")) {
		t.Errorf("no URL: %+v %v", r, err)
	}
}

func TestParseConfig(t *testing.T) {
	c := ParseConfig(`export default defineConfig({
  schema: "prisma/schema.prisma", // the schema
  datasource: { url: env("DATABASE_URL") },
})`, "/r")
	if c.Schema != "prisma/schema.prisma" || c.URL != (Value{Env: "DATABASE_URL"}) {
		t.Errorf("%+v", c)
	}
	c = ParseConfig(`export default { datasource: { url: "file:./x.db" } }`, "/r")
	if c.URL.Literal != "file:./x.db" || c.Schema != "" {
		t.Errorf("%+v", c)
	}
	c = ParseConfig(`export default { datasource: { url: process.env.DB_URL } }`, "/r")
	if c.URL.Env != "DB_URL" {
		t.Errorf("%+v", c)
	}
	// The page's Caspian config.
	c = ParseConfig(`export default {
  seed: {
    import: "./prisma/seed.ts",
    autoRun: true
  },
  client: {
    logLevel: "info"
  }
}
`, "/r")
	if c.SeedImport != "./prisma/seed.ts" || c.SeedAutoRun == nil || !*c.SeedAutoRun || c.LogLevel != "info" || c.URL.IsSet() {
		t.Errorf("page config: %+v", c)
	}
	// Prisma 7 style, with everything a scanner must step over.
	c = ParseConfig(`import "dotenv/config";
import path from "node:path";
import { defineConfig, env } from "prisma/config";

/* a block comment with schema: "nope" */
export default defineConfig({
  schema: "prisma/schema.prisma", /* inline */
  migrations: {
    path: path.join(__dirname, "prisma", "migrations"),
    seed: `+"`tsx prisma/seed.ts`"+`,
  },
  tables: { external: ["public.users"] },
  datasource: { url: env("DATABASE_URL"), shadowDatabaseUrl: process.env.SHADOW },
  experimental: { adapter: true, },
  async adapter() { return makeAdapter({ schema: "inner", url: "x" }); },
  client: { logLevel: 'query' } as const,
}) satisfies PrismaConfig;
`, "/r")
	want := File{Schema: "prisma/schema.prisma", MigrationsPath: "/r/prisma/migrations", MigrationsSeed: "tsx prisma/seed.ts",
		URL: Value{Env: "DATABASE_URL"}, ShadowURL: Value{Env: "SHADOW"}, LogLevel: "query"}
	if *c != want {
		t.Errorf("prisma 7 config:\n got %+v\nwant %+v", *c, want)
	}
	c = ParseConfig("const config: Cfg = { seed: { autoRun: false } };\nexport default config;\n", "/r")
	if c.SeedAutoRun == nil || *c.SeedAutoRun {
		t.Errorf("const export: %+v", c)
	}
	c = ParseConfig("module.exports = { schema: 'a.prisma' }", "/r")
	if c.Schema != "a.prisma" {
		t.Errorf("CommonJS: %+v", c)
	}
	for _, junk := range []string{"", "this is not typescript {{{", "export default", "export default {", "export default { a: [1, 2,", "export default { url: `file:${x}` }"} {
		if c := ParseConfig(junk, "/r"); *c != (File{}) {
			t.Errorf("%q: %+v", junk, c)
		}
	}
}

func TestDotenv(t *testing.T) {
	got := ParseDotenv("# comment\n"+
		"DATABASE_URL=\"file:./prisma/dev.db\"\n"+
		"export TOKEN=abc # trailing comment\n"+
		"SINGLE='it''s raw \\n'\n"+
		"ESCAPED=\"a\\nb\"\n"+
		"B=\"two words\" \n"+
		"HASH=abc#notacomment\n"+
		"EMPTY=\n"+
		"MULTI=\"line1\nline2\"\n"+
		"REF=${TOKEN}-x\n"+
		"FROMENV=$HOME_DIR/x\n"+
		"RAW='${TOKEN}'\n"+
		"  SPACED = value  \n"+
		"CRLF=yes\r\n"+
		"not a line\n", map[string]string{"HOME_DIR": "/home/u"})
	want := map[string]string{
		"DATABASE_URL": "file:./prisma/dev.db", "TOKEN": "abc", "SINGLE": "it", "ESCAPED": "a\nb", "B": "two words",
		"HASH": "abc#notacomment", "EMPTY": "", "MULTI": "line1\nline2", "REF": "abc-x", "FROMENV": "/home/u/x",
		"RAW": "${TOKEN}", "SPACED": "value", "CRLF": "yes",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("extra keys: %v", got)
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"postgresql://u:pw@h:5432/db?schema=x": "postgresql://u:****@h:5432/db?schema=x",
		"mysql://root@h/db":                    "mysql://root@h/db",
		"file:./dev.db":                        "file:./dev.db",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
	u := newURL("postgresql://u:hunter22@h/db", "x")
	if got := u.Scrub("failed: postgresql://u:hunter22@h/db and hunter22"); strings.Contains(got, "hunter22") {
		t.Errorf("Scrub: %s", got)
	}
}

func TestCheckConfig(t *testing.T) {
	f, warns, err := CheckConfig(`import { defineConfig } from "prisma/config";
export default defineConfig({
  schema: "prisma/schema.prisma",
  seed: { import: "./prisma/seed.py", autoRun: "yes", order: 1 },
  client: { logLevel: "verbose" },
  datasource: { url: env("DATABASE_URL") },
  migratons: { path: "x" },
  async adapter() { return null },
})
`, "/r", "prisma.config.ts")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"prisma.config.ts:4: unknown key `seed.order` (ppy ignores it)",
		"prisma.config.ts:7: unknown key `migratons` (ppy ignores it)",
		"prisma.config.ts:4: `seed.autoRun` must be true or false; ppy ignores this value",
		`prisma.config.ts:5: ` + "`client.logLevel`" + ` must be one of "query", "info", "warn", "error"; ppy ignores this value`,
	}
	if strings.Join(warns, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
	if f.SeedImport != "./prisma/seed.py" || f.SeedAutoRun != nil || f.LogLevel != "" || f.Schema != "prisma/schema.prisma" {
		t.Errorf("%+v", f)
	}
	// The page's config is clean; a level is read case-insensitively.
	f, warns, err = CheckConfig(pageConfigText+"\n", "/r", "prisma.config.ts")
	if err != nil || len(warns) != 0 || f.LogLevel != "info" {
		t.Errorf("page config: %v %q %+v", err, warns, f)
	}
	if f, _, _ := CheckConfig(`export default { client: { logLevel: "QUERY" } }`, "/r", "x.ts"); f.LogLevel != "query" {
		t.Errorf("upper-case level: %+v", f)
	}
	for src, msg := range map[string]string{
		"export default {\n  seed: { import: \"./a.py\" ,\n}\n":        "prisma.config.ts:1: the `{` opened on this line is never closed",
		"export default {\n  schema: \"a.prisma,\n}\n":                 "prisma.config.ts:2: unterminated string",
		"export default {\n  schema: 'a'\n":                            "prisma.config.ts:1: the `{` opened on this line is never closed",
		"export default { schema: 'a' }\n/* trailing\n":                "prisma.config.ts:2: unterminated comment",
		"export default { schema: 'a' } )":                             "prisma.config.ts:1: unexpected `)`",
		"export default defineConfig({\n  client: { logLevel: 1 ]\n})": "prisma.config.ts:2: unexpected `]`: the `{` opened on line 2",
	} {
		_, _, err := CheckConfig(src, "/r", "prisma.config.ts")
		if err == nil || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("%q: got %v, want %q...", src, err, msg)
		}
	}
	if _, warns, err := CheckConfig("const x = 1;\n", "/r", "prisma.config.ts"); err != nil || len(warns) != 1 || !strings.Contains(warns[0], "no `export default") {
		t.Errorf("no export: %v %q", err, warns)
	}
	// Load reports a malformed file as an error with its line.
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma.config.ts"), "export default {\n  seed: { import: \"./a.py\" \n")
	if _, err := Load(Options{Cwd: root}); err == nil || !strings.Contains(err.Error(), "prisma.config.ts:2: the `{` opened on this line is never closed") {
		t.Errorf("Load: %v", err)
	}
}

const pageConfigText = `export default {
  seed: {
    import: "./prisma/seed.ts",
    autoRun: true
  },
  client: {
    logLevel: "info"
  }
}`

// DATABASE_REPLICA_URLS: commas or white space between URLs; the
// environment wins over .env.
func TestReplicaURLs(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma", "schema.prisma"), sqliteSchema)
	write(t, filepath.Join(root, ".env"), "DATABASE_REPLICA_URLS=\"postgresql://u:p@r1/db, postgresql://u:p@r2/db\"\n")
	r, err := Resolve(Request{Options: Options{Cwd: root}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.ReplicaURLs, " ") != "postgresql://u:p@r1/db postgresql://u:p@r2/db" {
		t.Errorf(".env: %q", r.ReplicaURLs)
	}
	r, _ = Resolve(Request{Options: Options{Cwd: root, Env: map[string]string{"DATABASE_REPLICA_URLS": "postgresql://u:p@r3/db"}}})
	if strings.Join(r.ReplicaURLs, " ") != "postgresql://u:p@r3/db" {
		t.Errorf("environment: %q", r.ReplicaURLs)
	}
	r, _ = Resolve(Request{Options: Options{Cwd: t.TempDir()}})
	if len(r.ReplicaURLs) != 0 {
		t.Errorf("unset: %q", r.ReplicaURLs)
	}
}
