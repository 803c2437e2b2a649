package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	root := newProject(t, pageSchema)
	r := ppy(t, root, nil, "generate")
	if r.code != 0 || !strings.Contains(r.out, "✔ Generated Prisma Client for Python (v"+Version+") to ./src/lib/prisma in ") {
		t.Fatalf("generate: %+v", r)
	}
	if !strings.Contains(r.out, "from src.lib.prisma.db import prisma") {
		t.Errorf("generate output lacks the import hint:\n%s", r.out)
	}
	entries, err := os.ReadDir(filepath.Join(root, "src", "lib", "prisma"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("nothing generated into src/lib/prisma: %v", err)
	}

	out := filepath.Join(t.TempDir(), "client")
	if r := ppy(t, root, nil, "generate", "--output", out); r.code != 0 || !exists(out) {
		t.Fatalf("generate --output: %+v", r)
	}
}
