package wasmhost

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

// The module is built once per test process into a temporary directory,
// by the same command as make wasm; Go's build cache makes a rebuild cheap.
var (
	buildOnce sync.Once
	wasmBytes []byte
	buildErr  error
)

func moduleBytes(t testing.TB) []byte {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cp-wasm-")
		if err != nil {
			buildErr = err
			return
		}
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "caspian_prisma.wasm")
		start := time.Now()
		cmd := exec.Command("go", "build", "-buildmode=c-shared", "-trimpath", "-tags=sqlite3_dotlk", "-ldflags=-s -w", "-o", out, "./wasmbridge")
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		if b, err := cmd.CombinedOutput(); err != nil {
			buildErr = err
			wasmBytes = b
			return
		}
		wasmBytes, buildErr = os.ReadFile(out)
		if testing.Verbose() {
			println("built caspian_prisma.wasm:", len(wasmBytes), "bytes in", time.Since(start).Round(time.Millisecond).String())
		}
	})
	if buildErr != nil {
		t.Fatalf("GOOS=wasip1 go build ./wasmbridge: %v\n%s", buildErr, wasmBytes)
	}
	return wasmBytes
}

// cacheDir keeps wazero's compiled code between test runs (a cold compile
// of the module takes 20-50 s on 2 busy cores, a cached one under 1.5 s).
// Each build of the module adds an entry of about 130 MB, so the first
// call keeps only the two newest.
func cacheDir(t testing.TB) string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	dir := filepath.Join(d, "caspian_prisma", "wazero")
	pruneOnce.Do(func() { prune(dir, 2) })
	return dir
}

var pruneOnce sync.Once

// prune removes all but the keep newest files under dir's subfolders
// (wazero keeps one file per compiled module in a folder per version).
func prune(dir string, keep int) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	type entry struct {
		path string
		mod  time.Time
	}
	var es []entry
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			es = append(es, entry{p, fi.ModTime()})
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].mod.After(es[j].mod) })
	for i := keep; i < len(es); i++ {
		os.Remove(es[i].path)
	}
}

// newModule instantiates the module with the host's root preopened at "/",
// so paths mean the same in the module as natively. (Preopening only the
// test's directory is not enough: SQLite resolves a database's path with
// filepath.EvalSymlinks, which Lstats every ancestor directory.)
func newModule(t testing.TB) (*Module, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	wasm := moduleBytes(t)
	start := time.Now()
	m, err := New(context.Background(), wasm, Config{
		Dirs: map[string]string{"/": "/"}, Stdout: &stderr, Stderr: &stderr, CacheDir: cacheDir(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("instantiated in %v", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() { m.Close(context.Background()) })
	return m, &stderr
}
