package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// ppy validate on a folder schema: valid, then with an error in each file,
// reported in Prisma's layout with paths relative to the working directory.
func TestValidateFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "prisma", "schema")
	write(t, filepath.Join(dir, "main.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n")
	write(t, filepath.Join(dir, "user.prisma"), "model User {\n  id    Int    @id\n  posts Post[]\n}\n")
	write(t, filepath.Join(dir, "post.prisma"), "model Post {\n  id     Int  @id\n  userId Int\n  user   User @relation(fields: [userId], references: [id])\n}\n")
	r := ppy(t, root, nil, "validate", "--schema", "prisma/schema")
	if r.code != 0 || !strings.Contains(r.out, "The schemas at prisma/schema are valid 🚀") {
		t.Fatalf("valid folder: %+v", r)
	}
	write(t, filepath.Join(dir, "user.prisma"), "model User {\n  id    Int    @id\n  posts Post[]\n  name  Strin\n}\n")
	r = ppy(t, root, nil, "validate", "--schema", "prisma/schema")
	want := "error: Type \"Strin\" is neither a built-in type, nor refers to another model, composite type, or enum.\n" +
		"  -->  prisma/schema/user.prisma:4\n   | \n 3 |   posts Post[]\n 4 |   name  Strin\n   | \n\nValidation Error Count: 1\n"
	if r.code != 1 || !strings.Contains(r.errOut, want) {
		t.Fatalf("invalid folder: %+v\nwant:\n%s", r, want)
	}
}

// A valid schema with warnings still validates; the warnings go to stderr.
func TestValidateWarnings(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "generator client {\n  provider        = \"caspian-prisma\"\n  previewFeatures = [\"driverAdapters\"]\n}\n\ndatasource db {\n  provider = \"sqlite\"\n}\n\nmodel A {\n  id Int @id\n}\n")
	r := ppy(t, root, nil, "validate")
	if r.code != 0 || !strings.Contains(r.out, "is valid 🚀") || !strings.Contains(r.errOut, "warning: Preview feature \"driverAdapters\" is deprecated.") {
		t.Fatalf("validate with a warning: %+v", r)
	}
}
