package bridge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

func call(t *testing.T, method string, params map[string]any) abi.Reply {
	t.Helper()
	b, err := abi.EncodeRequest(abi.Request{Method: method, Params: params})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Call(b)
	if err != nil {
		t.Fatalf("Call refused the envelope: %v", err)
	}
	r, err := abi.DecodeReply(out)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCallConfigResolve(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"prisma.config.ts":     `export default { seed: { import: "./prisma/seed.ts", autoRun: true }, client: { logLevel: "query" } }`,
		".env":                 "DATABASE_URL=\"postgresql://app:s3cretPassw0rd@127.0.0.1:1/app\"\n",
		"prisma/schema.prisma": "datasource db {\n  provider = \"postgresql\"\n}\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := call(t, abi.MethodConfigResolve, map[string]any{"cwd": filepath.Join(root, "prisma"), "env": map[string]any{"HOME": "/x"}})
	if r.Error != nil {
		t.Fatalf("%+v", r.Error)
	}
	got := r.Ok.(map[string]any)
	if got["root"] != root || got["url"] != "postgresql://app:s3cretPassw0rd@127.0.0.1:1/app" || got["provider"] != "postgresql" ||
		got["seed_auto_run"] != true || got["log_level"] != "query" || got["shadow_url"] != nil {
		t.Errorf("%v", got)
	}
	if s, _ := got["url_source"].(string); strings.Contains(s, "s3cret") || !strings.Contains(s, ".env") {
		t.Errorf("url_source %q", s)
	}
	// The reply has exactly the keys of the fixture Python is tested with.
	var fx struct {
		Value struct{ Ok map[string]any } `json:"value"`
	}
	b, err := os.ReadFile("../abi/testdata/reply_ok_config_resolve.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	if k1, k2 := keys(got), keys(fx.Value.Ok); k1 != k2 {
		t.Errorf("reply keys\n%s\nfixture keys\n%s", k1, k2)
	}

	// Errors are replies with code CONFIG; a bad envelope is refused.
	r = call(t, abi.MethodConfigResolve, map[string]any{"cwd": root, "schema": "nope.prisma"})
	if r.Error == nil || r.Error.Code != "CONFIG" || !strings.Contains(r.Error.Message, "nope.prisma") {
		t.Errorf("missing --schema: %+v", r)
	}
	r = call(t, abi.MethodConfigResolve, map[string]any{"cwd": 7})
	if r.Error == nil {
		t.Errorf("a non-string cwd must fail")
	}
	r = call(t, "query.execute", nil)
	if r.Error == nil || !strings.Contains(r.Error.Message, "unknown method") {
		t.Errorf("cp_call serves only engine-free methods: %+v", r)
	}
	if _, err := Call([]byte{0xc1}); err == nil {
		t.Errorf("garbage accepted")
	}
}

func keys(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
