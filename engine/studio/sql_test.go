package studio

import (
	"strings"
	"testing"
)

func TestReadOnlyProblem(t *testing.T) {
	for sql, ok := range map[string]bool{
		`SELECT * FROM "User"`:                   true,
		"  -- who\n/* all */ select 1;":          true,
		"WITH a AS (SELECT 1) SELECT * FROM a":   true,
		"EXPLAIN SELECT 1":                       true,
		"PRAGMA table_info(User)":                true,
		"PRAGMA foreign_keys = OFF":              false,
		`DELETE FROM "User"`:                     false,
		"update x set a = 1":                     false,
		"SELECT 1; DROP TABLE x":                 false,
		"SELECT * FROM t INTO OUTFILE '/tmp/x'":  false,
		"":                                       false,
		"-- only a comment":                      false,
		"CREATE TABLE x (a int)":                 false,
		"/* SELECT */ INSERT INTO t VALUES (1)":  false,
		"select * from t where a = 'semi;colon'": false, // conservative: one statement, no `;` inside
	} {
		if got := readOnlyProblem(sql) == ""; got != ok {
			t.Errorf("readOnlyProblem(%q) = %q, want ok=%v", sql, readOnlyProblem(sql), ok)
		}
	}
}

// TestSQLConsole: reads run, writes are refused until write: true, and a
// statement that gets past the keyword check is rolled back anyway.
func TestSQLConsole(t *testing.T) {
	s, ts := newTestServer(t)
	tok := s.Token()
	if code, out := call(t, ts, "POST", "/api/save", tok, `{"ops":[{"op":"create","model":"User","data":{"email":"a@x.io","big":"9007199254740993"}}]}`, nil); code != 200 {
		t.Fatal(out)
	}
	code, out := call(t, ts, "POST", "/api/sql", tok, `{"sql":"SELECT email, big FROM \"User\""}`, nil)
	rows, _ := out["rows"].([]any)
	if code != 200 || len(rows) != 1 || rows[0].([]any)[1] != "9007199254740993" {
		t.Errorf("select: %d %v", code, out)
	}
	code, out = call(t, ts, "POST", "/api/sql", tok, `{"sql":"DELETE FROM \"User\""}`, nil)
	if e, _ := out["error"].(map[string]any); code != 400 || !strings.Contains(e["message"].(string), "read-only") {
		t.Errorf("delete, read-only: %d %v", code, out)
	}
	// A CTE that deletes starts with WITH: it runs, and is rolled back.
	call(t, ts, "POST", "/api/sql", tok, `{"sql":"WITH a AS (SELECT 1) DELETE FROM \"User\""}`, nil)
	if _, out = call(t, ts, "POST", "/api/sql", tok, `{"sql":"SELECT COUNT(*) FROM \"User\""}`, nil); out["rows"].([]any)[0].([]any)[0] != 1.0 {
		t.Errorf("the read-only console's transaction was not rolled back: %v", out)
	}
	code, out = call(t, ts, "POST", "/api/sql", tok, `{"sql":"UPDATE \"User\" SET name = 'Z'","write":true}`, nil)
	if code != 200 || out["affected"] != 1.0 {
		t.Errorf("update with writes on: %d %v", code, out)
	}
}
