package wasmhost

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

// go test ./wasmbridge/wasmhost -run '^$' -bench . compares a point
// query (findUnique by a unique field, encode to reply bytes) through the
// module with the same request through bridge directly, and times an
// instantiation with wazero's compiled code cached (the warm cold start).

func BenchmarkPointQuery(b *testing.B) {
	m, stderr := newModule(b)
	p := openPair(b, m, stderr, map[string]any{"schema": scenarioSchema, "db": "bench.db"})
	pushScenario(p)
	p.do("create", scenario[0].method, scenario[0].params)
	req := mustEncode(b, map[string]any{"method": "query.execute", "params": q("User", "findUnique", map[string]any{"where": map[string]any{"email": "alice@example.com"}})})
	ctx := context.Background()
	b.Run("native", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.native.Do(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("wasm", func(b *testing.B) {
		for b.Loop() {
			if _, st, err := m.Request(ctx, p.handle, req); err != nil || st != bridge.StatusOK {
				b.Fatal(st, err)
			}
		}
	})
}

func BenchmarkInstantiateCached(b *testing.B) { benchInstantiate(b, cacheDir(b)) }

// BenchmarkInstantiateCold compiles the module every time (run it with
// -benchtime 1x: it takes tens of seconds).
func BenchmarkInstantiateCold(b *testing.B) { benchInstantiate(b, "") }

func benchInstantiate(b *testing.B, cache string) {
	wasm := moduleBytes(b)
	ctx := context.Background()
	for b.Loop() {
		m, err := New(ctx, wasm, Config{Dirs: map[string]string{"/": "/"}, CacheDir: cache})
		if err != nil {
			b.Fatal(err)
		}
		if v, err := m.Version(ctx); err != nil || v != abi.Version {
			b.Fatal(v, err)
		}
		m.Close(ctx)
	}
}
