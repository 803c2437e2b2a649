package schema_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

func mustParse(t *testing.T, src string) *schema.Schema {
	t.Helper()
	s, err := schema.Parse(src, "schema.prisma")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func field(t *testing.T, s *schema.Schema, model, name string) *schema.Field {
	t.Helper()
	m := s.Model(model)
	if m == nil {
		t.Fatalf("no model %s", model)
	}
	f := m.Field(name)
	if f == nil {
		t.Fatalf("no field %s.%s", model, name)
	}
	return f
}

func TestRelationsOracle(t *testing.T) {
	s := loadOracle(t, "relations", "postgresql")
	type want struct {
		model, field string
		name         string
		kind         schema.RelationKind
		to, back     string
		fields, refs []string
		onDelete     string
		onUpdate     string
		fk           string
		join         string
		col, other   string
	}
	cases := []want{
		{"Account", "profile", "AccountToProfile", schema.OneToOne, "Profile", "account", nil, nil, "", "", "", "", "", ""},
		{"Profile", "account", "AccountToProfile", schema.OneToOne, "Account", "profile", []string{"accountId"}, []string{"id"}, "Cascade", "", "Profile_accountId_fkey", "", "", ""},
		{"Account", "manager", "Mgmt", schema.ManyToOne, "Account", "reports", []string{"managerId"}, []string{"id"}, "", "", "Account_managerId_fkey", "", "", ""},
		{"Account", "reports", "Mgmt", schema.OneToMany, "Account", "manager", nil, nil, "", "", "", "", "", ""},
		// Self m-n: Prisma's side A is the field whose name sorts first
		// ("followedBy" < "follows"); its own records go in column A.
		{"Account", "followedBy", "Follows", schema.ManyToMany, "Account", "follows", nil, nil, "", "", "", "_Follows", "A", "B"},
		{"Account", "follows", "Follows", schema.ManyToMany, "Account", "followedBy", nil, nil, "", "", "", "_Follows", "B", "A"},
		{"Account", "comments", "AccountToComment", schema.OneToMany, "Comment", "account", nil, nil, "", "", "", "", "", ""},
		{"Comment", "account", "AccountToComment", schema.ManyToOne, "Account", "comments", []string{"accountId"}, []string{"id"}, "SetNull", "NoAction", "Comment_accountId_fkey", "", "", ""},
		{"Team", "members", "MembershipToTeam", schema.OneToMany, "Membership", "team", nil, nil, "", "", "", "", "", ""},
		{"Membership", "team", "MembershipToTeam", schema.ManyToOne, "Team", "members", []string{"teamId"}, []string{"id"}, "", "", "Membership_teamId_fkey", "", "", ""},
		{"Membership", "account", "AccountToMembership", schema.ManyToOne, "Account", "memberships", []string{"accountId"}, []string{"id"}, "", "", "Membership_accountId_fkey", "", "", ""},
		// Non-self m-n: column A points at the model whose name sorts first.
		{"Item", "tags", "ItemToTag", schema.ManyToMany, "Tag", "items", nil, nil, "", "", "", "_ItemToTag", "A", "B"},
		{"Tag", "items", "ItemToTag", schema.ManyToMany, "Item", "tags", nil, nil, "", "", "", "_ItemToTag", "B", "A"},
	}
	for _, c := range cases {
		r := field(t, s, c.model, c.field).Relation
		got := want{c.model, c.field, r.Name, r.Kind, r.Model.Name, r.Back.Name, r.Fields, r.References, r.OnDelete, r.OnUpdate, r.DBName, r.JoinTable, r.JoinColumn, r.OtherColumn}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("%s.%s:\n got  %+v\n want %+v", c.model, c.field, got, c)
		}
	}
	if pk := s.Model("Membership").PrimaryKey; pk.Name != "accountId_teamId" || !reflect.DeepEqual(pk.Fields, []string{"accountId", "teamId"}) {
		t.Errorf("Membership pk %+v", pk)
	}
}

// TestSelfManyToManySides pins down which field of an implicit m-n self
// relation owns column A. Prisma's parser database (psl, relations.rs,
// ingest_relation) makes field A the field on the model whose name sorts
// first, and for self relations the field whose *name* sorts first; the
// query engine (sql-query-connector, build_m2m_join / identifier_columns)
// then joins the parent records of field A through column A. So renaming a
// field can swap the columns, which is the data-mixup Prisma's docs warn
// about in "Troubleshooting relations".
func TestSelfManyToManySides(t *testing.T) {
	const tmpl = `datasource db {
  provider = "sqlite"
}
model Animal {
  id   Int      @id @default(autoincrement())
  %s Animal[] @relation("FoodChain")
  %s Animal[] @relation("FoodChain")
}`
	cases := []struct{ first, second, sideA string }{
		{"a_eats", "b_eatenBy", "a_eats"},
		{"b_eats", "a_eatenBy", "a_eatenBy"}, // declaration order does not matter
		{"follows", "followedBy", "followedBy"},
	}
	for _, c := range cases {
		s := mustParse(t, fmt.Sprintf(tmpl, c.first, c.second))
		for _, name := range []string{c.first, c.second} {
			r := field(t, s, "Animal", name).Relation
			wantCol, wantOther := "B", "A"
			if name == c.sideA {
				wantCol, wantOther = "A", "B"
			}
			if r.Kind != schema.ManyToMany || r.JoinTable != "_FoodChain" || r.JoinColumn != wantCol || r.OtherColumn != wantOther {
				t.Errorf("%s (side A %s): got %s %s/%s", name, c.sideA, r.JoinTable, r.JoinColumn, r.OtherColumn)
			}
		}
	}
	// A self relation needs a name, as in Prisma.
	_, err := schema.Parse(`datasource db {
  provider = "sqlite"
}
model User {
  id Int @id
  friends User[]
  friendOf User[]
}`, "schema.prisma")
	if err == nil || !strings.Contains(err.Error(), "Ambiguous self relation detected") {
		t.Errorf("unnamed self m-n: %v", err)
	}
}

func TestDefaults(t *testing.T) {
	s := mustParse(t, `datasource db {
  provider = "postgresql"
}
enum Role {
  USER
  ADMIN
}
model D {
  id     String   @id @default(cuid(2))
  u4     String   @default(uuid())
  u7     String   @default(uuid(7))
  c1     String   @default(cuid())
  n      String   @default(nanoid())
  n10    String   @default(nanoid(10))
  ul     String   @default(ulid())
  g      String   @default(dbgenerated("gen_random_uuid()"))
  g0     Int      @default(dbgenerated())
  s      String   @default("he said \"hi\"\n")
  i      Int      @default(-3)
  b      BigInt   @default(9007199254740993)
  f      Float    @default(1.5)
  fi     Float    @default(2)
  dec    Decimal  @default(10.25)
  t      Boolean  @default(false)
  at     DateTime @default("2020-01-02T03:04:05Z")
  now    DateTime @default(now())
  j      Json     @default("{\"a\": 1}")
  role   Role     @default(ADMIN)
  roles  Role[]   @default([USER, ADMIN])
  ints   Int[]    @default([1, 2])
  empty  String[] @default([])
  seq    Int      @default(autoincrement())
}`)
	cases := map[string]schema.Default{
		"id":    {Kind: schema.DefaultCuid, Arg: 2},
		"u4":    {Kind: schema.DefaultUUID, Arg: 4},
		"u7":    {Kind: schema.DefaultUUID, Arg: 7},
		"c1":    {Kind: schema.DefaultCuid, Arg: 1},
		"n":     {Kind: schema.DefaultNanoid},
		"n10":   {Kind: schema.DefaultNanoid, Arg: 10},
		"ul":    {Kind: schema.DefaultUlid},
		"g":     {Kind: schema.DefaultDbGenerated, Value: "gen_random_uuid()"},
		"g0":    {Kind: schema.DefaultDbGenerated, Value: ""},
		"s":     {Value: "he said \"hi\"\n"},
		"i":     {Value: int64(-3)},
		"b":     {Value: int64(9007199254740993)},
		"f":     {Value: 1.5},
		"fi":    {Value: 2.0},
		"dec":   {Value: "10.25"},
		"t":     {Value: false},
		"at":    {Value: "2020-01-02T03:04:05Z"},
		"now":   {Kind: schema.DefaultNow},
		"j":     {Value: `{"a": 1}`},
		"role":  {Value: "ADMIN"},
		"roles": {Value: []any{"USER", "ADMIN"}},
		"ints":  {Value: []any{int64(1), int64(2)}},
		"empty": {Value: []any{}},
		"seq":   {Kind: schema.DefaultAutoincrement},
	}
	for name, want := range cases {
		got := field(t, s, "D", name).Default
		if got == nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
	if f := field(t, s, "D", "role"); f.Kind != schema.EnumField || f.Type != schema.String || f.Enum != s.Enum("Role") {
		t.Errorf("enum field: %+v", f)
	}
}

func TestDocCommentsAndMaps(t *testing.T) {
	s := mustParse(t, `// a plain comment, ignored
datasource db {
  provider = "postgres"
  url      = env("DATABASE_URL")
}

generator client {
  provider        = "prisma-client-py"
  output          = "../gen"
  previewFeatures = ["views", "relationJoins"]
}

/// Who may do what.
/// Second line.
enum Role {
  /// The default.
  USER  @map("user")
  ADMIN // not a doc
  @@map("roles")
}

/// A person.
model User {
  /// Primary key.
  id    Int    @id @map("user_id") /// trailing doc
  // plain
  email String @unique(map: "email_uq") @db.VarChar(320)
  role  Role   @default(USER)
  @@map("users")
}`)
	ds := s.Datasource
	if ds.Provider != schema.PostgreSQL || ds.URLEnv != "DATABASE_URL" || ds.URL != "" || ds.Name != "db" {
		t.Errorf("datasource %+v", ds)
	}
	g := s.Generators[0]
	if g.Name != "client" || g.Provider != "prisma-client-py" || g.Output != "../gen" || g.Config["previewFeatures"] != `["views", "relationJoins"]` {
		t.Errorf("generator %+v", g)
	}
	e := s.Enum("Role")
	if e.Doc != "Who may do what.\nSecond line." || e.DBName != "roles" || e.Values[0].Doc != "The default." || e.Values[0].DBName != "user" || e.Values[1].Doc != "" {
		t.Errorf("enum %+v %+v %+v", e, e.Values[0], e.Values[1])
	}
	m := s.Model("User")
	if m.Doc != "A person." || m.DBName != "users" {
		t.Errorf("model doc %q dbname %q", m.Doc, m.DBName)
	}
	id := m.Field("id")
	if id.Doc != "Primary key.\ntrailing doc" || id.DBName != "user_id" {
		t.Errorf("id doc %q dbname %q", id.Doc, id.DBName)
	}
	email := m.Field("email")
	if email.Doc != "" || email.NativeType != "VarChar(320)" || !email.Unique || m.Uniques[0].DBName != "email_uq" {
		t.Errorf("email %+v uniques %+v", email, m.Uniques[0])
	}
	if email.Pos != (schema.Pos{File: "schema.prisma", Line: 27, Col: 3}) {
		t.Errorf("email pos %v", email.Pos)
	}
}

func TestDatasourceVariants(t *testing.T) {
	cases := []struct{ block, provider, url, env string }{
		{`provider = "sqlite"`, "sqlite", "", ""},
		{"provider = \"sqlite\"\n url = \"file:./dev.db\"", "sqlite", "file:./dev.db", ""},
		{"provider = \"mysql\"\n url = env(\"DB\")", "mysql", "", "DB"},
		{`provider = "postgres"`, "postgresql", "", ""},
	}
	for _, c := range cases {
		s := mustParse(t, "datasource db {\n"+c.block+"\n}\nmodel A {\n id Int @id\n}\n")
		ds := s.Datasource
		if ds.Provider != c.provider || ds.URL != c.url || ds.URLEnv != c.env {
			t.Errorf("%q: got %+v", c.block, ds)
		}
	}
}

func TestImplicitPrimaryKeyFromUnique(t *testing.T) {
	s := mustParse(t, `datasource db {
  provider = "sqlite"
}
model A {
  a String?
  b Int
  c Int
  @@unique([a])
  @@unique([b, c], name: "bc")
}`)
	pk := s.Model("A").PrimaryKey
	if !pk.Implicit || pk.Name != "bc" || !reflect.DeepEqual(pk.Fields, []string{"b", "c"}) {
		t.Errorf("pk %+v", pk)
	}
}

// BenchmarkParse500 parses and validates a 500-model schema with relations.
func BenchmarkParse500(b *testing.B) {
	src := bigSchema(500)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := schema.Parse(src, "big.prisma"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBigSchema(t *testing.T) {
	s := mustParse(t, bigSchema(500))
	if len(s.Models) != 1000 {
		t.Fatalf("models: %d", len(s.Models))
	}
}

func bigSchema(n int) string {
	var b strings.Builder
	b.WriteString("datasource db {\n  provider = \"postgresql\"\n}\n\nenum Status {\n  A\n  B\n}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `
/// Model number %[1]d.
model M%[1]d {
  id        Int      @id @default(autoincrement())
  name      String   @db.VarChar(100)
  email     String   @unique
  status    Status   @default(A)
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  score     Float?
  parentId  Int?
  parent    M%[2]d?   @relation("R%[1]d", fields: [parentId], references: [id], onDelete: SetNull)
  children  M%[3]d[]  @relation("R%[4]d")
  tags      T%[1]d[]

  @@index([name, createdAt])
  @@unique([name, score])
}

model T%[1]d {
  id    String @id @default(uuid())
  items M%[1]d[]
}
`, i, (i+1)%n, (i+n-1)%n, (i+n-1)%n)
	}
	return b.String()
}

func TestProviderSpecificOK(t *testing.T) {
	// Enums on SQLite (Prisma 6.2+), Json on MySQL and SQLite.
	mustParse(t, "datasource db {\n provider = \"sqlite\"\n}\nenum E {\n A\n}\nmodel M {\n id Int @id\n e E @default(A)\n j Json\n}\n")
	mustParse(t, "datasource db {\n provider = \"mysql\"\n}\nenum E {\n A\n}\nmodel M {\n id Int @id @default(autoincrement())\n e E\n j Json?\n}\n")
}

// TestNoPanicOnTruncatedInput parses every prefix of the oracle schemas,
// the cheapest way to walk the parser and resolver through broken input.
func TestNoPanicOnTruncatedInput(t *testing.T) {
	for _, name := range []string{"relations", "types", "native.postgresql"} {
		b, err := os.ReadFile(filepath.Join("testdata/oracle/schemas", name+".prisma"))
		if err != nil {
			t.Fatal(err)
		}
		src := strings.ReplaceAll(string(b), "PROVIDER", "postgresql")
		for i := 0; i <= len(src); i += 3 {
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("%s cut at %d: panic %v", name, i, p)
					}
				}()
				schema.Parse(src[:i], name)
				// Also drop a span from the middle.
				if i+20 < len(src) {
					schema.Parse(src[:i]+src[i+20:], name)
				}
			}()
		}
	}
}
