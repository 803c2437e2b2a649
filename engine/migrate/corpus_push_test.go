package migrate

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// pushVerdict is what `db push` without flags reports about a change, as
// Prisma's schema engine returns it from schemaPush (testdata/corpus/
// gen-push.sh records it): data-loss warnings and unexecutable steps.
type pushVerdict struct {
	Warnings     []string `json:"warnings"`
	Unexecutable []string `json:"unexecutable"`
	// ApplyError: the verdict was clean, so the engine applied the change,
	// and the database rejected it (the first line of its error). Not compared.
	ApplyError string `json:"applyError,omitempty"`
}

// knownPushMismatches are the push verdicts we knowingly differ on,
// "<case>/<provider>" (rows) or "<case>/<provider>/empty" → why.
var knownPushMismatches = map[string]string{
	// A list column (nullable in the database) made a required scalar:
	// Prisma checks only optional → required, so its verdict is clean and
	// its push then fails on the NULL ("column "tags" of relation
	// "Customer" contains null values", recorded as applyError). We count
	// the NULLs and refuse before changing anything.
	"alter_pg_list_to_scalar/postgresql": "Prisma does not check a list made required and fails while applying; we refuse it up front",
}

// TestCorpusPushVerdicts replays gen-push.sh with our code: on a fresh
// database, Push from.prisma, insert the case's rows (rows.<provider>.sql,
// one row per table; none for the empty run), then Push to.prisma without
// flags, and compare the warnings with Prisma's verdict (same strings, same
// order). It prints how many verdicts match per provider.
func TestCorpusPushVerdicts(t *testing.T) {
	type tally struct{ same, total int }
	counts := map[string]*tally{}
	var differing []string
	for _, provider := range []string{"sqlite", "postgresql"} {
		t.Run(provider, func(t *testing.T) {
			for _, c := range corpusCases(t, provider) {
				if c.from == "" {
					continue
				}
				for _, run := range []string{"rows", "empty"} {
					file := filepath.Join(c.dir, provider+".push.json")
					key := c.name + "/" + provider
					if run == "empty" {
						file = filepath.Join(c.dir, provider+".push-empty.json")
						key += "/empty"
					}
					b, err := os.ReadFile(file)
					if err != nil {
						continue
					}
					var want pushVerdict
					if err := json.Unmarshal(b, &want); err != nil {
						t.Fatalf("%s: %v", file, err)
					}
					t.Run(c.name+"/"+run, func(t *testing.T) {
						got := pushCase(t, c, run == "rows")
						k := provider + "/" + run
						if counts[k] == nil {
							counts[k] = &tally{}
						}
						counts[k].total++
						why, known := knownPushMismatches[key]
						if reflect.DeepEqual(normVerdict(got), normVerdict(want)) {
							counts[k].same++
							if known {
								t.Errorf("listed as a known mismatch (%s) but now identical: remove it from the list", why)
							}
							return
						}
						differing = append(differing, key)
						msg := "verdict differs from Prisma's\n" + verdictDiff(want, got)
						if known {
							t.Skipf("known mismatch: %s\n%s", why, msg)
						}
						t.Error(msg)
					})
				}
			}
		})
	}
	sort.Strings(differing)
	var parts []string
	for _, k := range []string{"sqlite/rows", "sqlite/empty", "postgresql/rows", "postgresql/empty"} {
		if tl := counts[k]; tl != nil {
			parts = append(parts, k+" "+strconv.Itoa(tl.same)+"/"+strconv.Itoa(tl.total))
		}
	}
	t.Logf("identical push verdicts: %s; differing: %v", strings.Join(parts, ", "), differing)
}

// pushCase runs one case with our Push and returns its verdict on to.prisma.
func pushCase(t *testing.T, c corpusCase, withRows bool) pushVerdict {
	t.Helper()
	ctx := context.Background()
	pool := freshPool(t, c.provider)
	if _, err := Push(ctx, pool, parseFile(t, c.from, c.provider), PushOptions{}); err != nil {
		t.Fatalf("push of from.prisma: %v", err)
	}
	if withRows {
		file := filepath.Join(c.dir, "rows."+c.provider+".sql")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "--") {
				continue
			}
			if _, err := pool.Exec(ctx, strings.TrimSuffix(line, ";"), nil); err != nil {
				t.Fatalf("%s: %s: %v", file, line, err)
			}
		}
	}
	res, err := Push(ctx, pool, parseFile(t, c.to, c.provider), PushOptions{})
	switch {
	case err == nil, errors.Is(err, ErrDataLoss), errors.Is(err, ErrUnexecutable):
	case res.Warnings.Empty() && strings.HasPrefix(err.Error(), "db push failed"):
		// a clean verdict whose change the database then rejected (Prisma
		// records those too, as applyError): the verdict still counts
		t.Logf("push of to.prisma: %v", err)
	default:
		t.Fatalf("push of to.prisma: %v", err)
	}
	return pushVerdict{Warnings: res.Warnings.DataLoss, Unexecutable: res.Warnings.Unexecutable}
}

// normVerdict makes nil and empty lists equal and drops ApplyError.
func normVerdict(v pushVerdict) pushVerdict {
	v.ApplyError = ""
	if v.Warnings == nil {
		v.Warnings = []string{}
	}
	if v.Unexecutable == nil {
		v.Unexecutable = []string{}
	}
	return v
}

func verdictDiff(want, got pushVerdict) string {
	var b strings.Builder
	list := func(title string, l []string) {
		b.WriteString("  " + title + ":\n")
		for _, s := range l {
			b.WriteString("    - " + s + "\n")
		}
	}
	list("want warnings", want.Warnings)
	list("got warnings", got.Warnings)
	list("want unexecutable", want.Unexecutable)
	list("got unexecutable", got.Unexecutable)
	return b.String()
}
