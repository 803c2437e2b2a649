package studio

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

const testSchema = `datasource db {
  provider = "sqlite"
}

/// People who write posts.
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  big   BigInt  @default(0)
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`

// newTestServer opens the engine on a fresh SQLite file with the tables of
// testSchema and returns an httptest server over it.
func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	url := "file:" + filepath.Join(t.TempDir(), "studio.db")
	eng, err := engine.Open(engine.Config{Schema: testSchema, URL: url, LogQueries: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	for _, sql := range []string{
		`CREATE TABLE "User" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL UNIQUE, "name" TEXT, "big" BIGINT NOT NULL DEFAULT 0)`,
		`CREATE TABLE "Post" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL REFERENCES "User"("id"))`,
	} {
		if _, err := eng.Handle(context.Background(), "query.raw", map[string]any{"sql": sql, "kind": "execute", "args": []any{}}); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := schema.Parse(testSchema, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	s := New(eng, sch, "sqlite", "127.0.0.1", "")
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

// call makes one API request; token "" sends none.
func call(t *testing.T, ts *httptest.Server, method, path, token, body string, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func TestGuards(t *testing.T) {
	s, ts := newTestServer(t)
	cases := []struct {
		name, path, token string
		hdr               map[string]string
		want              int
	}{
		{"no token", "/api/models", "", nil, 403},
		{"wrong token", "/api/models", "x" + s.Token()[1:], nil, 403},
		{"token", "/api/models", s.Token(), nil, 200},
		{"rebinding host", "/api/models", s.Token(), map[string]string{"Host": "evil.example:51212"}, 403},
		{"rebinding host on the page", "/", "", map[string]string{"Host": "evil.example"}, 403},
		{"localhost", "/api/models", s.Token(), map[string]string{"Host": "localhost:51212"}, 200},
		{"cross origin", "/api/models", s.Token(), map[string]string{"Origin": "http://evil.example"}, 403},
		{"same origin", "/api/models", s.Token(), map[string]string{"Origin": ts.URL}, 200},
		{"cross site fetch", "/api/models", s.Token(), map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"page without token", "/", "", nil, 200},
		{"a script", "/app.js", "", nil, 200},
		{"no folder listing", "/vendor/", "", nil, 404},
	}
	for _, c := range cases {
		if got, body := call(t, ts, "GET", c.path, c.token, "", c.hdr); got != c.want {
			t.Errorf("%s: status %d, want %d (%v)", c.name, got, c.want, body)
		}
	}
}

func TestHostAllowed(t *testing.T) {
	s := &Server{hostname: "devbox.lan"}
	for host, want := range map[string]bool{
		"127.0.0.1:51212": true, "localhost": true, "[::1]:80": true, "app.localhost:1": true,
		"devbox.lan:51212": true, "10.0.0.5:51212": true, "attacker.example:51212": false, "": false,
	} {
		if got := s.hostAllowed(host); got != want {
			t.Errorf("hostAllowed(%q) = %v, want %v", host, got, want)
		}
	}
	if IsLoopback("0.0.0.0") || !IsLoopback("127.0.0.1") || !IsLoopback("localhost") || !IsLoopback("::1") {
		t.Error("IsLoopback is wrong")
	}
}

func TestRowsAndSave(t *testing.T) {
	s, ts := newTestServer(t)
	tok := s.Token()
	code, out := call(t, ts, "POST", "/api/save", tok, `{"ops":[
		{"op":"create","model":"User","data":{"email":"a@x.io","name":"Ann","big":"9007199254740993"}},
		{"op":"create","model":"User","data":{"email":"b@x.io"}},
		{"op":"create","model":"Post","data":{"title":"Hi","author":{"connect":{"id":1}}}}]}`, nil)
	if code != 200 || out["saved"] != 3.0 {
		t.Fatalf("save: %d %v", code, out)
	}
	code, out = call(t, ts, "POST", "/api/rows", tok, `{"model":"User","where":{"email":{"contains":"x.io"}},"orderBy":[{"email":"desc"}],"take":1,"skip":1}`, nil)
	if code != 200 {
		t.Fatalf("rows: %d %v", code, out)
	}
	rows := out["rows"].([]any)
	row := rows[0].(map[string]any)
	if out["total"] != 2.0 || len(rows) != 1 || row["email"] != "a@x.io" || row["big"] != "9007199254740993" {
		t.Errorf("rows: %v", out)
	}
	if c := row["_count"].(map[string]any); c["posts"] != 1.0 {
		t.Errorf("_count: %v", row["_count"])
	}
	wantPy := "await prisma.user.find_many(\n    where={'email': {'contains': 'x.io'}},\n    include={'_count': {'select': {'posts': True}}},\n    order_by=[{'email': 'desc'}],\n    take=1,\n    skip=1,\n)"
	if out["python"] != wantPy {
		t.Errorf("python:\n%s\nwant:\n%s", out["python"], wantPy)
	}
	if sql := out["sql"].([]any); len(sql) == 0 || !strings.Contains(sql[0].(string), `FROM "User"`) {
		t.Errorf("sql: %v", out["sql"])
	}

	// A to-one relation cell names the related record by its display field.
	_, out = call(t, ts, "POST", "/api/rows", tok, `{"model":"Post"}`, nil)
	if p := out["rows"].([]any)[0].(map[string]any); p["author"].(map[string]any)["email"] != "a@x.io" {
		t.Errorf("Post.author: %v", p)
	}
	if !strings.Contains(out["python"].(string), "include={'author': {'select': {'email': True}}}") {
		t.Errorf("python: %s", out["python"])
	}
	// A batch whose second op fails changes nothing and names the field.
	code, out = call(t, ts, "POST", "/api/save", tok, `{"ops":[
		{"op":"update","model":"User","where":{"id":2},"data":{"name":"Bea"}},
		{"op":"create","model":"User","data":{"email":"a@x.io"}}]}`, nil)
	e, _ := out["error"].(map[string]any)
	if code != 400 || e["code"] != "P2002" || e["index"] != 1.0 || e["field"] != "email" {
		t.Errorf("failing save: %d %v", code, out)
	}
	_, out = call(t, ts, "POST", "/api/rows", tok, `{"model":"User","where":{"id":2}}`, nil)
	if r := out["rows"].([]any)[0].(map[string]any); r["name"] != nil {
		t.Errorf("the failed batch left its update: %v", r)
	}
	// A validation error names its field too.
	_, out = call(t, ts, "POST", "/api/save", tok, `{"ops":[{"op":"create","model":"User","data":{"email":5}}]}`, nil)
	if e, _ := out["error"].(map[string]any); e["field"] != "email" || e["index"] != 0.0 {
		t.Errorf("validation error: %v", out)
	}
	// Delete, then the counts of /api/models.
	if code, out = call(t, ts, "POST", "/api/save", tok, `{"ops":[{"op":"delete","model":"User","where":{"id":2}}]}`, nil); code != 200 {
		t.Fatalf("delete: %v", out)
	}
	_, out = call(t, ts, "GET", "/api/models", tok, "", nil)
	models := out["models"].([]any)
	user := models[0].(map[string]any)
	if user["name"] != "User" || user["count"] != 1.0 || user["doc"] != "People who write posts." {
		t.Errorf("models: %v", user)
	}
}

// TestCountCap: counts stop at countCap (a LIMIT in a subquery), so a
// large table is never scanned whole for its total.
func TestCountCap(t *testing.T) {
	s, _ := newTestServer(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, _, err := s.execute(ctx, "User", "create", map[string]any{"data": map[string]any{"email": fmt.Sprint(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if n, capped, err := s.count(ctx, "User", nil); n != 3 || capped || err != nil {
		t.Errorf("count: %d %v %v", n, capped, err)
	}
	_, log, _ := s.execute(ctx, "User", "count", map[string]any{"take": int64(countCap + 1)})
	if len(log) != 1 || !strings.Contains(log[0].SQL, "LIMIT") {
		t.Errorf("the bounded count is not limited: %v", log)
	}
}

func TestPythonBatch(t *testing.T) {
	_, ts := newTestServer(t)
	_, out := call(t, ts, "POST", "/api/python", "", "", nil) // no token: refused before anything
	if out["error"] == nil {
		t.Fatalf("no token: %v", out)
	}
	reqs, err := batchRequests([]any{
		map[string]any{"op": "create", "model": "User", "data": map[string]any{"email": "a@x.io"}},
		map[string]any{"op": "update", "model": "User", "where": map[string]any{"id": int64(2)}, "data": map[string]any{"name": nil}},
		map[string]any{"op": "delete", "model": "Post", "where": map[string]any{"id": int64(3)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "async with prisma.tx() as tx:\n" +
		"    await tx.user.create(data={'email': 'a@x.io'})\n" +
		"    await tx.user.update(where={'id': 2}, data={'name': None})\n" +
		"    await tx.post.delete(where={'id': 3})\n"
	if got := PythonBatch(reqs); got != want {
		t.Errorf("PythonBatch:\n%s\nwant:\n%s", got, want)
	}
	if got := PythonBatch(reqs[2:]); got != "await prisma.post.delete(where={'id': 3})\n" {
		t.Errorf("one op: %q", got)
	}
	if _, err := batchRequests([]any{map[string]any{"op": "upsert"}}); err == nil {
		t.Error("an unknown op is accepted")
	}
}

func TestPythonString(t *testing.T) {
	for in, want := range map[string]string{
		`plain`: `'plain'`, `it's`: `"it's"`, "a\nb": `'a\nb'`, `back\slash`: `'back\\slash'`,
		"\x00": `'\x00'`, `both '"`: `'both \'"'`, "é": `'é'`,
	} {
		if got := pyString(in); got != want {
			t.Errorf("pyString(%q) = %s, want %s", in, got, want)
		}
	}
}
