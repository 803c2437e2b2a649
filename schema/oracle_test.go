package schema_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The files under testdata/oracle are copies of /work/shared/prisma-oracle:
// inputs, and what Prisma itself produced from them (DMMF and DDL).

func loadOracle(t *testing.T, name, provider string) *schema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/oracle/schemas", name+".prisma"))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.ReplaceAll(string(b), "PROVIDER", provider)
	s, err := schema.Parse(src, name+".prisma")
	if err != nil {
		t.Fatalf("%s (%s): %v", name, provider, err)
	}
	return s
}

func TestOracleSchemasResolve(t *testing.T) {
	files, _ := filepath.Glob("testdata/oracle/schemas/*.prisma")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".prisma")
		providers := []string{"sqlite", "postgresql", "mysql"}
		if strings.HasSuffix(name, ".postgresql") {
			providers = []string{"postgresql"}
		}
		for _, p := range providers {
			s := loadOracle(t, name, p)
			if s.Datasource.Provider != p {
				t.Errorf("%s: provider %q", name, s.Datasource.Provider)
			}
			for _, m := range s.Models {
				if m.PrimaryKey == nil {
					t.Errorf("%s: %s has no primary key", name, m.Name)
				}
				for _, fl := range m.Fields {
					if fl.Model != m {
						t.Errorf("%s.%s: Model back-pointer", m.Name, fl.Name)
					}
					if fl.Kind == schema.RelationField && (fl.Relation == nil || fl.Relation.Back == nil || fl.Relation.Back.Relation.Back != fl) {
						t.Errorf("%s.%s: relation not linked both ways", m.Name, fl.Name)
					}
				}
			}
		}
	}
	if _, err := os.Stat("testdata/page.prisma"); err == nil {
		b, _ := os.ReadFile("testdata/page.prisma")
		if _, err := schema.Parse(string(b), "page.prisma"); err != nil {
			t.Errorf("page schema: %v", err)
		}
	}
}

// dmmfModel is the part of Prisma's DMMF datamodel the resolver must agree with.
type dmmfModel struct {
	Name       string      `json:"name"`
	DBName     *string     `json:"dbName"`
	Fields     []dmmfField `json:"fields"`
	PrimaryKey *struct {
		Name   *string  `json:"name"`
		Fields []string `json:"fields"`
	} `json:"primaryKey"`
	UniqueFields  [][]string `json:"uniqueFields"`
	UniqueIndexes []struct {
		Name   *string  `json:"name"`
		Fields []string `json:"fields"`
	} `json:"uniqueIndexes"`
}

type dmmfField struct {
	Name               string   `json:"name"`
	DBName             *string  `json:"dbName"`
	Kind               string   `json:"kind"`
	IsList             bool     `json:"isList"`
	IsRequired         bool     `json:"isRequired"`
	IsUnique           bool     `json:"isUnique"`
	IsID               bool     `json:"isId"`
	HasDefaultValue    bool     `json:"hasDefaultValue"`
	Type               string   `json:"type"`
	Default            any      `json:"default"`
	RelationName       string   `json:"relationName"`
	RelationFromFields []string `json:"relationFromFields"`
	RelationToFields   []string `json:"relationToFields"`
	RelationOnDelete   string   `json:"relationOnDelete"`
	RelationOnUpdate   string   `json:"relationOnUpdate"`
	IsUpdatedAt        bool     `json:"isUpdatedAt"`
}

// dmmfDefault renders our Default the way the DMMF prints it.
func dmmfDefault(d *schema.Default) any {
	if d == nil {
		return nil
	}
	fn := func(name string, args ...any) any {
		if args == nil {
			args = []any{}
		}
		return map[string]any{"name": name, "args": args}
	}
	switch d.Kind {
	case schema.DefaultAutoincrement:
		return fn("autoincrement")
	case schema.DefaultNow:
		return fn("now")
	case schema.DefaultCuid:
		return fn("cuid", float64(d.Arg))
	case schema.DefaultUUID:
		return fn("uuid", float64(d.Arg))
	case schema.DefaultUlid:
		return fn("ulid")
	case schema.DefaultNanoid:
		if d.Arg == 0 {
			return fn("nanoid")
		}
		return fn("nanoid", float64(d.Arg))
	case schema.DefaultDbGenerated:
		return fn("dbgenerated", d.Value)
	}
	if n, ok := d.Value.(int64); ok {
		return float64(n)
	}
	return d.Value
}

func TestDMMFAgreement(t *testing.T) {
	files, _ := filepath.Glob("testdata/oracle/dmmf/*.datamodel.json")
	if len(files) == 0 {
		t.Fatal("no DMMF fixtures")
	}
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		name, provider := parts[0], parts[1]
		t.Run(name+"."+provider, func(t *testing.T) {
			s := loadOracle(t, name, provider)
			raw, _ := os.ReadFile(f)
			var dm struct {
				Models []dmmfModel `json:"models"`
			}
			if err := json.Unmarshal(raw, &dm); err != nil {
				t.Fatal(err)
			}
			if len(dm.Models) != len(s.Models) {
				t.Fatalf("models: got %d, DMMF %d", len(s.Models), len(dm.Models))
			}
			for _, want := range dm.Models {
				m := s.Model(want.Name)
				if m == nil {
					t.Errorf("model %s missing", want.Name)
					continue
				}
				wantDB := want.Name
				if want.DBName != nil {
					wantDB = *want.DBName
				}
				if m.DBName != wantDB {
					t.Errorf("%s.DBName = %q, want %q", m.Name, m.DBName, wantDB)
				}
				if want.PrimaryKey != nil && !reflect.DeepEqual(m.PrimaryKey.Fields, want.PrimaryKey.Fields) {
					t.Errorf("%s primary key %v, want %v", m.Name, m.PrimaryKey.Fields, want.PrimaryKey.Fields)
				}
				var compound [][]string
				for _, u := range m.Uniques {
					if len(u.Fields) > 1 {
						compound = append(compound, u.Fields)
					}
				}
				if len(compound) != len(want.UniqueFields) || (len(compound) > 0 && !reflect.DeepEqual(compound, want.UniqueFields)) {
					t.Errorf("%s compound uniques %v, want %v", m.Name, compound, want.UniqueFields)
				}
				for _, wf := range want.Fields {
					checkDMMFField(t, m, wf)
				}
			}
		})
	}
}

func checkDMMFField(t *testing.T, m *schema.Model, wf dmmfField) {
	t.Helper()
	f := m.Field(wf.Name)
	if f == nil {
		t.Errorf("%s.%s missing", m.Name, wf.Name)
		return
	}
	kind := map[schema.FieldKind]string{schema.ScalarField: "scalar", schema.EnumField: "enum", schema.RelationField: "object"}[f.Kind]
	wantDB := wf.Name
	if wf.DBName != nil {
		wantDB = *wf.DBName
	}
	got := []any{kind, f.List, !f.Optional && !f.List || f.List, f.Unique, f.ID, f.Default != nil, f.TypeName, f.UpdatedAt, f.DBName}
	want := []any{wf.Kind, wf.IsList, wf.IsRequired, wf.IsUnique, wf.IsID, wf.HasDefaultValue, wf.Type, wf.IsUpdatedAt, wantDB}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s.%s: got %v, want %v", m.Name, f.Name, got, want)
	}
	if d := dmmfDefault(f.Default); !reflect.DeepEqual(d, wf.Default) {
		t.Errorf("%s.%s default: got %#v, want %#v", m.Name, f.Name, d, wf.Default)
	}
	if f.Kind != schema.RelationField {
		return
	}
	r := f.Relation
	from, to := r.Fields, r.References
	if from == nil {
		from, to = []string{}, []string{}
	}
	gotRel := []any{r.Name, from, to, r.OnDelete, r.OnUpdate}
	wantRel := []any{wf.RelationName, wf.RelationFromFields, wf.RelationToFields, wf.RelationOnDelete, wf.RelationOnUpdate}
	if !reflect.DeepEqual(gotRel, wantRel) {
		t.Errorf("%s.%s relation: got %v, want %v", m.Name, f.Name, gotRel, wantRel)
	}
}

var (
	reIndex = regexp.MustCompile(`CREATE (?:UNIQUE )?INDEX "([^"]+)" ON "([^"]+)"`)
	reFK    = regexp.MustCompile(`CONSTRAINT "([^"]+)" FOREIGN KEY \("([^"]+)"\) REFERENCES "([^"]+)"`)
	reTable = regexp.MustCompile(`CREATE TABLE "([^"]+)"`)
)

// TestConstraintNamesMatchPrismaDDL checks every index, unique and foreign
// key name Prisma's migrate wrote against the names resolved here, both
// ways, and the implicit m-n join tables with which model column A holds.
func TestConstraintNamesMatchPrismaDDL(t *testing.T) {
	files, _ := filepath.Glob("testdata/oracle/sql/*.from-empty.*.sql")
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(filepath.Base(f), ".sql"), ".")
		name, provider := parts[0], parts[2]
		schemaName := name
		if name == "longnames" || name == "native" {
			schemaName = name + ".postgresql"
		}
		t.Run(name+"."+provider, func(t *testing.T) {
			s := loadOracle(t, schemaName, provider)
			raw, _ := os.ReadFile(f)
			sql := string(raw)
			want := map[string]bool{}
			for _, mt := range reIndex.FindAllStringSubmatch(sql, -1) {
				if !strings.HasPrefix(mt[2], "_") {
					want[mt[1]] = true
				}
			}
			wantJoin := map[string]bool{}
			for _, mt := range reTable.FindAllStringSubmatch(sql, -1) {
				if strings.HasPrefix(mt[1], "_") {
					wantJoin[mt[1]] = true
				}
			}
			// Column A of a join table references this model, per the DDL.
			joinA := map[string]string{}
			for _, mt := range reFK.FindAllStringSubmatch(sql, -1) {
				if strings.HasPrefix(mt[1], "_") {
					if mt[2] == "A" {
						joinA[strings.TrimSuffix(mt[1], "_A_fkey")] = mt[3]
					}
					continue
				}
				want[mt[1]] = true
			}
			got := map[string]bool{}
			gotJoin := map[string]bool{}
			for _, m := range s.Models {
				for _, ix := range append(append([]*schema.Index{}, m.Uniques...), m.Indexes...) {
					got[ix.DBName] = true
				}
				for _, fl := range m.Fields {
					if fl.Relation == nil {
						continue
					}
					if fl.Relation.HoldsFK() {
						got[fl.Relation.DBName] = true
					}
					if jt := fl.Relation.JoinTable; jt != "" {
						gotJoin[jt] = true
						if fl.Relation.JoinColumn == "A" && joinA[jt] != m.DBName {
							t.Errorf("%s.%s: column A of %s is this model, Prisma's DDL says %s", m.Name, fl.Name, jt, joinA[jt])
						}
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("constraint names:\n got  %v\n want %v", keys(got), keys(want))
			}
			if !reflect.DeepEqual(gotJoin, wantJoin) {
				t.Errorf("join tables: got %v, want %v", keys(gotJoin), keys(wantJoin))
			}
		})
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
