// Package flavourtest holds what the flavours' tests share: opening a fresh
// database per provider, running a Prisma migration script on it, and
// comparing a described schema with a golden JSON file. It is imported by
// tests only; unlike the flavour packages it may open connections.
package flavourtest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
)

// EnvVar is the variable naming the test server of a provider.
func EnvVar(provider string) string { return testdb.EnvVar(provider) }

// Fresh opens an empty database (testdb.Open): a new SQLite file, or a new
// database on the test server, skipping the test when its variable is unset.
func Fresh(t testing.TB, provider string) driver.Pool {
	t.Helper()
	return testdb.Open(t, provider, "describe")
}

// Statements splits a migration script into statements: "-- " comment
// lines are dropped and the rest is cut at ";" ending a line.
func Statements(script string) []string {
	var b strings.Builder
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	var out []string
	for _, s := range strings.Split(b.String(), ";\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, strings.TrimSuffix(s, ";"))
		}
	}
	return out
}

// Exec runs each statement of script on q.
func Exec(t testing.TB, q driver.Querier, script string) {
	t.Helper()
	for _, s := range Statements(script) {
		if _, err := q.Exec(context.Background(), s, nil); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
}

// ExecFile runs the script in file (a path relative to the test's
// package, or absolute).
func ExecFile(t testing.TB, q driver.Querier, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	Exec(t, q, string(b))
}

// RepoRoot is the module's root directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
}

// OracleSQL is the path of one of Prisma's oracle scripts
// (schema/testdata/oracle/sql) or, where Prisma's is missing (MySQL, the
// features case), of ours (engine/migrate/testdata/ours).
func OracleSQL(name string) string {
	p := filepath.Join(RepoRoot(), "schema", "testdata", "oracle", "sql", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return filepath.Join(RepoRoot(), "engine", "migrate", "testdata", "ours", name)
}

// Golden compares s, as JSON, with testdata/describe/<name>.json, or
// rewrites the file under -update.
func Golden(t testing.TB, name string, s *sqlschema.Schema) {
	t.Helper()
	got, err := json.MarshalIndent(Doc(s), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "describe", name+".json"), append(got, '\n'))
}

var familyNames = map[sqlschema.Family]string{
	sqlschema.Unsupported: "Unsupported", sqlschema.String: "String", sqlschema.Int: "Int",
	sqlschema.BigInt: "BigInt", sqlschema.Float: "Float", sqlschema.Decimal: "Decimal",
	sqlschema.Boolean: "Boolean", sqlschema.DateTime: "DateTime", sqlschema.JSON: "JSON",
	sqlschema.Bytes: "Bytes", sqlschema.EnumFamily: "Enum",
}

var kindNames = map[sqlschema.DefaultKind]string{
	sqlschema.DefaultValue: "value", sqlschema.DefaultNow: "now", sqlschema.DefaultExpr: "expr",
}

// FamilyName and KindName spell the enums of sqlschema for humans.
func FamilyName(f sqlschema.Family) string    { return familyNames[f] }
func KindName(k sqlschema.DefaultKind) string { return kindNames[k] }

// Doc is s as the golden files show it: families and default kinds by
// name, empty fields left out.
func Doc(s *sqlschema.Schema) any {
	type def struct {
		Kind string `json:"kind"`
		SQL  string `json:"sql"`
	}
	type col struct {
		Name          string `json:"name"`
		Type          string `json:"type"`
		Family        string `json:"family"`
		Enum          string `json:"enum,omitempty"`
		List          bool   `json:"list,omitempty"`
		Nullable      bool   `json:"nullable,omitempty"`
		AutoIncrement bool   `json:"autoIncrement,omitempty"`
		Default       *def   `json:"default,omitempty"`
	}
	type table struct {
		Name    string                  `json:"name"`
		Columns []col                   `json:"columns"`
		PK      *sqlschema.PrimaryKey   `json:"pk,omitempty"`
		Indexes []*sqlschema.Index      `json:"indexes,omitempty"`
		FKs     []*sqlschema.ForeignKey `json:"fks,omitempty"`
	}
	type doc struct {
		Enums  []*sqlschema.Enum `json:"enums,omitempty"`
		Tables []table           `json:"tables"`
	}
	out := doc{Enums: s.Enums, Tables: []table{}}
	for _, t := range s.Tables {
		dt := table{Name: t.Name, PK: t.PK, Indexes: t.Indexes, FKs: t.FKs, Columns: []col{}}
		for _, c := range t.Columns {
			dc := col{Name: c.Name, Type: c.Type, Family: FamilyName(c.Family), Enum: c.Enum, List: c.List,
				Nullable: c.Nullable, AutoIncrement: c.AutoIncrement}
			if c.Default != nil {
				dc.Default = &def{Kind: KindName(c.Default.Kind), SQL: c.Default.SQL}
			}
			dt.Columns = append(dt.Columns, dc)
		}
		out.Tables = append(out.Tables, dt)
	}
	return out
}
