package query

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

var providers = []string{schema.SQLite, schema.PostgreSQL, schema.MySQL}

func loadSchema(t testing.TB, provider string) *schema.Schema {
	t.Helper()
	return loadSchemaFile(t, "testdata/schema.prisma", provider)
}

func loadSchemaFile(t testing.TB, file, provider string) *schema.Schema {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), `provider = "sqlite"`, `provider = "`+provider+`"`, 1)
	sch, err := schema.Parse(text, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// searchSchema is testdata/search.prisma for provider, without its
// @@fulltext indexes where Prisma does not accept them (all but MySQL).
func searchSchema(t testing.TB, provider string) *schema.Schema {
	t.Helper()
	src, err := os.ReadFile("testdata/search.prisma")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(src), "\n") {
		if provider == schema.MySQL || !strings.Contains(l, "@@fulltext") {
			lines = append(lines, l)
		}
	}
	text := strings.Replace(strings.Join(lines, "\n"), `provider = "sqlite"`, `provider = "`+provider+`"`, 1)
	sch, err := schema.Parse(text, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// decodeArgs reads JSON the way msgpack arrives: integers as int64.
func decodeArgs(t testing.TB, raw []byte) map[string]any {
	v, ok := exec.DecodeJSON(raw).(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object: %s", raw)
	}
	return untagNulls(v).(map[string]any)
}

// untagNulls turns {"$null": "DbNull"} (the ABI fixtures' notation) into the
// null sentinel the ABI decodes, so JSON cases can carry them.
func untagNulls(v any) any {
	switch t := v.(type) {
	case []any:
		for i := range t {
			t[i] = untagNulls(t[i])
		}
	case map[string]any:
		if s, ok := t["$null"].(string); ok && len(t) == 1 {
			if n, err := abi.ParseNullSentinel([]byte(s)); err == nil {
				return n
			}
		}
		for k := range t {
			t[k] = untagNulls(t[k])
		}
	}
	return v
}

type goldenCase struct {
	// Schema names testdata/<schema>.prisma; empty is testdata/schema.prisma.
	Schema string          `json:"schema"`
	Model  string          `json:"model"`
	Action string          `json:"action"`
	Args   json.RawMessage `json:"args"`
}

// TestGolden plans every request fixture in testdata/cases for each dialect
// and compares the SQL and parameters with testdata/golden (-update rewrites).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	schemas := map[string]*schema.Schema{}
	for _, p := range providers {
		schemas[p] = loadSchema(t, p)
		schemas["search/"+p] = searchSchema(t, p)
		schemas["join/"+p] = loadSchemaFile(t, "testdata/join.prisma", p)
	}
	// multiSchema is PostgreSQL's: its cases print no other dialect.
	schemas["multischema/"+schema.PostgreSQL] = loadSchemaFile(t, "testdata/multischema.prisma", schema.PostgreSQL)
	pgOnly := map[string]bool{"multischema": true}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var c goldenCase
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			argv := map[string]any{}
			if len(c.Args) > 0 {
				argv = decodeArgs(t, c.Args)
			}
			var b strings.Builder
			b.WriteString("# " + c.Model + "." + c.Action + " " + strings.TrimSpace(string(c.Args)) + "\n")
			for _, p := range providers {
				if pgOnly[c.Schema] && p != schema.PostgreSQL {
					continue
				}
				b.WriteString("\n== " + p + "\n")
				sch := schemas[p]
				if c.Schema != "" {
					sch = schemas[c.Schema+"/"+p]
				}
				if sch == nil {
					t.Fatalf("unknown schema %q", c.Schema)
				}
				out, err := Explain(sch, c.Model, c.Action, argv, p)
				b.WriteString(out)
				if err != nil {
					b.WriteString("-- error: " + err.Error() + "\n")
				}
			}
			golden.Assert(t, filepath.Join("testdata/golden", name+".txt"), b.String())
		})
	}
}
