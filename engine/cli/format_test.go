package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const unformatted = `datasource db {
provider = "sqlite"
}
model User {
id Int @id @default(autoincrement())
  posts Post[]
}
model Post {
  id Int @id
}
`

// Prisma's output for unformatted: aligned, one blank line between blocks,
// and the missing side of the User-Post relation added to Post.
const formatted = `datasource db {
  provider = "sqlite"
}

model User {
  id    Int    @id @default(autoincrement())
  posts Post[]
}

model Post {
  id     Int   @id
  user   User? @relation(fields: [userId], references: [id])
  userId Int?
}
`

func TestFormat(t *testing.T) {
	root := newProject(t, unformatted)
	path := filepath.Join(root, "prisma", "schema.prisma")

	r := ppy(t, root, nil, "format", "--check")
	if r.code != 1 || r.errOut != "! There are unformatted files. Run prisma format to format them.\n  prisma/schema.prisma\n" {
		t.Fatalf("format --check of an unformatted schema: %+v", r)
	}
	if b, _ := os.ReadFile(path); string(b) != unformatted {
		t.Fatal("format --check wrote the file")
	}

	r = ppy(t, root, nil, "format")
	if r.code != 0 || !regexp.MustCompile(`(?m)^Formatted prisma/schema.prisma in \d+(ms|\.\d\ds) 🚀$`).MatchString(r.out) ||
		!strings.Contains(r.out, "Prisma schema loaded from prisma/schema.prisma\n") {
		t.Fatalf("format: %+v", r)
	}
	if b, _ := os.ReadFile(path); string(b) != formatted {
		t.Fatalf("format wrote:\n%s\nwant:\n%s", b, formatted)
	}

	r = ppy(t, root, nil, "format", "--check")
	if r.code != 0 || !strings.Contains(r.out, "All files are formatted correctly!") {
		t.Fatalf("format --check of a formatted schema: %+v", r)
	}
}

func TestFormatRefusesInvalidSchema(t *testing.T) {
	bad := "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel A {\n  id   Int @id\n  b    Nope\n}\n"
	root := newProject(t, bad)
	r := ppy(t, root, nil, "format")
	if r.code != 1 || !strings.Contains(r.errOut, "Validation Error Count: 1") || !strings.Contains(r.errOut, "Nope") {
		t.Fatalf("format of an invalid schema: %+v", r)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "prisma", "schema.prisma")); string(b) != bad {
		t.Fatal("format rewrote an invalid schema")
	}
}

func TestFormatFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "prisma", "schema")
	write(t, filepath.Join(dir, "schema.prisma"), "datasource db {\n provider = \"sqlite\"\n}\n")
	write(t, filepath.Join(dir, "models", "user.prisma"), "model User {\nid Int @id\n  name String\n}\n")
	r := ppy(t, root, nil, "format", "--schema", "prisma/schema")
	if r.code != 0 || !strings.Contains(r.out, "Formatted prisma/schema in ") {
		t.Fatalf("format of a folder: %+v", r)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "models", "user.prisma"))
	if r := ppy(t, root, nil, "format", "--schema", "prisma/schema", "--check"); r.code != 0 {
		t.Fatalf("format --check of a formatted folder: %+v", r)
	}
	if string(b) != "model User {\n  id   Int    @id\n  name String\n}\n" {
		t.Fatalf("models/user.prisma became:\n%s", b)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "schema.prisma"))
	if string(b) != "datasource db {\n  provider = \"sqlite\"\n}\n" {
		t.Fatalf("schema.prisma became:\n%s", b)
	}
}

func TestFormatHelp(t *testing.T) {
	r := ppy(t, t.TempDir(), nil, "format", "--help")
	if r.code != 0 || !strings.Contains(r.out, "ppy format [options]") || !strings.Contains(r.out, "--check") {
		t.Fatalf("format --help: %+v", r)
	}
}
