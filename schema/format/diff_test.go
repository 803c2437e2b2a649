package format

import (
	"fmt"
	"strings"
)

// lineDiff shows the first differing lines of want and got, with some context.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b || (i >= len(w)) != (i >= len(g)) {
			var s strings.Builder
			for j := max(0, i-3); j < i; j++ {
				fmt.Fprintf(&s, "   %q\n", w[j])
			}
			fmt.Fprintf(&s, "want line %d: %q\n got line %d: %q", i+1, a, i+1, b)
			return s.String()
		}
	}
	return "(identical)"
}
