package bridge

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/config"
)

const secretPW = "100%Se@Kr/Et:x"

var secretURL = "postgresql://u:" + secretPW + "@127.0.0.1:1/db?connect_timeout=2"

func leaks(v any) bool {
	s := fmt.Sprint(v)
	return strings.Contains(s, secretPW) || strings.Contains(s, url.QueryEscape(secretPW)) || strings.Contains(s, "Se@Kr")
}

// Every error that leaves through the ABI is scrubbed: cp_open's, a
// request's (the connection fails at the first query) and cp_call's.
func TestABIErrorsHoldNoPassword(t *testing.T) {
	for _, u := range []string{secretURL, strings.Replace(secretURL, ":1/", ":99999/", 1), strings.Replace(secretURL, ":1/", ":abc/", 1)} {
		cfg, err := abi.Encode(map[string]any{"url": u, "schema": "datasource db {\n  provider = \"postgresql\"\n}\nmodel A {\n  id Int @id\n}\n"})
		if err != nil {
			t.Fatal(err)
		}
		e, body := Open(cfg)
		if body != nil {
			if leaks(body) {
				t.Errorf("cp_open error: %+v", body)
			}
			continue
		}
		r := e.Answer(context.Background(), abi.Request{Method: "query.raw", Params: map[string]any{"sql": "SELECT 1", "args": []any{}, "kind": "query"}})
		e.Close()
		if r.Error == nil {
			t.Fatalf("%s: no error", u)
		}
		if leaks(r.Error) {
			t.Errorf("request error: %+v", r.Error)
		}
	}
	// A wrong type for a key quotes the value: never a URL's password.
	r := call(t, "config.resolve", map[string]any{"cwd": 7, "env": map[string]any{"DATABASE_URL": secretURL}})
	if r.Error == nil || leaks(r.Error) {
		t.Errorf("cp_call error: %+v", r.Error)
	}
	r = call(t, "url.redact", map[string]any{"url": secretURL})
	m, _ := r.Ok.(map[string]any)
	if r.Error != nil || m["masked"] != "postgresql://u:****@127.0.0.1:1/db?connect_timeout=2" || len(m["secrets"].([]any)) == 0 {
		t.Errorf("url.redact: %+v", r)
	}
}

// The last line of defence itself: a body quoting the password (as a
// driver message might) comes out without it, meta included.
func TestScrubBody(t *testing.T) {
	body := &abi.ErrorBody{Code: "P1001", Message: "dial " + secretURL + " failed: " + secretPW,
		Meta: map[string]any{"detail": []any{url.QueryEscape(secretPW)}, "n": int64(1)}}
	got := scrubBody(config.NewScrubber(secretURL), body)
	if leaks(got) || got.Meta["n"] != int64(1) || !strings.Contains(got.Message, "postgresql://u:****@127.0.0.1:1/db") {
		t.Errorf("scrubBody: %+v", got)
	}
	if leaks(body.Message) == false {
		t.Error("scrubBody changed its argument")
	}
}
