package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
)

// TestOracleCases compares Source(x.prisma) with x.formatted for every pair
// in testdata/oracle: small probes of one formatter rule each, whose
// .formatted files are the output of Prisma's own formatter
// (@prisma/prisma-schema-wasm 8.1.0-2.59be4fda…, the engine of Prisma 7.10).
// FORMAT_PROBE_DIR points it at a scratch directory of such pairs instead.
func TestOracleCases(t *testing.T) {
	dir := os.Getenv("FORMAT_PROBE_DIR")
	if dir == "" {
		dir = "testdata/oracle"
	}
	ins, _ := filepath.Glob(filepath.Join(dir, "*.prisma"))
	if len(ins) == 0 {
		t.Fatalf("no probes in %s", dir)
	}
	ok := 0
	for _, in := range ins {
		want, err := os.ReadFile(strings.TrimSuffix(in, ".prisma") + ".formatted")
		if err != nil {
			t.Errorf("%s: no .formatted next to it", in)
			continue
		}
		src, _ := os.ReadFile(in)
		got := Source(string(src))
		if got != string(want) {
			t.Errorf("%s:\n%s", filepath.Base(in), golden.Diff(string(want), got))
			continue
		}
		ok++
	}
	t.Logf("oracle probes: %d/%d match", ok, len(ins))
}
