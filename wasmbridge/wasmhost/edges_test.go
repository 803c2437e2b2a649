package wasmhost

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// PostgreSQL and MySQL URLs open (the engine connects lazily) and their
// first query is refused with P1001 naming the native wheel.
func TestNetworkURLsNameTheNativeWheel(t *testing.T) {
	m, stderr := newModule(t)
	ctx := context.Background()
	for _, u := range []string{"postgresql://u:s3cret@127.0.0.1:5432/db", "mysql://u:s3cret@127.0.0.1:3306/db"} {
		cfg, _ := abi.Encode(map[string]any{"url": u})
		h, em, st, err := m.Open(ctx, cfg)
		if err != nil || st != bridge.StatusOK {
			t.Fatalf("%s: open %d %v %q\n%s", u, st, err, em, stderr)
		}
		req, _ := abi.EncodeRequest(abi.Request{Method: abi.MethodQueryRaw, Params: map[string]any{"sql": "SELECT 1", "args": []any{}, "kind": "query"}})
		b, st, err := m.Request(ctx, h, req)
		if err != nil || st != bridge.StatusOK {
			t.Fatalf("%s: request %d %v", u, st, err)
		}
		r, _ := abi.DecodeReply(b)
		if r.Error == nil || r.Error.Code != "P1001" || !strings.Contains(r.Error.Message, "native wheel") ||
			!strings.Contains(r.Error.Message, "WASI preview 1 has no network sockets") || strings.Contains(r.Error.Message, "s3cret") {
			t.Errorf("%s: %+v", u, r.Error)
		}
		m.CloseEngine(ctx, h)
	}
}

// What the transport refuses, it refuses the same way: a bad config is
// StatusOpen with the same error map, a hostile envelope StatusBadRequest,
// an unknown handle StatusBadHandle, and the module stays usable.
func TestRefusals(t *testing.T) {
	m, _ := newModule(t)
	ctx := context.Background()
	for _, cfg := range [][]byte{{0xc1}, {0xdd, 0xff, 0xff, 0xff, 0xff}, mustEncode(t, map[string]any{"max_in_flight": int64(0)})} {
		_, em, st, err := m.Open(ctx, cfg)
		_, body := bridge.Open(cfg)
		want, _ := bridge.EncodeError(body)
		if err != nil || st != bridge.StatusOpen || !bytes.Equal(em, want) {
			t.Errorf("open %x: status %d %v\n got %q\nwant %q", cfg, st, err, em, want)
		}
	}
	h, _, st, err := m.Open(ctx, mustEncode(t, map[string]any{}))
	if err != nil || st != bridge.StatusOK {
		t.Fatalf("open: %d %v", st, err)
	}
	for _, b := range [][]byte{{0xdd, 0xff, 0xff, 0xff, 0xff}, {0xc9, 0xff, 0xff, 0xff, 0xff, 0x01}, {0xc1}} {
		if _, st, err := m.Request(ctx, h, b); err != nil || st != bridge.StatusBadRequest {
			t.Errorf("request %x: %d %v", b, st, err)
		}
		if _, st, err := m.Call(ctx, b); err != nil || st != bridge.StatusBadRequest {
			t.Errorf("call %x: %d %v", b, st, err)
		}
		if code, err := m.CLI(ctx, b); err != nil || code != 2 {
			t.Errorf("cli %x: %d %v", b, code, err)
		}
	}
	ping := mustEncode(t, map[string]any{"method": "engine.ping"})
	if _, st, err := m.Request(ctx, h+1, ping); err != nil || st != bridge.StatusBadHandle {
		t.Errorf("unknown handle: %d %v", st, err)
	}
	if st, err := m.CloseEngine(ctx, h); err != nil || st != bridge.StatusOK {
		t.Errorf("close: %d %v", st, err)
	}
	if _, st, err := m.Request(ctx, h, ping); err != nil || st != bridge.StatusBadHandle {
		t.Errorf("closed handle: %d %v", st, err)
	}
}

func mustEncode(t testing.TB, v any) []byte {
	t.Helper()
	b, err := abi.Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The ppy command line in the module prints what it prints natively and
// writes the same files: validate, format --check, db push, generate and
// an offline migrate diff, in a project on SQLite.
func TestCLI(t *testing.T) {
	m, out := newModule(t)
	dir := t.TempDir()
	roots := map[string]string{}
	for _, side := range []string{"n", "w"} {
		root := filepath.Join(dir, side, "app")
		roots[side] = root
		for name, text := range map[string]string{
			"prisma/schema.prisma": scenarioSchema,
			".env":                 "DATABASE_URL=\"file:./dev.db\"\n",
		} {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, args := range [][]string{
		{"validate"},
		{"format", "--check"},
		{"db", "push"},
		{"generate"},
		{"migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"},
		{"migrate", "status"},
	} {
		inv := func(side string) []byte {
			return mustEncode(t, map[string]any{"args": toAny(args), "env": map[string]any{"HOME": dir}, "cwd": roots[side]})
		}
		var native bytes.Buffer
		nc := bridge.RunCLI(inv("n"), &native, &native)
		out.Reset()
		wc, err := m.CLI(context.Background(), inv("w"))
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		got := elapsed.ReplaceAllString(strings.ReplaceAll(out.String(), roots["w"], roots["n"]), "in <t>")
		want := elapsed.ReplaceAllString(native.String(), "in <t>")
		if wc != int32(nc) || got != want {
			t.Errorf("ppy %s: exit %d natively, %d in the module\nnative:\n%s\nmodule:\n%s", strings.Join(args, " "), nc, wc, want, got)
		}
	}
	nt, wt := tree(t, filepath.Join(roots["n"], "src")), tree(t, filepath.Join(roots["w"], "src"))
	if len(nt) == 0 || len(nt) != len(wt) {
		t.Fatalf("generated %d files natively, %d in the module", len(nt), len(wt))
	}
	for name, text := range nt {
		if wt[name] != text {
			t.Errorf("generated %s differs", name)
		}
	}
}

// elapsed is how long a command took ("Done in 6ms"), which differs.
var elapsed = regexp.MustCompile(`in [0-9.]+m?s\b`)

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// tree reads every file under root, keyed by its relative path.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The module's dot-file locks and the native library's OFD locks do not
// see each other, so the two forms must not share a database. What keeps
// a mistake from corrupting it is WAL's index: the module makes "<db>-shm"
// a directory, the native engine a mapped file, and whichever comes second
// fails instead of writing.
func TestNativeAndModuleRefuseToShareADatabase(t *testing.T) {
	m, _ := newModule(t)
	ctx := context.Background()
	raw := func(sql string) []byte {
		return mustEncode(t, map[string]any{"method": "query.raw", "params": map[string]any{"sql": sql, "args": []any{}, "kind": "execute"}})
	}
	for _, moduleFirst := range []bool{true, false} {
		cfg := mustEncode(t, map[string]any{"url": "file:" + filepath.Join(t.TempDir(), "shared.db")})
		h, _, st, err := m.Open(ctx, cfg)
		if err != nil || st != bridge.StatusOK {
			t.Fatalf("open: %d %v", st, err)
		}
		e, body := bridge.Open(cfg)
		if body != nil {
			t.Fatal(body)
		}
		wasm := func() *abi.ErrorBody {
			b, _, err := m.Request(ctx, h, raw("CREATE TABLE IF NOT EXISTS w (a INTEGER)"))
			if err != nil {
				t.Fatal(err)
			}
			r, _ := abi.DecodeReply(b)
			return r.Error
		}
		native := func() *abi.ErrorBody {
			b, _ := e.Do(raw("CREATE TABLE IF NOT EXISTS n (a INTEGER)"))
			r, _ := abi.DecodeReply(b)
			return r.Error
		}
		first, second := native, wasm
		if moduleFirst {
			first, second = wasm, native
		}
		if err := first(); err != nil {
			t.Fatalf("moduleFirst=%v: first: %+v", moduleFirst, err)
		}
		if err := second(); err == nil {
			t.Errorf("moduleFirst=%v: the second form wrote to a database the first holds", moduleFirst)
		} else {
			t.Logf("moduleFirst=%v: second refused: %s %s", moduleFirst, err.Code, err.Message)
		}
		e.Close()
		m.CloseEngine(ctx, h)
	}
}

// ppy db seed cannot start the seed in the module (WASI preview 1 has no
// processes): it says so, names the command to run instead, and fails;
// ppy studio (no sockets to listen on) names the native engine.
func TestSeedAndStudioSayWhatToDoInstead(t *testing.T) {
	m, out := newModule(t)
	root := t.TempDir()
	for name, text := range map[string]string{
		"prisma/schema.prisma": scenarioSchema,
		"prisma/seed.py":       "async def main():\n    pass\n",
		"prisma.config.ts":     `export default { seed: { import: "./prisma/seed.py" } }`,
		".env":                 "DATABASE_URL=\"file:./dev.db\"\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	code, err := m.CLI(context.Background(), mustEncode(t, map[string]any{"args": toAny([]string{"db", "seed"}), "env": map[string]any{"PPY_PYTHON": "/usr/bin/python3"}, "cwd": root}))
	if err != nil || code != 1 || !strings.Contains(out.String(), "cannot start commands") || !strings.Contains(out.String(), "caspian_prisma.seed prisma/seed.py") {
		t.Errorf("exit %d %v\n%s", code, err, out)
	}
	// Nor can it listen: ppy studio names the native engine.
	out.Reset()
	code, err = m.CLI(context.Background(), mustEncode(t, map[string]any{"args": toAny([]string{"studio"}), "env": map[string]any{}, "cwd": root}))
	if err != nil || code != 1 || !strings.Contains(out.String(), "ppy studio needs the native engine") {
		t.Errorf("studio: exit %d %v\n%s", code, err, out)
	}
}
