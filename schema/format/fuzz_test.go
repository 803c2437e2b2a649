package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// FuzzFormat: any text formats without panicking, into text that ends with
// a newline. (Prisma's formatter is not idempotent on malformed text — a
// block closed on the line of the next one gains a blank line on a second
// pass — so idempotence is checked on the corpus instead.) Seeds: the
// oracle probes and the corpus.
func FuzzFormat(f *testing.F) {
	for _, glob := range []string{"testdata/oracle/*.prisma", corpusDir + "/*.prisma"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := Format([]schema.File{{Name: "schema.prisma", Text: src}})
		if err != nil {
			t.Fatal(err)
		}
		got := out[0].Text
		if !strings.HasSuffix(got, "\n") {
			t.Fatalf("output does not end with a newline: %q", got)
		}
	})
}
