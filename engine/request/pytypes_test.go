package request

import (
	"os"
	"regexp"
	"testing"
)

// TestRuntimeFilterTypesAreAccepted: every operator the Python runtime's
// scalar filter TypedDicts (python/caspian_prisma/types.py) declare, in any
// spelling, is one the filter parser takes, so code that type-checks is never
// refused as an unknown operator. JsonFilter is left out: its keys are the
// Json filters' own (JSONOps).
func TestRuntimeFilterTypesAreAccepted(t *testing.T) {
	src, err := os.ReadFile("../../python/caspian_prisma/types.py")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)(\w+Filter) = TypedDict\(\s*"\w+",\s*\{(.*?)\n\s*\}`)
	key := regexp.MustCompile(`"(\w+)":`)
	seen := map[string]bool{}
	for _, b := range block.FindAllStringSubmatch(string(src), -1) {
		if b[1] == "JsonFilter" {
			continue
		}
		seen[b[1]] = true
		for _, m := range key.FindAllStringSubmatch(b[2], -1) {
			if op := Canon(m[1]); !Contains(ScalarOps, op) && op != OpSearch {
				t.Errorf("%s declares %q, which the engine refuses as an unknown filter operator", b[1], m[1])
			}
		}
	}
	for _, want := range []string{"StringFilter", "IntFilter", "DateTimeFilter", "BytesFilter"} {
		if !seen[want] {
			t.Errorf("%s not found in types.py; the pattern no longer matches the file", want)
		}
	}
}
