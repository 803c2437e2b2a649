package wasmhost

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// scenarioSchema has no default that differs between two runs (no now(),
// cuid() or uuid()), so both engines' replies can be compared byte for byte.
// User has the fields abi/testdata/request.msgpack asks for.
const scenarioSchema = `datasource db {
  provider = "sqlite"
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  score     Float    @default(0)
  balance   Decimal  @default(0)
  avatar    Bytes?
  createdAt DateTime
  posts     Post[]
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  published Boolean @default(false)
  views     BigInt  @default(0)
  meta      Json?
  authorId  Int
  author    User    @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
`

var scenarioDDL = []string{
	`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL, "name" TEXT,
		"score" REAL NOT NULL DEFAULT 0, "balance" DECIMAL NOT NULL DEFAULT 0, "avatar" BLOB, "createdAt" DATETIME NOT NULL)`,
	`CREATE UNIQUE INDEX "User_email_key" ON "User"("email")`,
	`CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT false,
		"views" BIGINT NOT NULL DEFAULT 0, "meta" JSONB, "authorId" INTEGER NOT NULL,
		CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE)`,
}

func pushScenario(p *pair) {
	p.t.Helper()
	for i, sql := range scenarioDDL {
		if r := p.do("ddl", abi.MethodQueryRaw, map[string]any{"sql": sql, "args": []any{}, "kind": "execute"}); r.Error != nil {
			p.t.Fatalf("ddl %d: %+v", i, r.Error)
		}
	}
}

func jsonDecode(b []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	*v.(*map[string]any) = numbers(*v.(*map[string]any)).(map[string]any)
	return nil
}

// numbers turns json.Numbers into int64 or float64, as msgpack carries them.
func numbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbers(e)
		}
	}
	return v
}

func q(model, action string, args map[string]any) map[string]any {
	return map[string]any{"model": model, "action": action, "args": args}
}

type step struct {
	name   string
	method string
	params map[string]any
}

func date(s string) time.Time {
	d, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return d
}

// scenario is a client session as the Python runtime would send it: writes,
// reads with relations and filters, aggregates, raw SQL, a transaction, and
// the errors a user meets (unique violation, missing record, bad argument).
var scenario = []step{
	{"create", "query.execute", q("User", "create", map[string]any{"data": map[string]any{
		"email": "alice@example.com", "name": "Alice", "createdAt": date("2024-05-01T10:00:00Z"),
		"balance": abi.Decimal("12.50"), "avatar": []byte{0x00, 0xff, 0x10},
		"posts": map[string]any{"create": []any{
			map[string]any{"title": "Caspian and SQLite", "published": true, "meta": map[string]any{"tags": []any{"a", "b"}}},
			map[string]any{"title": "Draft"},
		}}}})},
	{"createMany", "query.execute", q("User", "createMany", map[string]any{"data": []any{
		map[string]any{"email": "bob@example.com", "createdAt": date("2024-05-02T10:00:00Z"), "score": 1.5},
		map[string]any{"email": "carol@example.com", "name": "Carol", "createdAt": date("1969-12-31T23:59:59.123Z")},
	}})},
	{"duplicate email", "query.execute", q("User", "create", map[string]any{"data": map[string]any{
		"email": "bob@example.com", "createdAt": date("2024-05-03T10:00:00Z")}})},
	{"findMany include", "query.execute", q("User", "findMany", map[string]any{
		"where":   map[string]any{"OR": []any{map[string]any{"name": map[string]any{"contains": "li"}}, map[string]any{"score": map[string]any{"gt": 1}}}},
		"include": map[string]any{"posts": map[string]any{"orderBy": map[string]any{"id": "asc"}}},
		"orderBy": map[string]any{"createdAt": "desc"}})},
	{"findUnique", "query.execute", q("User", "findUnique", map[string]any{"where": map[string]any{"email": "carol@example.com"}})},
	{"findUniqueOrThrow missing", "query.execute", q("User", "findUniqueOrThrow", map[string]any{"where": map[string]any{"id": int64(99)}})},
	{"update increment", "query.execute", q("Post", "updateMany", map[string]any{
		"where": map[string]any{"published": true}, "data": map[string]any{"views": map[string]any{"increment": int64(10)}}})},
	{"aggregate", "query.execute", q("User", "aggregate", map[string]any{"_count": map[string]any{"_all": true},
		"_avg": map[string]any{"score": true}, "_max": map[string]any{"createdAt": true}})},
	{"groupBy", "query.execute", q("Post", "groupBy", map[string]any{"by": []any{"published"},
		"_count": map[string]any{"_all": true}, "orderBy": map[string]any{"published": "asc"}})},
	{"raw", "query.raw", map[string]any{"sql": `SELECT "email", "balance", "avatar" FROM "User" ORDER BY "id"`, "args": []any{}, "kind": "query"}},
	{"bad argument", "query.execute", q("User", "findMany", map[string]any{"where": map[string]any{"nope": int64(1)}})},
	{"unknown method", "query.nope", nil},
	{"ping", "engine.ping", nil},
}

// TestScenario runs the scenario on a SQLite file on each side, then a
// transaction: begin with a client token, a write inside it, commit, and
// the read that sees it.
func TestScenario(t *testing.T) {
	m, stderr := newModule(t)
	p := openPair(t, m, stderr, map[string]any{"schema": scenarioSchema, "db": "s.db", "log_queries": true})
	pushScenario(p)
	for _, s := range scenario {
		p.do(s.name, s.method, s.params)
	}
	begin := p.do("tx.begin", abi.MethodTxBegin, map[string]any{"token": "t1", "timeout_ms": int64(5000), "max_wait_ms": int64(2000)})
	if begin.Error != nil {
		t.Fatalf("tx.begin: %+v", begin.Error)
	}
	tx := begin.Ok
	p.do("create in tx", "query.execute", map[string]any{"model": "User", "action": "create", "tx": tx,
		"args": map[string]any{"data": map[string]any{"email": "dan@example.com", "createdAt": date("2024-05-04T10:00:00Z")}}})
	p.do("tx.commit", abi.MethodTxCommit, map[string]any{"tx": tx})
	p.do("count after tx", "query.execute", q("User", "count", map[string]any{}))
	// Typed raw SQL's description of a statement (ppy generate --sql).
	if r := p.do("describe", abi.MethodQueryDescribe, map[string]any{"sql": `SELECT u."id", u."name", p."views", p."meta", COUNT(*) AS n
		FROM "User" u LEFT JOIN "Post" p ON p."authorId" = u."id" WHERE u."email" = :email GROUP BY u."id"`}); r.Error != nil {
		t.Errorf("describe: %+v", r.Error)
	}
	if r := p.do("describe rejected", abi.MethodQueryDescribe, map[string]any{"sql": `SELECT "nope" FROM "Missing"`}); r.Error == nil {
		t.Error("describing a statement on a missing table succeeded")
	}
}
