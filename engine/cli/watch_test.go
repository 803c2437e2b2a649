package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestGenerateWatch(t *testing.T) {
	root := t.TempDir()
	schemaFile := filepath.Join(root, "prisma", "schema.prisma")
	v1 := "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id Int @id\n}\n"
	write(t, schemaFile, v1)
	watchPoll = 20 * time.Millisecond
	watchStop = make(chan struct{})
	defer func() { watchStop = nil }()
	var out, errOut syncBuf
	done := make(chan int)
	go func() { done <- Main([]string{"generate", "--watch"}, map[string]string{}, root, &out, &errOut) }()
	waitFor := func(s string, n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if strings.Count(out.String(), s) >= n {
				return
			}
		}
		t.Fatalf("no %q (x%d) in:\n%s\n%s", s, n, out.String(), errOut.String())
	}
	waitFor("Watching prisma/schema.prisma for changes", 1)
	write(t, schemaFile, strings.Replace(v1, "id Int @id", "id Int @id\n  name String?", 1)+"\nmodel Post {\n  id Int @id\n}\n")
	waitFor("Change detected: prisma/schema.prisma (+ model Post, ~ model User)", 1)
	waitFor("Generated Prisma Client for Python", 2)
	if !strings.Contains(readFile(t, filepath.Join(root, "src", "lib", "prisma", "models.py")), "class Post") {
		t.Errorf("Post was not generated")
	}
	// A broken schema reports its error and the watch goes on.
	write(t, schemaFile, v1+"\nmodel Broken {\n")
	waitFor("Change detected", 2)
	write(t, schemaFile, v1)
	waitFor("Change detected", 3)
	waitFor("Generated Prisma Client for Python", 3)
	close(watchStop)
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
	waitFor("Stopped watching.", 1)
	if !strings.Contains(errOut.String(), "Error") {
		t.Errorf("no error reported for the broken schema:\n%s", errOut.String())
	}
}
