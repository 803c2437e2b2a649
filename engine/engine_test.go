package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// target is one database the engine tests run against.
type target struct {
	name  string
	url   string
	ddl   []string
	sleep string // a statement that runs for about two seconds
	quote func(string) string
}

const schemaTmpl = `datasource db {
  provider = "%s"
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

// targets returns SQLite always, and PostgreSQL/MySQL when their test URLs
// are set, each with a fresh database holding the tables of schemaTmpl.
func targets(t *testing.T) []target {
	dq := func(s string) string { return `"` + s + `"` }
	bq := func(s string) string { return "`" + s + "`" }
	out := []target{{
		name: "sqlite",
		url:  "file:" + filepath.Join(t.TempDir(), "dev.db"),
		ddl: []string{
			`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL, "name" TEXT)`,
			`CREATE UNIQUE INDEX "User_email_key" ON "User"("email")`,
			`CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL,
				CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE)`,
		},
		sleep: `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT max(x) FROM c`,
		quote: dq,
	}}
	if os.Getenv(testdb.EnvVar("postgresql")) != "" {
		out = append(out, target{
			name: "postgresql",
			url:  testdb.URL(t, "postgresql", "caspian_eng"),
			ddl: []string{
				`CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "name" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"))`,
				`CREATE UNIQUE INDEX "User_email_key" ON "User"("email")`,
				`CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"))`,
				`ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
			},
			sleep: "SELECT pg_sleep(2)",
			quote: dq,
		})
	}
	if os.Getenv(testdb.EnvVar("mysql")) != "" {
		out = append(out, target{
			name: "mysql",
			url:  testdb.URL(t, "mysql", "caspian_eng"),
			ddl: []string{
				"CREATE TABLE `User` (`id` INTEGER NOT NULL AUTO_INCREMENT, `email` VARCHAR(191) NOT NULL, `name` VARCHAR(191) NULL," +
					" UNIQUE INDEX `User_email_key`(`email`), PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
				"CREATE TABLE `Post` (`id` INTEGER NOT NULL AUTO_INCREMENT, `title` VARCHAR(191) NOT NULL, `authorId` INTEGER NOT NULL," +
					" PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
				"ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE",
			},
			sleep: "SELECT SLEEP(2)",
			quote: bq,
		})
	}
	return out
}

func open(t *testing.T, tg target) *Engine {
	t.Helper()
	e, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, tg.name), URL: tg.url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	for _, ddl := range tg.ddl {
		if _, err := e.Handle(context.Background(), "query.raw", map[string]any{"sql": ddl, "kind": "execute"}); err != nil {
			t.Fatalf("%s: %v", ddl, err)
		}
	}
	return e
}

func forEach(t *testing.T, f func(t *testing.T, tg target, e *Engine)) {
	for _, tg := range targets(t) {
		t.Run(tg.name, func(t *testing.T) { f(t, tg, open(t, tg)) })
	}
}

func call(t *testing.T, e *Engine, method string, params map[string]any) any {
	t.Helper()
	v, err := e.Handle(context.Background(), method, params)
	if err != nil {
		t.Fatalf("%s %v: %v", method, params, err)
	}
	return v
}

// fail runs a method that must fail and returns its *perr.Error.
func fail(t *testing.T, e *Engine, ctx context.Context, method string, params map[string]any) *perr.Error {
	t.Helper()
	v, err := e.Handle(ctx, method, params)
	var pe *perr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%s %v: got %v, %v; want a *perr.Error", method, params, v, err)
	}
	return pe
}

func (tg target) insertUser(email string) map[string]any {
	q := tg.quote
	return map[string]any{"sql": "INSERT INTO " + q("User") + " (" + q("email") + ") VALUES (?)", "args": []any{email}, "kind": "execute"}
}

func (tg target) countUsers(e *Engine, t *testing.T) int64 {
	rows := rawRows(call(t, e, "query.raw", map[string]any{"sql": "SELECT COUNT(*) AS n FROM " + tg.quote("User")}))
	return rows[0]["n"].(int64)
}

// rawRows turns a query.raw reply ({columns, rows}) into row maps.
func rawRows(res any) []map[string]any {
	m := res.(map[string]any)
	cols := m["columns"].([]any)
	var out []map[string]any
	for _, r := range m["rows"].([]any) {
		row := map[string]any{}
		for i, v := range r.([]any) {
			row[cols[i].(string)] = v
		}
		out = append(out, row)
	}
	return out
}

func placeholders(tg target, p map[string]any) map[string]any {
	if tg.name == "postgresql" {
		p["sql"] = strings.Replace(p["sql"].(string), "?", "$1", 1)
	}
	return p
}

func TestProviderMismatch(t *testing.T) {
	_, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, "sqlite"), URL: "postgresql://u:secret@h/db"})
	var pe *perr.Error
	if !errors.As(err, &pe) || pe.Code != perr.Schema || !strings.Contains(pe.Message, "file:") || strings.Contains(pe.Message, "secret") {
		t.Fatalf("got %v", err)
	}
	if _, err := Open(Config{Schema: "model {"}); !errors.As(err, &pe) || pe.Code != perr.Schema {
		t.Fatalf("bad schema: %v", err)
	}
}

func TestRawQuery(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		n := call(t, e, "query.raw", placeholders(tg, tg.insertUser("a@x")))
		if n != int64(1) {
			t.Errorf("affected = %#v", n)
		}
		res := call(t, e, "query.raw", map[string]any{"sql": "SELECT " + tg.quote("id") + ", " + tg.quote("email") + ", " +
			tg.quote("name") + " FROM " + tg.quote("User")})
		if cols := res.(map[string]any)["columns"]; fmt.Sprint(cols) != "[id email name]" {
			t.Errorf("columns = %v, want the SELECT's order", cols)
		}
		row := rawRows(res)[0]
		if row["email"] != "a@x" || row["name"] != nil {
			t.Errorf("row = %#v", row)
		}
		if _, ok := row["id"].(int64); !ok {
			t.Errorf("id = %#v (%T)", row["id"], row["id"])
		}
		pe := fail(t, e, context.Background(), "query.raw", placeholders(tg, tg.insertUser("a@x")))
		if pe.Code != perr.RawQuery || pe.Meta["code"] == "" {
			t.Errorf("raw unique violation: %+v", pe)
		}
	})
}

func TestTxCommitRollback(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		id := call(t, e, "tx.begin", map[string]any{"isolation_level": "Serializable"}).(string)
		p := placeholders(tg, tg.insertUser("tx@x"))
		p["tx"] = id
		call(t, e, "query.raw", p)
		call(t, e, "tx.rollback", map[string]any{"tx": id})
		if n := tg.countUsers(e, t); n != 0 {
			t.Errorf("after rollback: %d users", n)
		}
		if pe := fail(t, e, context.Background(), "tx.commit", map[string]any{"tx": id}); pe.Code != perr.TxExpired {
			t.Errorf("commit after rollback: %+v", pe)
		}
		id = call(t, e, "tx.begin", nil).(string)
		p["tx"] = id
		call(t, e, "query.raw", p)
		call(t, e, "tx.commit", map[string]any{"tx": id})
		if n := tg.countUsers(e, t); n != 1 {
			t.Errorf("after commit: %d users", n)
		}
		if pe := fail(t, e, context.Background(), "query.raw", p); pe.Code != perr.TxExpired || !strings.Contains(pe.Message, "committed") {
			t.Errorf("use after commit: %+v", pe)
		}
		if pe := fail(t, e, context.Background(), "tx.commit", map[string]any{"tx": "nope"}); pe.Code != perr.TxExpired {
			t.Errorf("unknown tx: %+v", pe)
		}
		if pe := fail(t, e, context.Background(), "tx.begin", map[string]any{"isolation_level": "Snapshot"}); pe.Code != perr.Validation {
			t.Errorf("bad isolation: %+v", pe)
		}
	})
}

// TestTxLifetime: past its timeout a transaction is rolled back; using or
// committing it is P2028; a statement running when it expires is aborted.
func TestTxLifetime(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		id := call(t, e, "tx.begin", map[string]any{"timeout_ms": int64(300)}).(string)
		p := placeholders(tg, tg.insertUser("late@x"))
		p["tx"] = id
		call(t, e, "query.raw", p)
		time.Sleep(500 * time.Millisecond)
		if pe := fail(t, e, context.Background(), "query.raw", p); pe.Code != perr.TxExpired || !strings.Contains(pe.Message, "expired") {
			t.Errorf("use after expiry: %+v", pe)
		}
		if pe := fail(t, e, context.Background(), "tx.commit", map[string]any{"tx": id}); pe.Code != perr.TxExpired {
			t.Errorf("commit after expiry: %+v", pe)
		}
		if n := tg.countUsers(e, t); n != 0 {
			t.Errorf("expired tx was not rolled back: %d users", n)
		}

		id = call(t, e, "tx.begin", map[string]any{"timeout_ms": int64(300)}).(string)
		start := time.Now()
		pe := fail(t, e, context.Background(), "query.raw", map[string]any{"sql": tg.sleep, "tx": id})
		if pe.Code != perr.TxExpired {
			t.Errorf("statement running at expiry: %+v", pe)
		}
		if d := time.Since(start); d > 1500*time.Millisecond {
			t.Errorf("expiry took %v to abort the statement", d)
		}
		// The connection is free again: a new transaction starts at once.
		id = call(t, e, "tx.begin", map[string]any{"max_wait_ms": int64(1000)}).(string)
		call(t, e, "tx.rollback", map[string]any{"tx": id})
	})
}

// TestTxMaxWait: on SQLite the writer is held by one transaction, so a
// second tx.begin gives up after max_wait.
func TestTxMaxWait(t *testing.T) {
	tg := targets(t)[0]
	e := open(t, tg)
	id := call(t, e, "tx.begin", nil).(string)
	defer call(t, e, "tx.rollback", map[string]any{"tx": id})
	start := time.Now()
	pe := fail(t, e, context.Background(), "tx.begin", map[string]any{"max_wait_ms": int64(100)})
	if pe.Code != perr.TxExpired || !strings.Contains(pe.Message, "Unable to start") {
		t.Errorf("second begin: %+v", pe)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("waited %v", d)
	}
}

func TestCancel(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		pe := fail(t, e, ctx, "query.raw", map[string]any{"sql": tg.sleep})
		if pe.Code != perr.Canceled {
			t.Errorf("canceled raw query: %+v", pe)
		}
		if d := time.Since(start); d > 1500*time.Millisecond {
			t.Errorf("cancel took %v", d)
		}
		if n := tg.countUsers(e, t); n != 0 {
			t.Errorf("count = %d", n)
		}
	})
}

func TestQueryLog(t *testing.T) {
	tg := targets(t)[0]
	e, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, tg.name), URL: tg.url, LogQueries: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, log := WithQueryLog(context.Background())
	if _, err := e.Handle(ctx, "query.raw", map[string]any{"sql": "SELECT 1 AS one"}); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range log.Entries() {
		found = found || l.SQL == "SELECT 1 AS one"
	}
	if !found {
		t.Errorf("log = %+v", log.Entries())
	}
}

func TestRelativeSQLitePath(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "prisma"), 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, "sqlite"), URL: "file:./prisma/dev.db", Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if v := call(t, e, "engine.ping", map[string]any{"connect": true}); v != "pong" {
		t.Errorf("ping = %v", v)
	}
	if _, err := os.Stat(filepath.Join(root, "prisma", "dev.db")); err != nil {
		t.Error(err)
	}
}

// TestCloseWithOpenTx: Close rolls back open transactions and returns.
func TestCloseWithOpenTx(t *testing.T) {
	forEach(t, func(t *testing.T, tg target, e *Engine) {
		id := call(t, e, "tx.begin", nil).(string)
		p := placeholders(tg, tg.insertUser("open@x"))
		p["tx"] = id
		call(t, e, "query.raw", p)
		done := make(chan error, 1)
		go func() { done <- e.Close() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close hangs with an open transaction")
		}
		if pe := fail(t, e, context.Background(), "query.raw", p); pe.Code != perr.TxExpired {
			t.Errorf("tx after Close: %+v", pe)
		}
		if pe := fail(t, e, context.Background(), "query.raw", map[string]any{"sql": "SELECT 1"}); pe.Code != perr.ConnectFailed {
			t.Errorf("query after Close: %+v", pe)
		}
		// Reopen: the insert was rolled back.
		e2, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, tg.name), URL: tg.url})
		if err != nil {
			t.Fatal(err)
		}
		defer e2.Close()
		if n := tg.countUsers(e2, t); n != 0 {
			t.Errorf("open tx was committed on Close: %d users", n)
		}
	})
}
