package dmmf_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/dmmf"
)

// corpusDir holds the schema corpus with Prisma's own outputs. DMMF_CORPUS
// points the test at another directory of the same layout (handy for
// probing new shapes against the oracle).
func corpusDir() string {
	if d := os.Getenv("DMMF_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata", "corpus")
}

type corpusCase struct {
	name     string
	files    []schema.File
	expected string // the <name>.expected directory
}

// corpusCases lists the cases the way oracle.cjs does: a single file is
// given to Prisma as "schema.prisma", a folder as its .prisma files named
// by their slash-separated path inside it, sorted.
func corpusCases(t *testing.T, dir string) []corpusCase {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no corpus at %s: %v", dir, err)
	}
	var out []corpusCase
	for _, e := range ents {
		name := e.Name()
		switch {
		case !e.IsDir() && strings.HasSuffix(name, ".prisma"):
			text, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(name, ".prisma")
			out = append(out, corpusCase{base, []schema.File{{Name: "schema.prisma", Text: string(text)}}, filepath.Join(dir, base+".expected")})
		case e.IsDir() && !strings.HasSuffix(name, ".expected") && !strings.HasPrefix(name, "."):
			root := filepath.Join(dir, name)
			var files []schema.File
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".prisma") {
					return err
				}
				text, err := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				files = append(files, schema.File{Name: filepath.ToSlash(rel), Text: string(text)})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
			if len(files) > 0 {
				out = append(out, corpusCase{name, files, filepath.Join(dir, name+".expected")})
			}
		}
	}
	return out
}

// knownMismatches reads testdata/known_mismatches.txt: "<case> <reason>"
// per line, # comments and blank lines ignored.
func knownMismatches(t *testing.T) map[string]string {
	out := map[string]string{}
	f, err := os.Open(filepath.Join("testdata", "known_mismatches.txt"))
	if err != nil {
		if os.IsNotExist(err) {
			return out
		}
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

// TestCorpusDMMF compares our datamodel with get_dmmf's for every valid
// corpus case, semantically and byte for byte after JSON.stringify(v, null,
// 2), and our datasources and generators with get_config's.
func TestCorpusDMMF(t *testing.T) {
	dir := corpusDir()
	known := map[string]string{}
	if os.Getenv("DMMF_CORPUS") == "" {
		known = knownMismatches(t)
	}
	total, matched := 0, 0
	seen := map[string]bool{}
	for _, c := range corpusCases(t, dir) {
		want, err := os.ReadFile(filepath.Join(c.expected, "dmmf.json"))
		if err != nil {
			continue // Prisma rejects the schema: no DMMF
		}
		total++
		seen[c.name] = true
		problem := compareCase(c, want)
		reason, listed := known[c.name]
		switch {
		case problem == "":
			matched++
			if listed {
				t.Errorf("%s: matches now; remove it from testdata/known_mismatches.txt (was: %s)", c.name, reason)
			}
		case listed:
			t.Logf("%s: known mismatch (%s)", c.name, reason)
		default:
			t.Errorf("%s: %s", c.name, problem)
		}
	}
	for name := range known {
		if !seen[name] {
			// Not an error: the corpus may drop or fix a case before this list catches up.
			t.Logf("%s: listed in known_mismatches.txt but not a valid corpus case", name)
		}
	}
	t.Logf("dmmf: %d/%d match", matched, total)
}

// compareCase returns "" when every output matches, else what differs.
func compareCase(c corpusCase, want []byte) string {
	sch, err := schema.ParseFiles(c.files)
	if err != nil {
		// The validator is not ours to fix here; still say whether the
		// writer would get this schema right, from its text alone.
		raw := &schema.Schema{Files: c.files}
		verdict := "the DMMF written from the text alone matches"
		if p := compareSchema(raw, c, want); p != "" {
			verdict = "the DMMF written from the text alone differs too: " + p
		}
		return "we reject a schema Prisma accepts (" + verdict + "):\n" + err.Error()
	}
	return compareSchema(sch, c, want)
}

func compareSchema(sch *schema.Schema, c corpusCase, want []byte) string {
	got, err := dmmf.Datamodel(sch)
	if err != nil {
		return err.Error()
	}
	if p := sameJSON(got, want); p != "" {
		return "datamodel differs semantically: " + p
	}
	tree, err := dmmf.Parse(got)
	if err != nil {
		return "our datamodel is not JSON: " + err.Error()
	}
	if pretty := dmmf.Indent(tree); !bytes.Equal(pretty, want) {
		return "datamodel differs after pretty-printing: " + golden.Diff(string(want), string(pretty))
	}
	cfg, err := os.ReadFile(filepath.Join(c.expected, "config.json"))
	if err != nil {
		return "no config.json: " + err.Error()
	}
	ds, gens, err := dmmf.Config(sch)
	if err != nil {
		return err.Error()
	}
	ours := dmmf.Compact(dmmf.Object{{Key: "datasources", Value: ds}, {Key: "generators", Value: gens}})
	if p := sameJSON(ours, cfg); p != "" {
		return "config differs: " + p
	}
	return ""
}

// sameJSON compares two documents as values (key order ignored).
func sameJSON(got, want []byte) string {
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		return "ours is not JSON: " + err.Error()
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return "expected is not JSON: " + err.Error()
	}
	if reflect.DeepEqual(g, w) {
		return ""
	}
	return valueDiff("$", g, w)
}

// valueDiff names the first path where two decoded JSON values differ.
func valueDiff(path string, g, w any) string {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: got %v, want an object", path, short(g))
		}
		keys := map[string]bool{}
		for k := range wv {
			keys[k] = true
		}
		for k := range gv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			if !reflect.DeepEqual(gv[k], wv[k]) {
				if _, in := gv[k]; !in {
					return fmt.Sprintf("%s.%s missing (want %s)", path, k, short(wv[k]))
				}
				if _, in := wv[k]; !in {
					return fmt.Sprintf("%s.%s unexpected (got %s)", path, k, short(gv[k]))
				}
				return valueDiff(path+"."+k, gv[k], wv[k])
			}
		}
	case []any:
		gv, ok := g.([]any)
		if !ok || len(gv) != len(wv) {
			return fmt.Sprintf("%s: got %s, want %s", path, short(g), short(w))
		}
		for i := range wv {
			if !reflect.DeepEqual(gv[i], wv[i]) {
				return valueDiff(fmt.Sprintf("%s[%d]", path, i), gv[i], wv[i])
			}
		}
	}
	return fmt.Sprintf("%s: got %s, want %s", path, short(g), short(w))
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// TestSharedOracleDMMF checks the get_dmmf outputs kept next to the schema
// package's oracle tests (testdata/oracle/dmmf/<case>.<provider>.datamodel.json,
// inputs with PROVIDER to replace), which predate the corpus.
func TestSharedOracleDMMF(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "oracle", "dmmf", "*.datamodel.json"))
	if len(files) == 0 {
		t.Skip("no oracle DMMF files")
	}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".datamodel.json")
		name, provider, _ := strings.Cut(base, ".")
		src, err := os.ReadFile(filepath.Join("..", "testdata", "oracle", "schemas", name+".prisma"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(src), "PROVIDER", provider)
		sch, err := schema.Parse(text, "schema.prisma")
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		got, err := dmmf.Datamodel(sch)
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if p := sameJSON(got, want); p != "" {
			t.Errorf("%s: %s", base, p)
		}
	}
}

// TestWriterCases runs this package's own oracle cases (testdata/cases,
// expected outputs from Prisma's engine via regen.sh): shapes the corpus
// does not cover (every literal and function default, index options, views,
// multi-file order, CRLF docs, generator config). The writer must match all
// of them; a schema our validator does not accept yet is written from its
// text alone, so the writer is checked either way.
func TestWriterCases(t *testing.T) {
	cases := corpusCases(t, filepath.Join("testdata", "cases"))
	n := 0
	for _, c := range cases {
		want, err := os.ReadFile(filepath.Join(c.expected, "dmmf.json"))
		if err != nil {
			t.Errorf("%s: no dmmf.json; Prisma rejects it, so it does not belong here", c.name)
			continue
		}
		n++
		sch, err := schema.ParseFiles(c.files)
		if err != nil {
			sch = &schema.Schema{Files: c.files}
		}
		if p := compareSchema(sch, c, want); p != "" {
			t.Errorf("%s: %s", c.name, p)
		}
	}
	if n < 10 {
		t.Errorf("only %d writer cases", n)
	}
}

// TestAnyTextNoPanic writes the DMMF of every corpus text, the invalid ones
// included, straight from the text: the writer may refuse (a syntax error)
// but must never panic, whatever the blocks hold.
func TestAnyTextNoPanic(t *testing.T) {
	cases := corpusCases(t, corpusDir())
	for _, c := range cases {
		sch := &schema.Schema{Files: c.files}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", c.name, r)
				}
			}()
			_, _ = dmmf.Datamodel(sch)
			_, _, _ = dmmf.Config(sch)
			// Every prefix too: half-written blocks are what editors send.
			for _, f := range c.files {
				for _, cut := range []int{len(f.Text) / 3, len(f.Text) / 2, len(f.Text) * 4 / 5} {
					part := &schema.Schema{Files: []schema.File{{Name: f.Name, Text: f.Text[:cut]}}}
					_, _ = dmmf.Datamodel(part)
					_, _, _ = dmmf.Config(part)
				}
			}
		}()
	}
}
