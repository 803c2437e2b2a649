package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// pullDDL is a hand-written database (not made by Prisma) per provider:
// snake_case tables, a VARCHAR column, a composite key, a foreign key with
// ON DELETE CASCADE, a plain index, and an enum where the database has them.
// SQLite's title is TEXT: a VARCHAR(200) pulls as String, but the migration
// differ compares SQLite type spellings (Prisma compares families), so
// db push would redefine the table.
var pullDDL = map[string]string{
	"sqlite": `CREATE TABLE user_accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  display_name TEXT,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX user_accounts_email_key ON user_accounts (email);
CREATE TABLE blog_posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  published BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT blog_posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES user_accounts (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX blog_posts_title_idx ON blog_posts (title);
CREATE TABLE post_tags (
  post_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (post_id, tag),
  CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES blog_posts (id) ON DELETE CASCADE ON UPDATE CASCADE
)`,
	"postgresql": `CREATE TYPE post_status AS ENUM ('draft', 'live');
CREATE TABLE user_accounts (
  id SERIAL PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  display_name TEXT,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE blog_posts (
  id SERIAL PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES user_accounts (id) ON DELETE CASCADE,
  title VARCHAR(200) NOT NULL,
  published BOOLEAN NOT NULL DEFAULT false,
  status post_status NOT NULL DEFAULT 'draft'
);
CREATE INDEX blog_posts_title_idx ON blog_posts (title);
CREATE TABLE post_tags (
  post_id INTEGER NOT NULL REFERENCES blog_posts (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (post_id, tag)
)`,
	"mysql": `CREATE TABLE user_accounts (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(255) NOT NULL,
  display_name TEXT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE INDEX user_accounts_email_key (email)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE blog_posts (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author_id INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  published BOOLEAN NOT NULL DEFAULT false,
  status ENUM('draft', 'live') NOT NULL DEFAULT 'draft',
  INDEX blog_posts_title_idx (title),
  CONSTRAINT blog_posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES user_accounts (id) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE post_tags (
  post_id INT NOT NULL,
  tag VARCHAR(191) NOT NULL,
  PRIMARY KEY (post_id, tag),
  CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES blog_posts (id) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
}

// previousSchema is what a user made of a first pull: their model, field
// and relation names, a doc comment, client-side defaults.
const previousSchema = `datasource db {
  provider = "PROVIDER"
}

/// People who write.
model UserAccount {
  id          Int        @id @default(autoincrement())
  email       String     @unique
  displayName String?    @map("display_name")
  createdAt   DateTime   @default(now()) @map("created_at")
  posts       BlogPost[]

  @@map("user_accounts")
}

model BlogPost {
  id        Int         @id @default(autoincrement())
  authorId  Int         @map("author_id")
  title     String
  published Boolean     @default(false)
  author    UserAccount @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@map("blog_posts")
}
`

// pullDatabase makes a database for provider holding pullDDL and returns
// its URL (a fresh server database, dropped at the end of the test).
func pullDatabase(t *testing.T, provider, root string) string {
	t.Helper()
	ctx := context.Background()
	dbURL := "file:./prisma/dev.db"
	if provider != "sqlite" {
		dbURL = testdb.URL(t, provider, "pull")
	} else if err := os.MkdirAll(filepath.Join(root, "prisma"), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := connector.Open(ctx, dbURL, root)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, stmt := range strings.Split(pullDDL[provider], ";\n") {
		if _, err := db.Exec(ctx, stmt, nil); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	return dbURL
}

var spaces = regexp.MustCompile(`[ \t]+`)

// hasLines checks that text holds each line, runs of blanks collapsed.
func hasLines(t *testing.T, text string, lines ...string) {
	t.Helper()
	flat := spaces.ReplaceAllString(text, " ")
	for _, l := range lines {
		if !strings.Contains(flat, l) {
			t.Errorf("missing %q in:\n%s", l, text)
		}
	}
}

// TestDBPullRoundTrip: a hand-made database is pulled into a schema with
// only a datasource, the client generates from it, the pulled schema
// describes the same database (db push has nothing to do), and a second
// pull keeps the names a user gave.
func TestDBPullRoundTrip(t *testing.T) {
	for _, provider := range []string{"sqlite", "postgresql", "mysql"} {
		t.Run(provider, func(t *testing.T) {
			root := t.TempDir()
			dbURL := pullDatabase(t, provider, root)
			env := map[string]string{"DATABASE_URL": dbURL}
			schemaPath := filepath.Join(root, "prisma", "schema.prisma")
			write(t, schemaPath, "// The app's database.\ndatasource db {\n  provider = \""+provider+"\"\n}\n")

			r := ppy(t, root, env, "db", "pull")
			if r.code != 0 {
				t.Fatalf("db pull: %+v", r)
			}
			hasLines(t, r.out, "Prisma schema loaded from prisma/schema.prisma",
				"- Introspecting based on datasource defined in prisma/schema.prisma",
				"✔ Introspected 3 models")
			pulled := readFile(t, schemaPath)
			hasLines(t, pulled, "// The app's database.\ndatasource db {",
				"model user_accounts {", "model blog_posts {", "model post_tags {",
				"user_accounts user_accounts @relation(fields: [author_id], references: [id], onDelete: Cascade",
				"blog_posts blog_posts[]", "post_tags post_tags[]",
				"@@id([post_id, tag])", "@@index([title])",
				"created_at DateTime @default(now())")
			switch provider {
			case "postgresql":
				hasLines(t, pulled, "email String @unique @db.VarChar(255)", "title String @db.VarChar(200)",
					"status post_status @default(draft)", "enum post_status {", ", onUpdate: NoAction)")
			case "mysql":
				hasLines(t, pulled, "email String @unique @db.VarChar(255)", "display_name String? @db.Text",
					"status blog_posts_status @default(draft)", "enum blog_posts_status {")
			case "sqlite":
				hasLines(t, pulled, "email String @unique", "title String\n")
			}
			if r := ppy(t, root, env, "validate"); r.code != 0 {
				t.Fatalf("validate: %+v\n%s", r, pulled)
			}
			if r := ppy(t, root, env, "generate"); r.code != 0 {
				t.Fatalf("generate: %+v\n%s", r, pulled)
			}
			if r := ppy(t, root, env, "db", "push"); r.code != 0 || !strings.Contains(r.out, "already in sync") {
				t.Fatalf("db push of the pulled schema: %+v\n%s", r, pulled)
			}

			// Re-introspection keeps the user's names.
			write(t, schemaPath, strings.Replace(previousSchema, "PROVIDER", provider, 1))
			if r := ppy(t, root, env, "db", "pull"); r.code != 0 || !strings.Contains(r.out, "✔ Introspected 3 models") {
				t.Fatalf("second db pull: %+v", r)
			}
			again := readFile(t, schemaPath)
			hasLines(t, again, "/// People who write.\nmodel UserAccount {",
				"displayName String? @map(\"display_name\")", "createdAt DateTime @default(now()) @map(\"created_at\")",
				"posts BlogPost[]", "@@map(\"user_accounts\")", "model BlogPost {",
				"author UserAccount @relation(fields: [authorId], references: [id], onDelete: Cascade",
				"post_tags post_tags[]", "model post_tags {",
				// A new relation field is named after the table it points
				// to, not the name the user gave its model (as Prisma's).
				"blog_posts BlogPost @relation(fields: [post_id], references: [id], onDelete: Cascade")
			if i, j, k := strings.Index(again, "model UserAccount"), strings.Index(again, "model BlogPost"), strings.Index(again, "model post_tags"); !(i < j && j < k) {
				t.Errorf("models out of order:\n%s", again)
			}
			if r := ppy(t, root, env, "generate"); r.code != 0 {
				t.Fatalf("generate after re-introspection: %+v\n%s", r, again)
			}
			if r := ppy(t, root, env, "db", "push"); r.code != 0 || !strings.Contains(r.out, "already in sync") {
				t.Fatalf("db push of the re-introspected schema: %+v\n%s", r, again)
			}

			// --force starts from scratch; --print writes to stdout only.
			r = ppy(t, root, env, "db", "pull", "--force", "--print")
			if r.code != 0 || !strings.Contains(r.out, "model user_accounts {") || strings.Contains(r.out, "Introspecting") {
				t.Fatalf("db pull --force --print: %+v", r)
			}
			if readFile(t, schemaPath) != again {
				t.Error("--print wrote the schema file")
			}
		})
	}
}

func TestDBPullEmptyAndHelp(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n")
	env := map[string]string{"DATABASE_URL": "file:./prisma/dev.db"}
	db, err := connector.Open(context.Background(), "file:./prisma/dev.db", root)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := ppy(t, root, env, "db", "pull")
	if r.code != 1 || !strings.Contains(r.errOut, "Error: P4001 The introspected database was empty:") {
		t.Fatalf("empty database: %+v", r)
	}
	r = ppy(t, root, env, "db", "pull", "--help")
	if r.code != 0 || !strings.Contains(r.out, "--force") || !strings.Contains(r.out, "--print") {
		t.Fatalf("help: %+v", r)
	}
	if r := ppy(t, root, env, "db", "--help"); !strings.Contains(r.out, "pull   Pull the state from the database") {
		t.Fatalf("db help: %+v", r)
	}
}
