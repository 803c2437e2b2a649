package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProbeDir compares Source(x.prisma) with x.formatted for every pair in
// $FORMAT_PROBE_DIR: a scratch directory of inputs run through Prisma's own
// formatter on a dev machine. Skipped when the variable is unset.
func TestProbeDir(t *testing.T) {
	dir := os.Getenv("FORMAT_PROBE_DIR")
	if dir == "" {
		t.Skip("FORMAT_PROBE_DIR not set")
	}
	ins, _ := filepath.Glob(filepath.Join(dir, "*.prisma"))
	ok := 0
	for _, in := range ins {
		want, err := os.ReadFile(strings.TrimSuffix(in, ".prisma") + ".formatted")
		if err != nil {
			continue
		}
		src, _ := os.ReadFile(in)
		got := Source(string(src))
		if got != string(want) {
			t.Errorf("%s:\n%s", filepath.Base(in), lineDiff(string(want), got))
			continue
		}
		ok++
	}
	t.Logf("probes: %d/%d match", ok, len(ins))
}
