// Package golden compares a test's output with a file under testdata, or
// rewrites that file when the test binary runs with -update
// (`go test ./<pkg> -update`, then review the diff before committing).
//
// It is imported by tests only and owns the -update flag: a package whose
// tests import it must not declare its own. It imports nothing of the
// module, so any layer's tests may use it.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files from the code's output instead of comparing with them")

// Updating reports whether the test binary runs with -update, for a test
// whose golden is not one whole file (it rewrites it its own way).
func Updating() bool { return *update }

// Assert compares got with the file at path. Under -update it writes got to
// path instead (creating the directory), so a golden can only change
// through a reviewed diff.
func Assert[T string | []byte](t testing.TB, path string, got T) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs (go test -update rewrites it; review the diff):\n%s", path, Diff(string(want), string(got)))
	}
}

// maxShown bounds the differing lines Diff prints: enough to see what broke
// without burying the test log.
const maxShown = 40

// Diff lists the lines of want and got that differ, position by position.
// Binary content (a msgpack fixture) is shown as hex.
func Diff(want, got string) string {
	if !isText(want) || !isText(got) {
		return fmt.Sprintf("want % x\n got % x\n", want, got)
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < maxShown; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func isText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
