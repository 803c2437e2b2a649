// An external test package: the generated client and the SQL of the same
// schema are checked side by side, and codegen itself must not import the
// query engine.
package codegen_test

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/codegen"
	"github.com/caspian-prisma/caspian-prisma/engine/query"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// mappedSchema documents every kind of block with `///` and renames every
// table, column and enum value with @map/@@map.
const mappedSchema = `datasource db {
  provider = "postgresql"
}

/// An account holder.
/// Second line of the model doc.
model Account {
  /// The key, "account_id" in the database.
  id        Int     @id @default(autoincrement()) @map("account_id")
  firstName String  @map("first_name") /// Given name.
  role      Role    @default(MEMBER)
  orders    Order[]

  @@map("accounts")
}

model Order {
  id        Int     @id @map("order_id")
  accountId Int     @map("account_ref")
  account   Account @relation(fields: [accountId], references: [id])

  @@map("orders")
}

/// Who can do what.
enum Role {
  /// Can read.
  MEMBER @map("member")
  ADMIN  @map("admin")

  @@map("roles")
}
`

func mapped(t *testing.T) (*schema.Schema, map[string]string) {
	t.Helper()
	sch, err := schema.Parse(mappedSchema, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := codegen.Files(sch, mappedSchema)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for name, b := range raw {
		files[name] = string(b)
	}
	return sch, files
}

// `///` comments become docstrings of the model class, the field (a string
// right after the annotation), the enum class and the enum member; `//`
// comments do not.
func TestDocCommentsBecomeDocstrings(t *testing.T) {
	_, files := mapped(t)
	models, enums := files["models.py"], files["enums.py"]
	for _, want := range []string{
		"class Account(BaseModel):\n    \"\"\"An account holder.\n    Second line of the model doc.\n    \"\"\"\n",
		"    id: int\n    \"\"\"The key, \"account_id\" in the database.\"\"\"\n",
		"    firstName: str\n    \"\"\"Given name.\"\"\"\n",
	} {
		if !strings.Contains(models, want) {
			t.Errorf("models.py lacks %q:\n%s", want, models)
		}
	}
	for _, want := range []string{
		"class Role(PrismaEnum):\n    \"\"\"Who can do what.\"\"\"\n",
		"    MEMBER = \"MEMBER\"\n    \"\"\"Can read.\"\"\"\n",
	} {
		if !strings.Contains(enums, want) {
			t.Errorf("enums.py lacks %q:\n%s", want, enums)
		}
	}
}

// Python speaks the schema's names; only SQL uses the @map/@@map names.
func TestMappedNamesOnlyInSQL(t *testing.T) {
	sch, files := mapped(t)
	for name, text := range files {
		if name == "schema.prisma" {
			continue
		}
		for _, dbName := range []string{"first_name", "account_ref", "order_id", `"member"`, `"admin"`} {
			if strings.Contains(text, dbName) {
				t.Errorf("%s mentions the database name %s; Python uses schema names", name, dbName)
			}
		}
	}
	if !strings.Contains(files["models.py"], `"id", "firstName", "role", "orders"`) ||
		!strings.Contains(files["enums.py"], `ADMIN = "ADMIN"`) {
		t.Errorf("schema names missing from the generated classes:\n%s\n%s", files["models.py"], files["enums.py"])
	}

	args := map[string]any{
		"where":   map[string]any{"firstName": "Ada", "role": "ADMIN"},
		"include": map[string]any{"orders": true},
		"orderBy": map[string]any{"firstName": "asc"},
	}
	for _, provider := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
		sql, err := query.Explain(sch, "Account", "findMany", args, provider)
		if err != nil {
			t.Fatalf("%s: %v", provider, err)
		}
		q := `"`
		if provider == schema.MySQL {
			q = "`"
		}
		for _, want := range []string{q + "accounts" + q, q + "first_name" + q, q + "account_id" + q, q + "orders" + q, q + "account_ref" + q, `"admin"`} {
			if !strings.Contains(sql, want) {
				t.Errorf("%s: SQL lacks %s:\n%s", provider, want, sql)
			}
		}
		for _, schemaName := range []string{"firstName", "accountId", q + "Account" + q, q + "Order" + q, `"ADMIN"`} {
			if strings.Contains(sql, schemaName) {
				t.Errorf("%s: SQL uses the schema name %s instead of the mapped one:\n%s", provider, schemaName, sql)
			}
		}
	}
}
