package format

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

const corpusDir = "../testdata/corpus"

// corpusCase is one corpus input and, when Prisma's CLI would write one,
// its expected format output (same file names).
type corpusCase struct {
	name  string
	files []schema.File
	want  []schema.File // nil when `prisma format` refuses the schema
}

// loadCorpus reads the corpus as oracle.cjs wrote it: a single-file case
// is named "schema.prisma"; a folder case is every .prisma file under the
// folder, named by its "/"-separated relative path, sorted.
func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	var cases []corpusCase
	for _, e := range entries {
		name := e.Name()
		var c corpusCase
		switch {
		case !e.IsDir() && strings.HasSuffix(name, ".prisma"):
			c.name = strings.TrimSuffix(name, ".prisma")
			src, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatal(err)
			}
			c.files = []schema.File{{Name: "schema.prisma", Text: string(src)}}
			exp := filepath.Join(corpusDir, c.name+".expected", "format.prisma")
			if b, err := os.ReadFile(exp); err == nil {
				c.want = []schema.File{{Name: "schema.prisma", Text: string(b)}}
			}
		case e.IsDir() && !strings.HasSuffix(name, ".expected"):
			c.name = name
			c.files = readFolder(t, filepath.Join(corpusDir, name))
			if _, err := os.Stat(filepath.Join(corpusDir, name+".expected", "format")); err == nil {
				c.want = readFolder(t, filepath.Join(corpusDir, name+".expected", "format"))
			}
		default:
			continue
		}
		if _, err := os.Stat(filepath.Join(corpusDir, c.name+".expected")); err != nil {
			continue // input without expectations yet
		}
		cases = append(cases, c)
	}
	return cases
}

func readFolder(t *testing.T, dir string) []schema.File {
	t.Helper()
	var files []schema.File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".prisma") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, schema.File{Name: filepath.ToSlash(rel), Text: string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files
}

// readKnownMismatches reads testdata/known_mismatches.txt: one case name
// per line, then a reason; blank lines and # comments are skipped.
func readKnownMismatches(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	f, err := os.Open("testdata/known_mismatches.txt")
	if err != nil {
		return out
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

// TestCorpus compares Format with Prisma's output on every corpus case
// Prisma's CLI formats. A case listed in known_mismatches.txt may differ;
// the test fails when a listed case starts matching, so the list only
// shrinks, and when an unlisted case differs.
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	known := readKnownMismatches(t)
	total, match := 0, 0
	for _, c := range cases {
		if c.want == nil {
			continue
		}
		total++
		got, err := Format(c.files)
		diff := ""
		if err != nil {
			diff = err.Error()
		} else {
			diff = compareFiles(c.want, got)
		}
		_, listed := known[c.name]
		switch {
		case diff == "" && listed:
			match++
			t.Errorf("%s: now matches Prisma; remove it from testdata/known_mismatches.txt", c.name)
		case diff == "":
			match++
		case !listed:
			t.Errorf("%s: format differs from Prisma:\n%s", c.name, diff)
		}
		if err == nil {
			again, _ := Format(got)
			if d := compareFiles(got, again); d != "" {
				t.Errorf("%s: formatting is not idempotent:\n%s", c.name, d)
			}
		}
	}
	for name := range known {
		found := false
		for _, c := range cases {
			found = found || (c.name == name && c.want != nil)
		}
		if !found {
			t.Errorf("%s: listed in known_mismatches.txt but not a formatted corpus case", name)
		}
	}
	t.Logf("format: %d/%d match", match, total)
}

// TestCorpusRefusal logs how often `ppy format` takes the CLI's decision:
// Prisma writes the formatted schema only when it validates. The decision
// belongs to package schema's validator, so disagreements are logged, not
// failed, here; the validator's own corpus test holds it to Prisma.
func TestCorpusRefusal(t *testing.T) {
	agree, total := 0, 0
	for _, c := range loadCorpus(t) {
		total++
		out, _ := Format(c.files)
		_, err := schema.ParseFiles(out)
		if (err == nil) == (c.want != nil) {
			agree++
			continue
		}
		if c.want != nil {
			t.Logf("%s: Prisma formats it, our validator refuses: %v", c.name, err)
		} else {
			t.Logf("%s: Prisma refuses it, our validator accepts it", c.name)
		}
	}
	t.Logf("format refusal: %d/%d agree with Prisma's CLI", agree, total)
}

// TestCorpusIdempotent formats every corpus input (valid or not) twice.
func TestCorpusIdempotent(t *testing.T) {
	for _, c := range loadCorpus(t) {
		if c.want == nil {
			continue // Prisma's own magic is not idempotent on schemas it refuses
		}
		once, _ := Format(c.files)
		twice, _ := Format(once)
		if d := compareFiles(once, twice); d != "" {
			t.Errorf("%s: formatting is not idempotent:\n%s", c.name, d)
		}
	}
}

func compareFiles(want, got []schema.File) string {
	if len(want) != len(got) {
		return "different number of files"
	}
	for i := range want {
		if want[i].Name != got[i].Name {
			return "file " + want[i].Name + " came back as " + got[i].Name
		}
		if want[i].Text != got[i].Text {
			return want[i].Name + ": " + golden.Diff(want[i].Text, got[i].Text)
		}
	}
	return ""
}
