package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// oracleDir holds Prisma's own inputs (schemas/) and DDL (sql/), copied once
// from the shared oracle into the schema package's test data and read from
// there by both packages.
var oracleDir = filepath.Join("..", "..", "schema", "testdata", "oracle")

// parseCase reads an oracle schema with PROVIDER replaced.
func parseCase(t *testing.T, file, provider string) *schema.Schema {
	t.Helper()
	return parseFile(t, filepath.Join(oracleDir, "schemas", file), provider)
}

func parseFile(t *testing.T, file, provider string) *schema.Schema {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(src), "PROVIDER", provider)
	sch, err := schema.Parse(text, file)
	if err != nil {
		t.Fatalf("parse %s (%s): %v", file, provider, err)
	}
	return sch
}

// TestOracle renders every oracle case and compares it byte for byte with
// Prisma's own output.
func TestOracle(t *testing.T) {
	cases := []struct{ schema, provider, want string }{
		{"basic.prisma", "sqlite", "basic.from-empty.sqlite.sql"},
		{"basic.prisma", "postgresql", "basic.from-empty.postgresql.sql"},
		{"types.prisma", "sqlite", "types.from-empty.sqlite.sql"},
		{"types.prisma", "postgresql", "types.from-empty.postgresql.sql"},
		{"relations.prisma", "sqlite", "relations.from-empty.sqlite.sql"},
		{"relations.prisma", "postgresql", "relations.from-empty.postgresql.sql"},
		{"alter_v1.prisma", "sqlite", "alter_v1.from-empty.sqlite.sql"},
		{"alter_v1.prisma", "postgresql", "alter_v1.from-empty.postgresql.sql"},
		{"longnames.postgresql.prisma", "postgresql", "longnames.from-empty.postgresql.sql"},
		{"native.postgresql.prisma", "postgresql", "native.from-empty.postgresql.sql"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			sch := parseCase(t, c.schema, c.provider)
			got, err := Script(sch, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(oracleDir, "sql", c.want))
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("DDL differs from Prisma's\n%s", golden.Diff(string(want), got))
			}
		})
	}
}

// TestGoldenFeatures pins our rendering of the corners the oracle does not cover.
func TestGoldenFeatures(t *testing.T) {
	for _, provider := range []string{"sqlite", "postgresql", "mysql"} {
		t.Run(provider, func(t *testing.T) {
			sch := parseFile(t, filepath.Join("testdata", "ours", "features.prisma"), provider)
			got, err := Script(sch, Options{})
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, filepath.Join("testdata", "ours", "features.from-empty."+provider+".sql"), got)
		})
	}
}

// TestGoldenMySQL pins our MySQL rendering of the same schemas.
func TestGoldenMySQL(t *testing.T) {
	for _, c := range []string{"basic", "types", "relations", "alter_v1"} {
		t.Run(c, func(t *testing.T) {
			sch := parseCase(t, c+".prisma", "mysql")
			got, err := Script(sch, Options{})
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, filepath.Join("testdata", "ours", c+".from-empty.mysql.sql"), got)
		})
	}
}

func TestTruncate(t *testing.T) {
	cols := []string{"anotherExtremelyLongColumnNameForTestingTruncation"}
	got := constraintName("AVeryLongModelNameThatGoesOnAndOnForeverAndEver", cols, "_key", MaxIdentPostgres)
	if want := "AVeryLongModelNameThatGoesOnAndOnForeverAndEver_anotherExtr_key"; got != want || len(got) != 63 {
		t.Errorf("got %q (%d bytes), want %q", got, len(got), want)
	}
	if got := constraintName("T", []string{"a", "b"}, "_idx", MaxIdentMySQL); got != "T_a_b_idx" {
		t.Errorf("short name changed: %q", got)
	}
	if got := truncate("ééé", 3); got != "é" {
		t.Errorf("truncate split a rune: %q", got)
	}
}
