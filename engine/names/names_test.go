package names

import (
	"os"
	"regexp"
	"testing"
)

func TestCanonicalAndSnake(t *testing.T) {
	for _, a := range aliases {
		for _, s := range a.snake {
			if got := Canonical(s); got != a.key {
				t.Errorf("Canonical(%q) = %q, want %q", s, got, a.key)
			}
		}
		if Canonical(a.key) != a.key {
			t.Errorf("Canonical(%q) rewrites a Prisma key", a.key)
		}
	}
	if Canonical("email") != "email" || Snake("email") != nil {
		t.Error("a key without aliases must pass through")
	}
}

// TestRuntimeTypesDeclareEverySpelling: the hand-written filter TypedDicts
// of the Python runtime (python/caspian_prisma/types.py) declare, next to
// each Prisma key that has snake_case spellings, every one of them — the
// same table the engine reads — and no snake_case key the engine would not
// rewrite to the Prisma key declared beside it.
func TestRuntimeTypesDeclareEverySpelling(t *testing.T) {
	src, err := os.ReadFile("../../python/caspian_prisma/types.py")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)(\w+) = TypedDict\(\s*"\w+",\s*\{(.*?)\n\s*\}`)
	key := regexp.MustCompile(`"(\w+)":`)
	blocks := block.FindAllStringSubmatch(string(src), -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d TypedDicts in types.py; the pattern no longer matches the file", len(blocks))
	}
	for _, b := range blocks {
		declared := map[string]bool{}
		for _, m := range key.FindAllStringSubmatch(b[2], -1) {
			declared[m[1]] = true
		}
		for k := range declared {
			for _, s := range Snake(k) {
				if !declared[s] {
					t.Errorf("%s declares %q but not its spelling %q", b[1], k, s)
				}
			}
			if c := Canonical(k); c != k && !declared[c] {
				t.Errorf("%s declares %q without %q", b[1], k, c)
			}
		}
	}
}
