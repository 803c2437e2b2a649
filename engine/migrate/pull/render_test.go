package pull

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// described loads a describe golden of a flavour
// (engine/migrate/flavour/<dir>/testdata/describe/<name>.json).
func described(t *testing.T, dir, name string) *sqlschema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "flavour", dir, "testdata", "describe", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Enums  []*sqlschema.Enum `json:"enums"`
		Tables []struct {
			Name    string `json:"name"`
			Columns []struct {
				Name, Type, Family, Enum string
				List, Nullable           bool
				AutoIncrement            bool `json:"autoIncrement"`
				Default                  *struct{ Kind, SQL string }
			} `json:"columns"`
			PK      *sqlschema.PrimaryKey   `json:"pk"`
			Indexes []*sqlschema.Index      `json:"indexes"`
			FKs     []*sqlschema.ForeignKey `json:"fks"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	families := map[string]sqlschema.Family{"Unsupported": sqlschema.Unsupported, "String": sqlschema.String, "Int": sqlschema.Int,
		"BigInt": sqlschema.BigInt, "Float": sqlschema.Float, "Decimal": sqlschema.Decimal, "Boolean": sqlschema.Boolean,
		"DateTime": sqlschema.DateTime, "JSON": sqlschema.JSON, "Bytes": sqlschema.Bytes, "Enum": sqlschema.EnumFamily}
	kinds := map[string]sqlschema.DefaultKind{"value": sqlschema.DefaultValue, "now": sqlschema.DefaultNow, "expr": sqlschema.DefaultExpr}
	s := &sqlschema.Schema{Enums: doc.Enums}
	for _, dt := range doc.Tables {
		tb := &sqlschema.Table{Name: dt.Name, PK: dt.PK, Indexes: dt.Indexes, FKs: dt.FKs}
		for _, c := range dt.Columns {
			col := &sqlschema.Column{Name: c.Name, Type: c.Type, Family: families[c.Family], Enum: c.Enum, List: c.List,
				Nullable: c.Nullable, AutoIncrement: c.AutoIncrement}
			if c.Default != nil {
				col.Default = &sqlschema.Default{Kind: kinds[c.Default.Kind], SQL: c.Default.SQL}
			}
			tb.Columns = append(tb.Columns, col)
		}
		s.Tables = append(s.Tables, tb)
	}
	return s
}

func flav(t *testing.T, provider string) flavour.Flavour {
	fl, err := flavour.For(provider)
	if err != nil {
		t.Fatal(err)
	}
	return fl
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The describe golden of the database Prisma pushed types.prisma into
// (SQLite) must render as Prisma's own introspection of it. (The other
// goldens hold extra hand-made tables; the live tests push the oracle
// schemas instead.)
func TestRenderOracle(t *testing.T) {
	for _, c := range []struct{ dir, name, provider, input, want string }{
		{"sqlite", "types", "sqlite", "input.sqlite.prisma", "types.sqlite.pulled.prisma"},
	} {
		t.Run(c.dir+"/"+c.name, func(t *testing.T) {
			live := described(t, c.dir, c.name)
			in := read(t, filepath.Join("testdata", "oracle", c.input))
			res := Render(live, flav(t, c.provider), nil, ConfigBlocks(in))
			want := read(t, filepath.Join("testdata", "oracle", c.want))
			if res.Text != want {
				t.Errorf("differs from Prisma's:\n%s\ngot:\n%s", golden.Diff(want, res.Text), res.Text)
			}
			if _, err := schema.Parse(res.Text, "schema.prisma"); err != nil {
				t.Errorf("pulled schema does not validate: %v", err)
			}
		})
	}
}

func TestRenderGoldensValidate(t *testing.T) {
	for _, dir := range []string{"sqlite", "postgres", "mysql"} {
		provider := map[string]string{"sqlite": "sqlite", "postgres": "postgresql", "mysql": "mysql"}[dir]
		files, _ := filepath.Glob(filepath.Join("..", "flavour", dir, "testdata", "describe", "*.json"))
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			t.Run(dir+"/"+name, func(t *testing.T) {
				res := Render(described(t, dir, name), flav(t, provider), nil, "datasource db {\n  provider = \""+provider+"\"\n}")
				if _, err := schema.Parse(res.Text, "schema.prisma"); err != nil {
					t.Errorf("pulled schema does not validate: %v\n%s", err, res.Text)
				}
				if testing.Verbose() {
					t.Logf("\n%s%s", res.Text, Warnings(res.Warnings))
				}
			})
		}
	}
}
