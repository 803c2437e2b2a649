package schema_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The corpus (testdata/corpus, see its README) holds schemas with what
// Prisma's own engine said about them. This test holds our validator to the
// same verdict and, for invalid schemas, the same diagnostics text byte for
// byte.

const corpusDir = "testdata/corpus"

// knownMismatchesFile lists cases we do not match yet, one name per line
// with a reason after it. The list may only shrink: a listed case that
// starts matching fails the test until it is taken off the list.
const knownMismatchesFile = "testdata/corpus_known_mismatches.txt"

type corpusCase struct {
	name  string
	files []schema.File
}

// loadCorpus reads every case: `<name>.prisma` is passed as "schema.prisma";
// a `<name>/` folder as all its .prisma files, named by their slash path
// relative to the folder, sorted (as oracle.cjs passes them to Prisma).
func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	ents, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusCase
	for _, e := range ents {
		name := e.Name()
		switch {
		case !e.IsDir() && strings.HasSuffix(name, ".prisma"):
			b, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, corpusCase{name: strings.TrimSuffix(name, ".prisma"), files: []schema.File{{Name: "schema.prisma", Text: string(b)}}})
		case e.IsDir() && !strings.HasSuffix(name, ".expected") && !strings.HasPrefix(name, "."):
			root := filepath.Join(corpusDir, name)
			var files []schema.File
			filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".prisma") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(root, p)
				files = append(files, schema.File{Name: filepath.ToSlash(rel), Text: string(b)})
				return nil
			})
			sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
			if len(files) > 0 {
				out = append(out, corpusCase{name: name, files: files})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// validateCorpusCase returns what `prisma validate` would print for a case:
// "ok\n" or the diagnostics followed by a newline.
func validateCorpusCase(files []schema.File) string {
	_, err := schema.ParseFilesWith(files, schema.Options{Prisma7URLs: true, Strict: true})
	if err == nil {
		return "ok\n"
	}
	ds, ok := err.(schema.Diagnostics)
	if !ok {
		return "non-diagnostics error: " + err.Error() + "\n"
	}
	return ds.Prisma(files) + "\n"
}

func readKnownMismatches(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	f, err := os.Open(knownMismatchesFile)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, " ")
		out[name] = strings.TrimSpace(reason)
	}
	return out
}

func TestCorpusValidate(t *testing.T) {
	cases := loadCorpus(t)
	if len(cases) == 0 {
		t.Skip("no corpus cases yet")
	}
	known := readKnownMismatches(t)
	verdicts, texts, total := 0, 0, 0
	for _, c := range cases {
		wantB, err := os.ReadFile(filepath.Join(corpusDir, c.name+".expected", "validate.txt"))
		if err != nil {
			continue // expected outputs not generated yet
		}
		total++
		want := string(wantB)
		got := validateCorpusCase(c.files)
		sameVerdict := (got == "ok\n") == (want == "ok\n")
		if sameVerdict {
			verdicts++
		}
		match := got == want
		if match {
			texts++
		}
		_, listed := known[c.name]
		delete(known, c.name)
		switch {
		case match && listed:
			t.Errorf("%s: matches Prisma now; take it off %s", c.name, knownMismatchesFile)
		case !match && !listed:
			t.Errorf("%s: differs from Prisma\n--- got\n%s--- want\n%s", c.name, got, want)
		}
	}
	for name := range known {
		t.Errorf("%s: listed in %s but not in the corpus", name, knownMismatchesFile)
	}
	t.Logf("validate: %d/%d match (verdict %d/%d)", texts, total, verdicts, total)
}

// lintWarning is one entry of warnings.json's "lint" list.
type lintWarning struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	IsWarning bool   `json:"is_warning"`
}

// TestCorpusWarnings holds the warnings of valid single-file schemas to
// Prisma's lint: same messages, same byte spans, same order.
func TestCorpusWarnings(t *testing.T) {
	matched, total := 0, 0
	for _, c := range loadCorpus(t) {
		b, err := os.ReadFile(filepath.Join(corpusDir, c.name+".expected", "warnings.json"))
		if err != nil || len(c.files) != 1 {
			continue
		}
		var w struct {
			Lint []lintWarning `json:"lint"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var want []string
		for _, l := range w.Lint {
			if l.IsWarning {
				want = append(want, fmt.Sprintf("%d-%d %s", l.Start, l.End, l.Text))
			}
		}
		s, err := schema.ParseFilesWith(c.files, schema.Options{Prisma7URLs: true, Strict: true})
		if err != nil {
			continue // invalid: Prisma's lint mixes errors in; validate covers those
		}
		var got []string
		for _, d := range s.Warnings {
			got = append(got, fmt.Sprintf("%d-%d %s", d.Start, d.End, d.Message))
		}
		total++
		if strings.Join(got, "\n") == strings.Join(want, "\n") {
			matched++
			continue
		}
		t.Errorf("%s: warnings differ\n--- got\n%s\n--- want\n%s", c.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	t.Logf("warnings: %d/%d match", matched, total)
}
