package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
	"github.com/caspian-prisma/caspian-prisma/engine"
)

const fuzzSchema = `datasource db {
  provider = "sqlite"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
`

var fuzzDDL = []string{
	`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL, "name" TEXT)`,
	`CREATE UNIQUE INDEX "User_email_key" ON "User"("email")`,
	`CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL,
		CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE)`,
}

// The fuzz engine is opened once per process, as cp_open would (no test
// methods): a SQLite database with the tables of fuzzSchema.
var (
	fuzzOnce sync.Once
	fuzzEng  *bridge.Engine
	fuzzCh   *channel
	fuzzErr  string
	fuzzDir  string
	fuzzID   uint64
)

func fuzzEngine(t testing.TB) (*bridge.Engine, *channel) {
	fuzzOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cp-fuzz-")
		if err != nil {
			fuzzErr = err.Error()
			return
		}
		fuzzDir = dir
		cfg, _ := abi.Encode(map[string]any{"schema": fuzzSchema, "url": "file:" + filepath.Join(dir, "fuzz.db"), "root": dir})
		e, body := bridge.Open(cfg)
		if body != nil {
			fuzzErr = body.Message
			return
		}
		ch, err := newChannel()
		if err != nil {
			fuzzErr = err.Error()
			return
		}
		fuzzEng, fuzzCh = e, ch
		for _, sql := range fuzzDDL {
			b, _ := abi.EncodeRequest(abi.Request{Method: "query.raw", Params: map[string]any{"sql": sql, "args": []any{}, "kind": "execute"}})
			if r := roundTrip(t, b); r.Error != nil {
				fuzzErr = r.Error.Message
				return
			}
		}
	})
	if fuzzErr != "" {
		t.Fatalf("fuzz engine: %s", fuzzErr)
	}
	return fuzzEng, fuzzCh
}

// replies keeps replies that arrived for an id other than the awaited one.
var replies = map[uint64][]byte{}

// roundTrip is cp_submit then cp_poll until the reply: the whole path from
// bytes to an encoded reply. A refused envelope yields a zero Reply with
// Ok set to the status. A request still running after 5 s is canceled.
func roundTrip(t testing.TB, b []byte) abi.Reply {
	fuzzID++
	id := fuzzID
	rc := submit(fuzzEng, fuzzCh, id, b)
	switch rc {
	case statusOK:
	case statusBadRequest:
		if _, err := abi.DecodeRequest(b); err == nil {
			t.Fatalf("BAD_REQUEST for an envelope abi accepts: %x", b)
		}
		return abi.Reply{Ok: rc}
	default:
		t.Fatalf("cp_submit status %d for %x", rc, b)
	}
	deadline, canceled := time.Now().Add(5*time.Second), false
	for {
		if raw, ok := replies[id]; ok {
			delete(replies, id)
			r, err := abi.DecodeReply(raw)
			if err != nil {
				t.Fatalf("reply to %x does not decode: %v", b, err)
			}
			return r
		}
		batch, err := fuzzCh.drain()
		if err != nil {
			t.Fatal(err)
		}
		if batch != nil {
			v, err := abi.Decode(batch)
			if err != nil {
				t.Fatalf("cp_poll batch: %v", err)
			}
			for _, p := range v.([]any) {
				pair := p.([]any)
				replies[uint64(pair[0].(int64))] = pair[1].([]byte)
			}
			continue
		}
		if time.Now().After(deadline) {
			if canceled {
				t.Fatalf("no reply to %x 5 s after cp_cancel", b)
			}
			fuzzEng.Cancel(id)
			deadline, canceled = time.Now().Add(5*time.Second), true
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// FuzzSubmit drives the whole cp_submit path (decode, dispatch to a real
// engine on SQLite, encode the reply, cp_poll's batch) with arbitrary bytes:
// each must be refused with CP_ERR_BAD_REQUEST or answered with a reply that
// decodes, and no reply may be a recovered panic (is_panic): that is a bug
// in the engine, not a refusal. Seeds: testdata/fuzz/FuzzSubmit (hostile
// headers, one valid envelope per method) and abi's request fixtures. Run it
// with
//
//	go test ./pybridge -run '^$' -fuzz FuzzSubmit -fuzztime 15m
func FuzzSubmit(f *testing.F) {
	for _, name := range []string{"request", "request_config_resolve"} {
		b, err := os.ReadFile(filepath.Join("..", "abi", "testdata", name+".msgpack"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	fuzzEngine(f)
	f.Cleanup(func() {
		fuzzEng.Close()
		fuzzCh.close()
		_ = os.RemoveAll(fuzzDir)
	})
	stderr = io.Discard // a refused envelope is the expected outcome, not news
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzEngine(t)
		if req, err := abi.DecodeRequest(b); err == nil && engine.DebugMethods && strings.HasPrefix(req.Method, "debug.") {
			return // built with -tags caspian_debug: debug.panic panics on purpose
		}
		r := roundTrip(t, b)
		if r.Error != nil && r.Error.Meta["is_panic"] == true {
			t.Fatalf("%x: a panic in the engine: %s\n%s", b, r.Error.Message, r.Error.Meta["stack"])
		}
		// An opened transaction is rolled back at once, so the next input
		// does not wait for the database.
		if req, err := abi.DecodeRequest(b); err == nil && req.Method == "tx.begin" && r.Error == nil {
			rb, _ := abi.EncodeRequest(abi.Request{Method: "tx.rollback", Params: map[string]any{"tx": r.Ok}})
			roundTrip(t, rb)
		}
	})
}

// A panic while decoding an envelope is recovered by submit itself, and the
// library stays usable (bridge tests Call's and Do's recovers).
func TestPanicInDecodeIsRecovered(t *testing.T) {
	e := openTest(t, map[string]any{})
	ch := newTestChannel(t)
	ping, _ := abi.EncodeRequest(abi.Request{Method: "engine.ping"})
	decodeRequest = func([]byte) (abi.Request, error) { panic("decoder bug") }
	rc := submit(e, ch, 1, ping)
	decodeRequest = abi.DecodeRequest
	if rc != statusInternal {
		t.Errorf("submit with a panicking decoder: status %d, want CP_ERR_INTERNAL", rc)
	}
	if rc := submit(e, ch, 2, ping); rc != statusOK {
		t.Fatalf("submit after the panic: %d", rc)
	}
	if r := await(t, ch, 1)[2]; r.Ok != "pong" {
		t.Errorf("ping after the panic: %+v", r)
	}
}

// Hostile buffers (a 5-byte header declaring four billion elements once
// killed the host process, see abi/README.md) are statuses or error replies
// at every entry point that decodes: cp_submit, cp_call, cp_open, cp_cli.
func TestHostileBuffersAtEveryEntryPoint(t *testing.T) {
	e := openTest(t, map[string]any{})
	ch := newTestChannel(t)
	for i, b := range [][]byte{
		{0xdd, 0xff, 0xff, 0xff, 0xff},
		{0xdf, 0xff, 0xff, 0xff, 0xff},
		{0xdb, 0xff, 0xff, 0xff, 0xff},
		{0xc6, 0xff, 0xff, 0xff, 0xff},
		{0xc9, 0xff, 0xff, 0xff, 0xff, 0x01},
	} {
		if rc := submit(e, ch, uint64(i+1), b); rc != statusBadRequest {
			t.Errorf("submit %x: %d", b, rc)
		}
		if _, err := bridge.Call(b); err == nil {
			t.Errorf("bridge.Call %x accepted", b)
		}
		if _, body := bridge.Open(b); body == nil || !strings.Contains(body.Message, "EOF") {
			t.Errorf("bridge.Open %x: %+v", b, body)
		}
		if code := bridge.RunCLI(b, io.Discard, io.Discard); code != 2 {
			t.Errorf("bridge.RunCLI %x: exit %d", b, code)
		}
	}
}
