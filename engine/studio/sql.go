package studio

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The SQL console runs the user's SQL through query.raw (the client's
// query_raw/execute_raw). Read-only unless the request says write: true
// (the page's explicit switch). Read-only is a guard against accidents, not
// a security boundary (the token is that): the statement must be one
// statement starting with a reading keyword, it runs in a transaction that
// is always rolled back, and on PostgreSQL that transaction is READ ONLY,
// so even a writing function or CTE fails.

// readKeywords start the statements the read-only console runs.
var readKeywords = map[string]bool{"select": true, "with": true, "explain": true, "show": true, "values": true, "describe": true, "desc": true, "table": true, "pragma": true}

var (
	leadingComments = regexp.MustCompile(`^(\s+|--[^\n]*\n?|/\*(?s:.*?)\*/)+`)
	firstWord       = regexp.MustCompile(`^[A-Za-z]+`)
	// fileWrites are MySQL's SELECT forms that write a file on the server.
	fileWrites = regexp.MustCompile(`(?i)\binto\s+(outfile|dumpfile)\b`)
	returning  = regexp.MustCompile(`(?i)\breturning\b`)
)

// leadWord is sql's first keyword, lower-cased, after comments.
func leadWord(sql string) string {
	body := leadingComments.ReplaceAllString(strings.TrimSpace(sql), "")
	return strings.ToLower(firstWord.FindString(body))
}

// readOnlyProblem says why sql cannot run read-only ("" when it can).
func readOnlyProblem(sql string) string {
	text := strings.TrimRight(strings.TrimSpace(sql), "; \t\n")
	body := leadingComments.ReplaceAllString(text, "")
	word := leadWord(text)
	switch {
	case word == "":
		return "the console runs one SQL statement; this text has none"
	case strings.Contains(text, ";"):
		return "the read-only console runs one statement at a time (no `;` inside)"
	case !readKeywords[word]:
		return "`" + strings.ToUpper(word) + "` may change the database: the console is read-only until you switch on writes"
	case word == "pragma" && strings.Contains(body, "="):
		return "a PRAGMA that sets a value changes the database: switch on writes"
	case fileWrites.MatchString(body):
		return "SELECT ... INTO OUTFILE/DUMPFILE writes a file: switch on writes"
	}
	return ""
}

// sql is POST /api/sql {sql, write?}: {columns, rows} for a statement that
// returns rows, {affected} for one run with write: true that does not.
func (s *Server) sql(ctx context.Context, body map[string]any) (any, error) {
	text, _ := body["sql"].(string)
	write, _ := body["write"].(bool)
	if !write {
		if p := readOnlyProblem(text); p != "" {
			return nil, perr.New(perr.Validation, map[string]any{"path": "sql", "readOnly": true}, "%s", p)
		}
		return s.readOnly(ctx, text)
	}
	kind := "execute"
	if readKeywords[leadWord(text)] || returning.MatchString(text) {
		kind = "query"
	}
	res, err := s.eng.Handle(ctx, abi.MethodQueryRaw, map[string]any{"sql": text, "kind": kind, "args": []any{}})
	if err != nil {
		return nil, err
	}
	if kind == "execute" {
		return map[string]any{"affected": res}, nil
	}
	return wireRaw(res), nil
}

// readOnly runs text in a transaction that is rolled back whatever happens.
func (s *Server) readOnly(ctx context.Context, text string) (any, error) {
	id, err := s.eng.Handle(ctx, abi.MethodTxBegin, map[string]any{})
	if err != nil {
		return nil, err
	}
	defer s.eng.Handle(context.WithoutCancel(ctx), abi.MethodTxRollback, map[string]any{"tx": id})
	if s.provider == schema.PostgreSQL {
		if _, err := s.eng.Handle(ctx, abi.MethodQueryRaw, map[string]any{"sql": "SET TRANSACTION READ ONLY", "kind": "execute", "args": []any{}, "tx": id}); err != nil {
			return nil, err
		}
	}
	res, err := s.eng.Handle(ctx, abi.MethodQueryRaw, map[string]any{"sql": text, "kind": "query", "args": []any{}, "tx": id})
	if err != nil {
		return nil, err
	}
	return wireRaw(res), nil
}

// wireRaw makes raw rows safe for JavaScript: integers past 2^53 as strings.
func wireRaw(res any) any {
	m, ok := res.(map[string]any)
	if !ok {
		return res
	}
	rows, _ := m["rows"].([]any)
	for _, r := range rows {
		vals, _ := r.([]any)
		for i, v := range vals {
			if n, ok := v.(int64); ok && (n > 1<<53 || n < -(1<<53)) {
				vals[i] = strconv.FormatInt(n, 10)
			}
		}
	}
	return m
}
