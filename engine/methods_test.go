package engine

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// TestMethodTable: abi.Methods is the one list of envelope methods. Every
// method in it is answered by exactly one of handlers (needs an engine) and
// engineless (cp_call), and neither answers a method missing from it.
func TestMethodTable(t *testing.T) {
	for _, m := range abi.Methods {
		_, h := handlers[m.Name]
		_, c := engineless[m.Name]
		if h == c {
			t.Errorf("%s: answered by handlers=%v, engineless=%v; want exactly one", m.Name, h, c)
		}
	}
	for name := range handlers {
		if _, ok := abi.LookupMethod(name); !ok {
			t.Errorf("handlers answers %q, which is not in abi.Methods", name)
		}
	}
	for name := range engineless {
		if _, ok := abi.LookupMethod(name); !ok {
			t.Errorf("engineless answers %q, which is not in abi.Methods", name)
		}
	}
}

// TestCallOnlyEngineless: cp_call refuses a method that needs an engine, and
// names the ones it serves.
func TestCallOnlyEngineless(t *testing.T) {
	_, err := Call(abi.MethodQueryExecute, nil)
	if err == nil || !strings.Contains(err.Error(), "unknown method") || !strings.Contains(err.Error(), abi.MethodURLRedact) {
		t.Fatalf("Call(query.execute): %v", err)
	}
	e, err := Open(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	v, err := e.Handle(context.Background(), abi.MethodURLRedact, map[string]any{"url": "postgresql://u:secret@h/db"})
	if err != nil || strings.Contains(v.(map[string]any)["masked"].(string), "secret") {
		t.Fatalf("Handle(url.redact): %v, %v", v, err)
	}
}

// TestRedactSecretsAreUTF8: a percent-escape in the password that decodes
// to bytes that are not UTF-8 is left out of url.redact's secrets (they
// cross to Python as msgpack str, which must be UTF-8); the raw spelling
// stays.
func TestRedactSecretsAreUTF8(t *testing.T) {
	v, err := Call(abi.MethodURLRedact, map[string]any{"url": "postgresql://caspian:ZZ%a7x@127.0.0.1:1/db"})
	if err != nil {
		t.Fatal(err)
	}
	secrets := v.(map[string]any)["secrets"].([]any)
	raw := false
	for _, s := range secrets {
		if !utf8.ValidString(s.(string)) {
			t.Errorf("secret %q is not UTF-8", s)
		}
		raw = raw || s == "ZZ%a7x"
	}
	if !raw {
		t.Errorf("secrets %q lack the password as written", secrets)
	}
	if _, err := abi.EncodeReply(abi.Reply{Ok: v}); err != nil {
		t.Fatal(err)
	}
}
