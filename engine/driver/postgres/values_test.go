package postgres

import (
	"reflect"
	"testing"
)

func TestParseArray(t *testing.T) {
	for in, want := range map[string][]any{
		`{}`:                  {},
		`{RED,green}`:         {"RED", "green"},
		`{"a b","c\"d",NULL}`: {"a b", `c"d`, nil},
		`{"NULL","x\\y",""}`:  {"NULL", `x\y`, ""},
		`{"{braces}",plain}`:  {"{braces}", "plain"},
	} {
		got, ok := parseArray(in)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("parseArray(%s) = %#v, %v; want %#v", in, got, ok, want)
		}
	}
	for _, bad := range []string{``, `RED`, `{"open`, `{{1,2},{3,4}}`, `{a"b}`} {
		if got, ok := parseArray(bad); ok {
			t.Errorf("parseArray(%s) = %#v; want a refusal", bad, got)
		}
	}
}
