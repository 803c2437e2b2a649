package schema_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// FuzzParse feeds arbitrary text to the parser, resolver and validator: no
// input may panic, and every diagnostic must point into the text it came
// from (a known file, a line that exists) so the Prisma layout can show it.
// The seeds are every corpus file and every schema under testdata.
func FuzzParse(f *testing.F) {
	for _, c := range loadCorpus(f) {
		for _, file := range c.files {
			f.Add(file.Text)
		}
	}
	for _, pattern := range []string{"testdata/*.prisma", "testdata/invalid/*.prisma", "testdata/oracle/schemas/*.prisma"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		// Two files sharing one namespace exercise the multi-file paths.
		half := len(src) / 2
		for half > 0 && half < len(src) && src[half]&0xC0 == 0x80 {
			half--
		}
		for _, files := range [][]schema.File{
			{{Name: "schema.prisma", Text: src}},
			{{Name: "a.prisma", Text: src[:half]}, {Name: "b.prisma", Text: src[half:]}},
		} {
			_, err := schema.ParseFilesWith(files, schema.Options{Prisma7URLs: true, Strict: true})
			if err == nil {
				continue
			}
			ds, ok := err.(schema.Diagnostics)
			if !ok {
				t.Fatalf("error is %T, want schema.Diagnostics", err)
			}
			if len(ds.Errors()) == 0 {
				t.Fatalf("an error without error diagnostics: %v", ds)
			}
			for _, d := range ds {
				checkSpan(t, files, d)
			}
			out := ds.Prisma(files)
			if !strings.HasSuffix(out, "Validation Error Count: "+itoa(len(ds.Errors()))) {
				t.Fatalf("rendering lacks the count:\n%s", out)
			}
		}
	})
}

func checkSpan(t *testing.T, files []schema.File, d schema.Diagnostic) {
	t.Helper()
	for _, f := range files {
		if f.Name != d.Pos.File {
			continue
		}
		lines := strings.Count(f.Text, "\n") + 1
		if d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
			t.Fatalf("%q: position %v outside the file (%d lines)", d.Message, d.Pos, lines)
		}
		if d.Start < 0 || d.End < d.Start || d.End > len(f.Text) {
			t.Fatalf("%q: span [%d,%d) outside the file (%d bytes)", d.Message, d.Start, d.End, len(f.Text))
		}
		if got := strings.Count(f.Text[:d.Start], "\n") + 1; got != d.Pos.Line {
			t.Fatalf("%q: span starts on line %d, position says %d", d.Message, got, d.Pos.Line)
		}
		if d.Message == "" {
			t.Fatalf("empty message at %v", d.Pos)
		}
		return
	}
	t.Fatalf("%q: unknown file %q", d.Message, d.Pos.File)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
