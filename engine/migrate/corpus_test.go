package migrate

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// corpusDir holds schema pairs with the scripts Prisma's own schema engine
// wrote for them (testdata/corpus/README.md says how).
var corpusDir = filepath.Join("testdata", "corpus", "cases")

// knownCorpusMismatches are the cases where our script knowingly differs
// from Prisma's, "<case>/<provider>" → why. Keep it short and honest.
var knownCorpusMismatches = map[string]string{
	"empty_json_bytes/sqlite":          jsonDefaultQuirk,
	"empty_scalar_defaults/sqlite":     jsonDefaultQuirk,
	"alter_add_json_column/sqlite":     jsonDefaultQuirk,
	"alter_change_json_default/sqlite": jsonDefaultQuirk,
	// Prisma writes ALTER COLUMN "id" SET DATA TYPE BIGSERIAL, which
	// PostgreSQL refuses (serial types exist only in CREATE TABLE and ADD
	// COLUMN); the sequence is already there, so we write BIGINT.
	"alter_int_id_to_bigint_autoincrement/postgresql": "Prisma's SET DATA TYPE BIGSERIAL cannot run; we write BIGINT",
}

// jsonDefaultQuirk: Prisma's engine writes a Json default bare on SQLite
// (DEFAULT {"a": 1}, DEFAULT []), which SQLite rejects as a syntax error,
// so the migration cannot run. We quote it ('{"a": 1}'), as on PostgreSQL.
const jsonDefaultQuirk = "Prisma writes Json defaults unquoted on SQLite, which SQLite cannot parse; we quote them"

// corpusCase is one case of the corpus for one provider.
type corpusCase struct {
	name, provider string
	from, to       string // schema files; from is "" for an empty source
	dir            string
}

func corpusCases(t *testing.T, providers ...string) []corpusCase {
	t.Helper()
	dirs, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusCase
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := filepath.Join(corpusDir, d.Name())
		applies := []string{"sqlite", "postgresql", "mysql"}
		if b, err := os.ReadFile(filepath.Join(dir, "providers")); err == nil {
			applies = strings.Fields(string(b))
		}
		for _, p := range providers {
			if !contains(applies, p) && !(p == "mysql" && mysqlApplies(dir, applies)) {
				continue
			}
			c := corpusCase{name: d.Name(), provider: p, to: filepath.Join(dir, "to.prisma"), dir: dir}
			if _, err := os.Stat(filepath.Join(dir, "from.prisma")); err == nil {
				c.from = filepath.Join(dir, "from.prisma")
			}
			out = append(out, c)
		}
	}
	return out
}

// mysqlApplies: a case written for both SQLite and PostgreSQL uses only
// portable features, so it runs on MySQL too (with our own goldens); a
// case limited to one of them does not.
func mysqlApplies(dir string, applies []string) bool {
	_, err := os.Stat(filepath.Join(dir, "providers"))
	return os.IsNotExist(err) || (contains(applies, "sqlite") && contains(applies, "postgresql"))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// schemas calculates both sides of a case; from is nil for an empty source.
func (c corpusCase) schemas(t *testing.T) (flavour.Flavour, *sqlschema.Schema, *sqlschema.Schema) {
	t.Helper()
	fl, err := flavour.For(c.provider)
	if err != nil {
		t.Fatal(err)
	}
	var from *sqlschema.Schema
	if c.from != "" {
		if from, err = Calculate(parseFile(t, c.from, c.provider), fl); err != nil {
			t.Fatal(err)
		}
	}
	to, err := Calculate(parseFile(t, c.to, c.provider), fl)
	if err != nil {
		t.Fatal(err)
	}
	return fl, from, to
}

func (c corpusCase) script(t *testing.T) string {
	fl, from, to := c.schemas(t)
	return FormatScript(fl.Render(Diff(from, to, fl.Caps()), "public"))
}

// TestCorpus compares our script for every case with Prisma's, byte for
// byte (the CLI's extra trailing newline aside), and pins our MySQL scripts
// as goldens. It prints the counts of identical scripts per provider.
func TestCorpus(t *testing.T) {
	same := map[string]int{}
	total := map[string]int{}
	var differing []string
	for _, c := range corpusCases(t, "sqlite", "postgresql", "mysql") {
		t.Run(c.name+"/"+c.provider, func(t *testing.T) {
			got := c.script(t)
			if c.provider == "mysql" {
				golden.Assert(t, filepath.Join(c.dir, "mysql.sql"), got)
				return
			}
			want, err := os.ReadFile(filepath.Join(c.dir, c.provider+".sql"))
			if err != nil {
				t.Skipf("no expected script: %v", err)
			}
			total[c.provider]++
			key := c.name + "/" + c.provider
			if got == string(want) {
				same[c.provider]++
				if why, ok := knownCorpusMismatches[key]; ok {
					t.Errorf("listed as a known mismatch (%s) but now identical: remove it from the list", why)
				}
				return
			}
			differing = append(differing, key)
			if _, ok := knownCorpusMismatches[key]; ok {
				t.Skipf("known mismatch: %s", knownCorpusMismatches[key])
			}
			t.Errorf("script differs from Prisma's\n%s", golden.Diff(string(want), got))
		})
	}
	sort.Strings(differing)
	t.Logf("identical scripts: sqlite %d/%d, postgresql %d/%d; differing: %v",
		same["sqlite"], total["sqlite"], same["postgresql"], total["postgresql"], differing)
}

// TestCorpusSummaries compares our human summary (migrate diff without
// --script) with Prisma's for every case.
func TestCorpusSummaries(t *testing.T) {
	for _, c := range corpusCases(t, "sqlite", "postgresql") {
		want, err := os.ReadFile(filepath.Join(c.dir, c.provider+".summary.txt"))
		if err != nil {
			continue
		}
		fl, from, to := c.schemas(t)
		if got := Summary(Diff(from, to, fl.Caps()), "public"); got != string(want) {
			t.Errorf("%s/%s: summary differs from Prisma's\n%s", c.name, c.provider, golden.Diff(string(want), got))
		}
	}
}

// appliedSkips are the cases a database cannot hold, "<case>/<provider>" → why.
var appliedSkips = map[string]string{
	"empty_long_names/postgresql": "a table name past 63 bytes is cut by PostgreSQL itself (NAMEDATALEN), so the described name differs; Prisma has the same drift",
	"empty_special_ids/mysql":     "a Bytes @id is a LONGBLOB, which MySQL cannot key without a prefix length (use @db.VarBinary(n))",
}

// TestCorpusApplied proves every case on real databases: the from schema is
// created, our from→to script applied, and the database described again
// must then match the to schema with no step left. On MySQL, for which no
// oracle exists, this is the proof that our rendering runs and is complete.
func TestCorpusApplied(t *testing.T) {
	for _, provider := range []string{"sqlite", "postgresql", "mysql"} {
		t.Run(provider, func(t *testing.T) {
			for _, c := range corpusCases(t, provider) {
				t.Run(c.name, func(t *testing.T) {
					if why, ok := appliedSkips[c.name+"/"+provider]; ok {
						t.Skip(why)
					}
					ctx := context.Background()
					pool := freshPool(t, provider)
					if fl, _ := flavour.For(provider); fl.Caps().Namespaces {
						// citext lives in an extension (Prisma: extensions = [citext]).
						if _, err := pool.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS citext", nil); err != nil {
							t.Logf("no citext extension: %v", err)
						}
					}
					fl, from, to := c.schemas(t)
					if from != nil {
						apply(t, pool, fl, Diff(nil, from, fl.Caps()))
					}
					steps := Diff(from, to, fl.Caps())
					if from != nil {
						live, err := Describe(ctx, fl, pool, "public", to.Namespaces)
						if err != nil {
							t.Fatal(err)
						}
						steps = Diff(live, to, fl.Caps())
					}
					apply(t, pool, fl, steps)
					live, err := Describe(ctx, fl, pool, "public", to.Namespaces)
					if err != nil {
						t.Fatal(err)
					}
					if left := Diff(live, to, fl.Caps()); len(left) > 0 {
						t.Errorf("after applying, the database still differs from the schema:\n%s", FormatScript(fl.Render(left, "public")))
					}
				})
			}
		})
	}
}

func apply(t *testing.T, pool driver.Pool, fl flavour.Flavour, steps []sqlschema.Step) {
	t.Helper()
	stmts := fl.Render(steps, "public")
	sql := make([]string, len(stmts))
	for i, s := range stmts {
		sql[i] = s.SQL
	}
	if err := Apply(context.Background(), pool, fl, "public", sql); err != nil {
		t.Fatalf("%v\n%s", err, FormatScript(stmts))
	}
}
