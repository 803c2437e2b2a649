package pull

import (
	"regexp"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

var blanks = regexp.MustCompile(`[ \t]+`)

func contains(t *testing.T, text string, lines ...string) {
	t.Helper()
	flat := blanks.ReplaceAllString(text, " ")
	for _, l := range lines {
		if !strings.Contains(flat, l) {
			t.Errorf("missing %q in:\n%s", l, text)
		}
	}
}

// Re-introspection of the relations database (PostgreSQL describe golden)
// with the user's schema: names, maps, relation names, docs and
// client-side defaults survive; new tables come after, by name.
func TestReintrospection(t *testing.T) {
	prev, err := schema.Parse(`datasource db {
  provider = "postgresql"
}

/// A team member.
model Person {
  id         Int          @id @default(autoincrement())
  mail       String       @unique @map("email")
  managerId  Int?
  boss       Person?      @relation("Mgmt", fields: [managerId], references: [id])
  reports    Person[]     @relation("Mgmt")
  follows    Person[]     @relation("Follows")
  followedBy Person[]     @relation("Follows")
  comments   Comment[]
  profile    Profile?
  memberships Membership[]

  @@map("Account")
}

model Team {
  id      String       @id @default(cuid())
  /// Shown in the UI.
  name    String
  members Membership[]
}

model Comment {
  id        Int     @id @default(autoincrement())
  body      String
  accountId Int?
  author    Person? @relation(fields: [accountId], references: [id], onUpdate: NoAction)
}

model Profile {
  id        Int    @id @default(autoincrement())
  bio       String
  accountId Int    @unique
  person    Person @relation(fields: [accountId], references: [id], onDelete: Cascade)
}

model Membership {
  accountId Int
  teamId    String
  role      String @default("member")
  account   Person @relation(fields: [accountId], references: [id])
  team      Team   @relation(fields: [teamId], references: [id])

  @@id([accountId, teamId])
}
`, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	live := described(t, "postgres", "relations")
	res := Render(live, flav(t, "postgresql"), prev, "datasource db {\n  provider = \"postgresql\"\n}")
	contains(t, res.Text,
		"/// A team member.\nmodel Person {",
		"mail String @unique @map(\"email\")",
		`boss Person? @relation("Mgmt", fields: [managerId], references: [id])`,
		`reports Person[] @relation("Mgmt")`,
		`follows Person[] @relation("Follows")`, `followedBy Person[] @relation("Follows")`,
		"comments Comment[]", "profile Profile?", "memberships Membership[]",
		`@@map("Account")`,
		`id String @id @default(cuid())`, "/// Shown in the UI.\n name String",
		"author Person? @relation(fields: [accountId], references: [id], onUpdate: NoAction)",
		"person Person @relation(fields: [accountId], references: [id], onDelete: Cascade)",
		"account Person @relation(fields: [accountId], references: [id])",
		"Odd Odd[]", "model Item {", "model Tag {")
	order := []string{"model Person", "model Team", "model Comment", "model Profile", "model Membership", "model Item", "model Odd", "model Tag"}
	last := -1
	for _, m := range order {
		i := strings.Index(res.Text, m+" {")
		if i < last {
			t.Errorf("%s out of order:\n%s", m, res.Text)
		}
		last = i
	}
	if _, err := schema.Parse(res.Text, "schema.prisma"); err != nil {
		t.Errorf("re-introspected schema does not validate: %v\n%s", err, res.Text)
	}
	if !strings.Contains(Warnings(res.Warnings), "These fields were enriched with `@map` information taken from the previous Prisma schema:\n  - Model: \"Person\", field: \"mail\"") {
		t.Errorf("warnings: %q", res.Warnings)
	}
}

// Names Prisma cannot print, tables without an identifier, unsupported
// types, MySQL enums.
func TestRenderEdgeCases(t *testing.T) {
	live := &sqlschema.Schema{Tables: []*sqlschema.Table{
		{Name: "my-table", Columns: []*sqlschema.Column{
			{Name: "id", Type: "INTEGER", Family: sqlschema.Int},
			{Name: "2nd col", Type: "TEXT", Family: sqlschema.String, Nullable: true},
			{Name: "mood", Type: "ENUM('it''s', 'b,c', 'ok')", Family: sqlschema.EnumFamily, Default: &sqlschema.Default{SQL: "'ok'"}},
			{Name: "shape", Type: "GEOMETRY", Family: sqlschema.Unsupported, Nullable: true},
		}, PK: &sqlschema.PrimaryKey{Columns: []string{"id"}}},
		{Name: "logs", Columns: []*sqlschema.Column{{Name: "line", Type: "TEXT", Family: sqlschema.String, Nullable: true}}},
		{Name: "String", Columns: []*sqlschema.Column{{Name: "id", Type: "INTEGER", Family: sqlschema.Int}},
			PK: &sqlschema.PrimaryKey{Columns: []string{"id"}}},
	}}
	res := Render(live, flav(t, "mysql"), nil, "datasource db {\n  provider = \"mysql\"\n}")
	contains(t, res.Text,
		"model my_table {", `@@map("my-table")`,
		`nd_col String? @map("2nd col") @db.Text`,
		"mood my_table_mood @default(ok)",
		`shape Unsupported("geometry")?`,
		"enum my_table_mood {\n it_s @map(\"it's\")\n b_c @map(\"b,c\")\n ok\n}",
		"/// The underlying table does not contain a valid unique identifier and can therefore currently not be handled by Prisma Client.\nmodel logs {",
		"@@ignore",
		"model RenamedString {", `@@map("String")`)
	w := Warnings(res.Warnings)
	for _, s := range []string{"*** WARNING ***",
		"The following models were ignored as they do not have a valid unique identifier or id. This is currently not supported by Prisma Client:\n  - \"logs\"",
		"These fields are not supported by Prisma Client, because Prisma currently does not support their types:\n  - Model: \"my_table\", field: \"shape\", original data type: \"geometry\""} {
		if !strings.Contains(w, s) {
			t.Errorf("warnings lack %q:\n%s", s, w)
		}
	}
	if _, err := schema.Parse(res.Text, "schema.prisma"); err != nil {
		t.Errorf("does not validate: %v\n%s", err, res.Text)
	}
}

func TestSQLiteAffinity(t *testing.T) {
	for typ, want := range map[string]sqlschema.Family{
		"VARCHAR(255)": sqlschema.String, "NVARCHAR(10)": sqlschema.String, "CLOB": sqlschema.String,
		"INT": sqlschema.Int, "MEDIUMINT": sqlschema.Int, "BIGINT": sqlschema.BigInt, "INT8": sqlschema.BigInt,
		"DOUBLE PRECISION": sqlschema.Float, "FLOAT": sqlschema.Float, "NUMERIC(10,2)": sqlschema.Decimal,
		"DATE": sqlschema.DateTime, "BOOLEAN": sqlschema.Boolean, "BLOB": sqlschema.Bytes, "GEOMETRY": sqlschema.Unsupported,
	} {
		if got := sqliteAffinity(typ); got != want {
			t.Errorf("%s: %v, want %v", typ, got, want)
		}
	}
}
