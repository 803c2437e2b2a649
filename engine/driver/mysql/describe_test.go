package mysql

import "testing"

func TestMayRun(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT 1":                                     true,
		"  (SELECT 1) UNION (SELECT 2)":                true,
		"-- @param {Int} $1:id\nselect * from t":       true,
		"/* x */ WITH a AS (SELECT 1) SELECT * FROM a": true,
		"# note\nUPDATE t SET a = ?":                   true,
		"CREATE TABLE t (a INT)":                       false,
		"DROP TABLE t":                                 false,
		"CALL p(?)":                                    false,
		"-- only a comment":                            false,
	} {
		if got := mayRun(sql); got != want {
			t.Errorf("mayRun(%q) = %v, want %v", sql, got, want)
		}
	}
}
