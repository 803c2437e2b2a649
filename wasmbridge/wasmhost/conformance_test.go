package wasmhost

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// The conformance tests send the same bytes to the module (through wazero)
// and to package bridge called directly (the native library's path), and
// require the same reply bytes, so the two forms of the engine cannot
// drift. Each side gets its own SQLite file, <dir>/n/<name> natively and
// <dir>/w/<name> in the module (never the same file: the module's
// dot-file locks and the native library's OFD locks do not see each other,
// see wasmbridge's doc), and the module's replies have "<dir>/w/" turned
// into "<dir>/n/" (same length, so the msgpack stays valid) before the
// bytes are compared.

// pair is one engine opened on both sides from the same config.
type pair struct {
	t      testing.TB
	m      *Module
	stderr *bytes.Buffer
	native *bridge.Engine
	handle uint64
	txs    map[string]string // native transaction id → the module's
	// wdir and ndir are the two sides' folders, as bytes to replace.
	wdir, ndir []byte
}

// openPair opens cfg on both sides; a "db" key names a SQLite file, which
// becomes the url: file:<dir>/n/<db> natively, file:<dir>/w/<db> in the module.
func openPair(t testing.TB, m *Module, stderr *bytes.Buffer, cfg map[string]any) *pair {
	t.Helper()
	dir := t.TempDir()
	p := &pair{t: t, m: m, stderr: stderr, txs: map[string]string{},
		wdir: []byte(filepath.Join(dir, "w") + "/"), ndir: []byte(filepath.Join(dir, "n") + "/")}
	encode := func(side []byte) []byte {
		c := map[string]any{}
		for k, v := range cfg {
			c[k] = v
		}
		if db, ok := c["db"].(string); ok {
			delete(c, "db")
			if err := os.MkdirAll(string(side), 0o755); err != nil {
				t.Fatal(err)
			}
			c["url"] = "file:" + string(side) + db
		}
		b, err := abi.Encode(c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ctx := context.Background()
	h, em, st, err := m.Open(ctx, encode(p.wdir))
	if err != nil || st != bridge.StatusOK {
		t.Fatalf("wasm open: status %d, %v, %q\n%s", st, err, em, stderr)
	}
	e, body := bridge.Open(encode(p.ndir))
	if body != nil {
		t.Fatalf("native open: %+v", body)
	}
	p.native, p.handle = e, h
	t.Cleanup(func() {
		e.Close()
		if st, err := m.CloseEngine(ctx, h); err != nil || st != bridge.StatusOK {
			t.Errorf("wasm close: status %d, %v", st, err)
		}
	})
	return p
}

// exchange sends nativeEnv natively and wasmEnv to the module. Replies
// must be equal: byte for byte when exact, else once decoded, with the
// query log's durations and a tx.begin's (random) transaction ids set aside.
func (p *pair) exchange(name string, nativeEnv, wasmEnv []byte, exact bool) abi.Reply {
	p.t.Helper()
	want, werr := p.native.Do(nativeEnv)
	got, st, err := p.m.Request(context.Background(), p.handle, wasmEnv)
	if err != nil {
		p.t.Fatalf("%s: wasm: %v\n%s", name, err, p.stderr)
	}
	if werr != nil {
		if st != bridge.StatusBadRequest {
			p.t.Errorf("%s: native refused the envelope (%v), wasm status %d", name, werr, st)
		}
		return abi.Reply{}
	}
	if st != bridge.StatusOK {
		p.t.Fatalf("%s: wasm status %d\n%s", name, st, p.stderr)
	}
	got = bytes.ReplaceAll(got, p.wdir, p.ndir)
	r, err := abi.DecodeReply(want)
	if err != nil {
		p.t.Fatalf("%s: native reply: %v", name, err)
	}
	g, err := abi.DecodeReply(got)
	if err != nil {
		p.t.Fatalf("%s: wasm reply: %v", name, err)
	}
	if exact && !bytes.Equal(got, want) || !exact && !sameReply(r, g, p.txs) {
		p.t.Errorf("%s: replies differ\nnative %+v %+v\nwasm   %+v %+v", name, r, r.Error, g, g.Error)
	}
	return r
}

// metrics compares engine.metrics replies by their counters: the
// histograms hold durations.
func (p *pair) metrics(name string, env []byte) {
	p.t.Helper()
	want, err := p.native.Do(env)
	if err != nil {
		p.t.Fatal(err)
	}
	got, st, err := p.m.Request(context.Background(), p.handle, env)
	if err != nil || st != bridge.StatusOK {
		p.t.Fatalf("%s: wasm %d %v", name, st, err)
	}
	n, _ := abi.DecodeReply(want)
	w, _ := abi.DecodeReply(got)
	nm, _ := n.Ok.(map[string]any)
	wm, _ := w.Ok.(map[string]any)
	if nm == nil || wm == nil || !reflect.DeepEqual(nm["counters"], wm["counters"]) {
		p.t.Errorf("%s: counters differ\nnative %+v\nwasm   %+v", name, n, w)
	}
}

// sameReply compares decoded replies without the log's durations; a
// transaction id (a string Ok beside a BEGIN in the log) is recorded in
// txs, native id to module id, instead of compared.
func sameReply(n, w abi.Reply, txs map[string]string) bool {
	if len(n.Log) != len(w.Log) {
		return false
	}
	for i := range n.Log {
		if n.Log[i].SQL != w.Log[i].SQL {
			return false
		}
	}
	nid, ok1 := n.Ok.(string)
	wid, ok2 := w.Ok.(string)
	if ok1 && ok2 && len(n.Log) > 0 && n.Log[0].SQL == "BEGIN" {
		txs[nid] = wid
		return n.Error == nil && w.Error == nil
	}
	return reflect.DeepEqual(n.Ok, w.Ok) && reflect.DeepEqual(n.Error, w.Error)
}

// do sends {method, params} to both engines; a "tx" param naming a native
// transaction names the module's own one in the module's copy.
func (p *pair) do(name, method string, params map[string]any) abi.Reply {
	p.t.Helper()
	nativeEnv, err := abi.EncodeRequest(abi.Request{Method: method, Params: params})
	if err != nil {
		p.t.Fatal(err)
	}
	wasmEnv := nativeEnv
	if tx, ok := params["tx"].(string); ok {
		wp := map[string]any{}
		for k, v := range params {
			wp[k] = v
		}
		wp["tx"] = p.txs[tx]
		if wasmEnv, err = abi.EncodeRequest(abi.Request{Method: method, Params: wp}); err != nil {
			p.t.Fatal(err)
		}
	}
	return p.exchange(name, nativeEnv, wasmEnv, false)
}

// TestQueryGoldens plans every request of the query goldens
// (engine/query/testdata/cases) for each dialect with query.explain, which
// needs no connection, so PostgreSQL and MySQL SQL is checked too.
func TestQueryGoldens(t *testing.T) {
	m, stderr := newModule(t)
	schema, err := os.ReadFile("../../engine/query/testdata/schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	p := openPair(t, m, stderr, map[string]any{"schema": string(schema)})
	cases, _ := filepath.Glob("../../engine/query/testdata/cases/*.json")
	if len(cases) == 0 {
		t.Fatal("no query cases")
	}
	for _, path := range cases {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var params map[string]any
		if err := jsonDecode(raw, &params); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, provider := range []string{"sqlite", "postgresql", "mysql"} {
			params["provider"] = provider
			p.do(filepath.Base(path)+"/"+provider, abi.MethodQueryExplain, params)
		}
	}
}

// TestABIFixtures sends every request fixture of abi/testdata as it is, and
// every value fixture as the arguments of a raw SELECT, to both engines on
// a SQLite file; config.resolve goes through cp_call.
func TestABIFixtures(t *testing.T) {
	m, stderr := newModule(t)
	p := openPair(t, m, stderr, map[string]any{"schema": scenarioSchema, "db": "fx.db"})
	pushScenario(p)
	files, _ := filepath.Glob("../../abi/testdata/*.msgpack")
	var n int
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".msgpack")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case name == "request_config_resolve":
			want, werr := bridge.Call(b)
			got, st, err := m.Call(context.Background(), b)
			if werr != nil || err != nil || st != bridge.StatusOK || !bytes.Equal(got, want) {
				t.Errorf("%s: native %q %v, wasm %q %d %v", name, want, werr, got, st, err)
			}
		case strings.HasPrefix(name, "request"):
			req, err := abi.DecodeRequest(b)
			if err != nil {
				t.Fatal(err)
			}
			if req.Method == "engine.metrics" {
				p.metrics(name, b)
			} else {
				p.exchange(name, b, b, !req.Log) // a log has timings
			}
		case strings.HasPrefix(name, "reply_"):
			// Replies only travel out of the engine: the Python tests decode these.
		default:
			v, err := abi.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			args, ok := v.([]any)
			if !ok {
				args = []any{v}
			}
			sql := "SELECT " + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
			p.do(name, abi.MethodQueryRaw, map[string]any{"sql": sql, "args": args, "kind": "query"})
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d fixtures", n)
	}
}
