package schema

import (
	"sort"
	"strconv"
	"strings"
)

// Diagnostic is one problem found in a schema, at the place it was written.
type Diagnostic struct {
	Pos     Pos
	Message string
}

func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Message
}

// String prints file:line:col.
func (p Pos) String() string {
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Diagnostics is every problem found in a schema, in source order. Parse
// returns them all at once so a user can fix a schema in one pass.
type Diagnostics []Diagnostic

// Error prints one `file:line:col: message` line per diagnostic.
func (ds Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// sortDiagnostics orders by position and drops exact duplicates, which
// appear when two checks reach the same fault from both sides of a relation.
func sortDiagnostics(ds Diagnostics) Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Pos, ds[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}
