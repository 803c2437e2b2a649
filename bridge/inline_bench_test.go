package bridge

import (
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// BenchmarkTryPointLookup is the bench's sequential point lookup as the
// Python bridge hands it to cp_try: an encoded envelope in, an encoded
// reply out (numbers for comparison come from bench/, not from here). Its
// parts: decoding the envelope, the engine's inline answer, encoding the
// reply.
func BenchmarkTryPointLookup(b *testing.B) {
	schema := "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n" +
		"  email String @unique\n  name  String\n}\n"
	cfg, _ := abi.Encode(map[string]any{"schema": schema, "url": "file:./b.db", "root": b.TempDir()})
	e, body := Open(cfg)
	if body != nil {
		b.Fatal(body)
	}
	b.Cleanup(e.Close)
	do := func(req abi.Request) any {
		env, _ := abi.EncodeRequest(req)
		out, err := e.Do(env)
		r, derr := abi.DecodeReply(out)
		if err != nil || derr != nil || r.Error != nil {
			b.Fatal(err, derr, r.Error)
		}
		return r.Ok
	}
	do(abi.Request{Method: "query.raw", Params: map[string]any{"kind": "execute", "args": []any{},
		"sql": `CREATE TABLE "User" (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL)`}})
	do(abi.Request{Method: "query.execute", Params: map[string]any{"model": "User", "action": "create",
		"args": map[string]any{"data": map[string]any{"email": "a@b.c", "name": "A"}}}})
	req := abi.Request{Method: "query.execute", Params: map[string]any{"model": "User", "action": "findUnique",
		"args": map[string]any{"where": map[string]any{"id": int64(1)}}}}
	env, _ := abi.EncodeRequest(req)
	reply, st := e.Try(env)
	for st != StatusOK { // the first read opens a reader: not inline
		do(req)
		reply, st = e.Try(env)
	}
	r, _ := abi.DecodeReply(reply)
	b.Run("Try", func(b *testing.B) {
		// After an answer ran past the inline budget (a busy machine) the
		// engine answers StatusLater for a while: counted, not timed apart.
		later := 0
		for i := 0; i < b.N; i++ {
			if _, st := e.Try(env); st == StatusLater {
				later++
			} else if st != StatusOK {
				b.Fatalf("status %d", st)
			}
		}
		b.ReportMetric(float64(later)/float64(b.N), "later/op")
	})
	b.Run("decode", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := decodeRequest(env); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			encodeReply(req, r)
		}
	})
}
