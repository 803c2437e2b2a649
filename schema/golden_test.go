package schema_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

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
			src := splitExpected(string(raw))
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
			// The golden is the fixture itself: its schema, then the
			// diagnostics as a trailing comment block.
			var b strings.Builder
			b.WriteString(strings.TrimRight(src, "\n"))
			b.WriteString("\n\n" + expectedMarker + "\n")
			for _, line := range strings.Split(got, "\n") {
				b.WriteString("// " + line + "\n")
			}
			golden.Assert(t, path, b.String())
		})
	}
}

// splitExpected cuts the expected-diagnostics block off a fixture.
func splitExpected(s string) string {
	if i := strings.Index(s, expectedMarker); i >= 0 {
		return s[:i]
	}
	return s
}
