package schema_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

var update = flag.Bool("update", false, "rewrite the expected diagnostics of testdata/invalid/*.prisma")

// expectedMarker starts the trailing comment block that holds a fixture's
// expected diagnostics, one `// file:line:col: message` line each. The
// block is a comment, so it does not change what the schema parses to.
const expectedMarker = "// ---- expected diagnostics ----"

func TestInvalidSchemasGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.prisma")
	if len(files) < 10 {
		t.Fatalf("want at least 10 invalid fixtures, have %d", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".prisma"), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			src, want := splitExpected(string(raw))
			_, perr := schema.Parse(src, name)
			got := ""
			if perr != nil {
				if _, ok := perr.(schema.Diagnostics); !ok {
					t.Fatalf("error is %T, want schema.Diagnostics", perr)
				}
				got = perr.Error()
			}
			if got == "" {
				t.Fatalf("schema parsed without diagnostics")
			}
			if *update {
				var b strings.Builder
				b.WriteString(strings.TrimRight(src, "\n"))
				b.WriteString("\n\n" + expectedMarker + "\n")
				for _, line := range strings.Split(got, "\n") {
					b.WriteString("// " + line + "\n")
				}
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("diagnostics differ (run with -update to accept)\n--- got\n%s\n--- want\n%s", got, want)
			}
		})
	}
}

// splitExpected separates the schema from its expected-diagnostics block.
func splitExpected(s string) (src, want string) {
	i := strings.Index(s, expectedMarker)
	if i < 0 {
		return s, ""
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s[i+len(expectedMarker):]), "\n") {
		lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "//"), " "))
	}
	return s[:i], strings.Join(lines, "\n")
}
