package engine

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// Read replicas against the streaming replica of scripts/pg-replica-up.sh
// (CASPIAN_TEST_PG_REPLICA_URL), started by scripts/db-up.sh.

// replicaTarget is a fresh PostgreSQL database with the tables of
// schemaTmpl, its URL on the replica, and a direct pool on the replica,
// once the replica has replayed the tables.
func replicaTarget(t *testing.T) (tg target, replicaURL string, replica driver.Pool) {
	t.Helper()
	base := os.Getenv("CASPIAN_TEST_PG_REPLICA_URL")
	if base == "" || os.Getenv(testdb.EnvVar("postgresql")) == "" {
		t.Skip("CASPIAN_TEST_PG_REPLICA_URL (or CASPIAN_TEST_POSTGRES_URL) not set")
	}
	for _, x := range targets(t) {
		if x.name == "postgresql" {
			tg = x
		}
	}
	open(t, tg).Close() // creates the tables on the primary
	p, _ := url.Parse(tg.url)
	r, _ := url.Parse(base)
	r.Path = p.Path
	replicaURL = r.String()
	ctx := context.Background()
	// The replica replays every test database made before this one (each
	// CREATE DATABASE logs its template whole): minutes behind on a loaded
	// 2-core machine.
	deadline := time.Now().Add(300 * time.Second)
	for {
		pool, err := connector.Open(ctx, replicaURL, "")
		if err == nil {
			if _, _, err = pool.QueryRaw(ctx, `SELECT count(*) FROM "User"`, nil); err == nil {
				t.Cleanup(func() { pool.Close() })
				return tg, replicaURL, pool
			}
			pool.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not replay the new database: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func emails(res any) []string {
	var out []string
	for _, r := range res.([]any) {
		out = append(out, r.(map[string]any)["email"].(string))
	}
	return out
}

func inRecovery(t *testing.T, e *Engine, tx string) bool {
	p := map[string]any{"sql": "SELECT pg_is_in_recovery() AS r"}
	if tx != "" {
		p["tx"] = tx
	}
	return rawRows(call(t, e, "query.raw", p))[0]["r"].(bool)
}

// Reads go to the replica, writes and interactive transactions to the
// primary; with the replica's replay paused, a new record is missing from
// replica reads but found by *OrThrow (asked again of the primary) and in
// a transaction.
func TestReadReplicaRouting(t *testing.T) {
	tg, replicaURL, replica := replicaTarget(t)
	e, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, tg.name), URL: tg.url, Replicas: []string{replicaURL}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	if !inRecovery(t, e, "") {
		t.Errorf("query_raw was not answered by the replica")
	}
	call(t, e, "query.raw", placeholders(tg, tg.insertUser("raw@x"))) // a replica would refuse it
	if _, err := replica.Exec(ctx, "SELECT pg_wal_replay_pause()", nil); err != nil {
		t.Fatal(err)
	}
	resumed := false
	resume := func() {
		if !resumed {
			replica.Exec(ctx, "SELECT pg_wal_replay_resume()", nil)
			resumed = true
		}
	}
	defer resume()
	// The pause takes effect at the next record; one more write makes sure.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, rows, err := replica.QueryRaw(ctx, "SELECT pg_get_wal_replay_pause_state()", nil)
		if err == nil && rows[0][0] == "paused" {
			break
		}
		// Through execute_raw: the primary's (a raw read would go to the replica).
		call(t, e, "query.raw", map[string]any{"sql": "SELECT pg_switch_wal()", "kind": "execute"})
		if time.Now().After(deadline) {
			t.Fatalf("replay did not pause: %v %v", rows, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	created := call(t, e, "query.execute", map[string]any{"model": "User", "action": "create",
		"args": map[string]any{"data": map[string]any{"email": "new@x"}}}).(map[string]any)
	if created["email"] != "new@x" {
		t.Fatalf("create: %v", created)
	}
	all := emails(call(t, e, "query.execute", map[string]any{"model": "User", "action": "findMany"}))
	if strings.Contains(strings.Join(all, ","), "new@x") {
		t.Errorf("findMany saw the new record: it was not answered by the paused replica (%v)", all)
	}
	where := map[string]any{"where": map[string]any{"email": "new@x"}}
	if got := call(t, e, "query.execute", map[string]any{"model": "User", "action": "findUnique", "args": where}); got != nil {
		t.Errorf("findUnique on the paused replica found %v", got)
	}
	got := call(t, e, "query.execute", map[string]any{"model": "User", "action": "findUniqueOrThrow", "args": where})
	if got.(map[string]any)["email"] != "new@x" {
		t.Errorf("findUniqueOrThrow after the write: %v", got)
	}
	n := call(t, e, "query.execute", map[string]any{"model": "User", "action": "count"})
	id := call(t, e, "tx.begin", nil).(string)
	inTx := emails(call(t, e, "query.execute", map[string]any{"model": "User", "action": "findMany", "tx": id}))
	if !strings.Contains(strings.Join(inTx, ","), "new@x") || inRecovery(t, e, id) {
		t.Errorf("an interactive transaction did not run on the primary: %v", inTx)
	}
	call(t, e, "tx.commit", map[string]any{"tx": id})
	resume()
	deadline = time.Now().Add(20 * time.Second)
	for {
		m := call(t, e, "query.execute", map[string]any{"model": "User", "action": "count"})
		if fmt.Sprint(m) != fmt.Sprint(n) {
			break // replayed: the replica counts the new record now
		}
		if time.Now().After(deadline) {
			t.Fatalf("count stayed %v after the replay resumed", m)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A replica that cannot be reached is skipped: the primary answers. So is
// one whose certificate fails sslaccept=strict (the test servers' TLS,
// scripts/tls-certs.sh), when CASPIAN_TEST_TLS_DIR is set.
func TestReadReplicaFallback(t *testing.T) {
	tg, replicaURL, _ := replicaTarget(t)
	replicas := []string{"postgresql://caspian:hunter2@127.0.0.1:1/db?connect_timeout=1"}
	if dir := os.Getenv("CASPIAN_TEST_TLS_DIR"); dir != "" {
		replicas = append(replicas, replicaURL+"?sslaccept=strict&sslcert="+url.QueryEscape(dir+"/other-ca.pem"))
	}
	e, err := Open(Config{Schema: fmt.Sprintf(schemaTmpl, tg.name), URL: tg.url, Replicas: replicas})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	call(t, e, "query.raw", placeholders(tg, tg.insertUser("a@x")))
	for range 3 {
		if got := emails(call(t, e, "query.execute", map[string]any{"model": "User", "action": "findMany"})); len(got) != 1 {
			t.Errorf("findMany with the replica down: %v", got)
		}
		if inRecovery(t, e, "") {
			t.Errorf("query_raw: answered by a replica that is down?")
		}
	}
}

// Replica URLs of another provider are refused at Open, naming the entry
// and never the URL.
func TestReadReplicaProvider(t *testing.T) {
	for _, c := range []struct {
		url      string
		replicas []string
	}{
		{"postgresql://u:p@h/db", []string{"postgresql://u:p@h/db", "mysql://u:hunter2@h/db"}},
		{"postgresql://u:p@h/db", []string{"hunter2"}},
		{"file:./dev.db", []string{"file:./replica.db"}},
	} {
		_, err := Open(Config{URL: c.url, Replicas: c.replicas})
		pe, ok := err.(*perr.Error)
		if !ok || pe.Code != perr.InvalidURL || strings.Contains(pe.Message, "hunter2") || !strings.Contains(pe.Message, "DATABASE_REPLICA_URLS[") {
			t.Errorf("%s + %v: %v", c.url, c.replicas, err)
		}
	}
}
