package schema

import (
	"sort"
	"strconv"
	"strings"
)

// Severity tells errors from warnings.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
)

// Diagnostic is one problem found in a schema, at the place it was written.
// Pos is where the offending text starts; Start and End are its byte
// offsets [Start, End) in the file's text, which Prisma's layout needs to
// mark the span and show every line it covers.
type Diagnostic struct {
	Pos      Pos
	Message  string
	Start    int
	End      int
	Severity Severity
	// stage is the resolution pass that found the problem. Prisma stops
	// after a pass that found errors, so later passes' findings are dropped
	// (see keepPrismaStages).
	stage stage
	// rank and sub order the validation pipeline's findings as Prisma
	// runs its checks (see orderValidation).
	rank, sub int
	// stop marks the ambiguous relation at which Prisma stops validating.
	stop bool
}

// stage numbers the passes in Prisma's order.
type stage int

const (
	stParse    stage = iota // syntax
	stNames                 // duplicate names, reserved names
	stTypes                 // field types
	stAttrs                 // attributes and relation inference
	stConfig                // datasource and generator blocks
	stValidate              // the validation pipeline on a well-formed schema
)

func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Message
}

// String prints file:line:col.
func (p Pos) String() string {
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Diagnostics is every problem found in a schema. Parse returns them all at
// once so a user can fix a schema in one pass.
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

// Errors returns the diagnostics of severity error.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(SeverityError) }

// Warnings returns the diagnostics of severity warning.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(SeverityWarning) }

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Prisma renders the errors exactly as Prisma's validate prints them with
// colours off: one block per error, then the error count. files are the
// texts the schema was parsed from (Pos.File names one of them).
func (ds Diagnostics) Prisma(files []File) string {
	var b strings.Builder
	n := 0
	for _, d := range ds {
		if d.Severity != SeverityError {
			continue
		}
		n++
		d.prettyPrint(&b, "error", files)
	}
	b.WriteString("\nValidation Error Count: ")
	b.WriteString(strconv.Itoa(n))
	return b.String()
}

// PrismaWarnings renders the warnings the way Prisma prints them.
func (ds Diagnostics) PrismaWarnings(files []File) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Severity == SeverityWarning {
			d.prettyPrint(&b, "warning", files)
		}
	}
	return b.String()
}

// prettyPrint writes one block: the title, the file:line, the line before,
// the line holding the start of the span, every further line the span
// covers, framed by empty gutter lines. A zero-width span gets a caret.
func (d Diagnostic) prettyPrint(b *strings.Builder, title string, files []File) {
	text := ""
	for _, f := range files {
		if f.Name == d.Pos.File {
			text = f.Text
			break
		}
	}
	start, end := clamp(d.Start, len(text)), clamp(d.End, len(text))
	if end < start {
		end = start
	}
	startLine := strings.Count(text[:start], "\n")
	endLine := strings.Count(text[:end], "\n")
	lines := strings.Split(text, "\n")
	before := 0
	for _, l := range lines[:startLine] {
		before += len(l) + 1
	}
	line := lines[startLine]
	inLine := start - before
	endInLine := inLine + (end - start)
	if endInLine > len(line) {
		endInLine = len(line)
	}
	b.WriteString(title)
	b.WriteString(": ")
	b.WriteString(d.Message)
	b.WriteString("\n  -->  ")
	b.WriteString(d.Pos.File)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(startLine + 1))
	b.WriteByte('\n')
	gutter(b, 0)
	b.WriteByte('\n')
	gutterLine(b, startLine, lines)
	gutter(b, startLine+1)
	b.WriteString(line)
	b.WriteByte('\n')
	if endInLine == inLine {
		gutter(b, 0)
		b.WriteString(strings.Repeat(" ", inLine))
		b.WriteString("^ Unexpected token.\n")
	}
	for n := startLine + 2; n < endLine+2; n++ {
		gutterLine(b, n, lines)
	}
	gutter(b, 0)
	b.WriteByte('\n')
}

func clamp(i, n int) int {
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}

func gutter(b *strings.Builder, n int) {
	if n == 0 {
		b.WriteString("   | ")
		return
	}
	s := strconv.Itoa(n)
	if len(s) < 2 {
		b.WriteByte(' ')
	}
	b.WriteString(s)
	b.WriteString(" | ")
}

func gutterLine(b *strings.Builder, n int, lines []string) {
	gutter(b, n)
	if n > 0 && n <= len(lines) {
		b.WriteString(lines[n-1])
	}
	b.WriteByte('\n')
}

// keepPrismaStages orders the errors by pass, as Prisma reports them: the
// parser's, then names, types, attributes and relations, then the
// configuration blocks; the validation pipeline runs only on a schema with
// no error so far. Within a pass the order of discovery is kept; warnings
// follow.
func keepPrismaStages(ds Diagnostics) Diagnostics {
	var by [stValidate + 1]Diagnostics
	var warns Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityWarning {
			warns = append(warns, d)
			continue
		}
		by[d.stage] = append(by[d.stage], d)
	}
	var out Diagnostics
	for st := stParse; st < stValidate; st++ {
		out = append(out, by[st]...)
	}
	if len(out) == 0 {
		for _, d := range by[stValidate] {
			out = append(out, d)
			if d.stop {
				break
			}
		}
	}
	return dedup(append(out, warns...))
}

// dedup drops exact repeats, which appear when two checks reach the same
// fault from both sides of a relation.
func dedup(ds Diagnostics) Diagnostics {
	out := ds[:0]
	seen := map[Diagnostic]bool{}
	for _, d := range ds {
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, d)
	}
	return out
}

// sortByPosition orders diagnostics by file and position, for the passes
// whose Prisma order is source order regardless of discovery order.
func sortByPosition(ds Diagnostics, fileIndex map[string]int) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return fileIndex[a.Pos.File] < fileIndex[b.Pos.File]
		}
		return a.Start < b.Start
	})
}
