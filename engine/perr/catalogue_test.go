package perr

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// names is a two-model stand-in for the engine's schema-backed Names:
// model User in table "users" (email in column "email_address"), Post.
type names struct{}

func (names) Model(table string) string {
	return map[string]string{"users": "User", "Post": "Post"}[table]
}

func (names) Fields(table string, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c
		if table == "users" && c == "email_address" {
			out[i] = "email"
		}
	}
	return out
}

func (names) Constraint(table, name string) (string, []string, bool) {
	switch name {
	case "users_email_address_key":
		return "User", []string{"email"}, true
	case "Post_authorId_fkey":
		return "Post", []string{"authorId"}, true
	case "PRIMARY":
		if table == "User" {
			return "User", []string{"id"}, true
		}
	}
	return "", nil, false
}

func TestCatalogue(t *testing.T) {
	for i, c := range []struct {
		err      error
		op       Op
		code     string
		meta     map[string]any
		inMsg    string
		notInMsg string
	}{
		// SQLite: table and columns.
		{&driver.Error{Kind: driver.KindUniqueViolation, Code: "2067", Table: "users", Columns: []string{"email_address"}},
			Op{Model: "User", Names: names{}}, UniqueViolation,
			map[string]any{"target": []string{"email"}, "modelName": "User"}, "(`email`) of model `User`", ""},
		// PostgreSQL: constraint name wins.
		{&driver.Error{Kind: driver.KindUniqueViolation, Code: "23505", Constraint: "users_email_address_key", Table: "users", Columns: []string{"email_address"}},
			Op{Model: "User", Names: names{}}, UniqueViolation,
			map[string]any{"target": []string{"email"}, "modelName": "User"}, "`email`", ""},
		// MariaDB: key name only; PRIMARY resolved through the request's model.
		{&driver.Error{Kind: driver.KindUniqueViolation, Code: "1062", Constraint: "PRIMARY"},
			Op{Model: "User", Names: names{}}, UniqueViolation,
			map[string]any{"target": []string{"id"}, "modelName": "User"}, "`id`", ""},
		// A nested write failing on another model names that model.
		{&driver.Error{Kind: driver.KindForeignKeyViolation, Code: "23503", Constraint: "Post_authorId_fkey", Table: "Post"},
			Op{Model: "User", Names: names{}}, ForeignKey,
			map[string]any{"field_name": "authorId", "modelName": "Post"}, "model `Post`", ""},
		{&driver.Error{Kind: driver.KindForeignKeyViolation, Code: "787"},
			Op{Model: "Post", Names: names{}}, ForeignKey, map[string]any{"modelName": "Post"}, "Foreign key", ""},
		{&driver.Error{Kind: driver.KindNotNullViolation, Code: "1299", Table: "users", Columns: []string{"name"}},
			Op{Model: "User", Names: names{}}, NullConstraint,
			map[string]any{"constraint": []string{"name"}}, "`name`", ""},
		{&driver.Error{Kind: driver.KindTableNotFound, Code: "1", Table: "users"},
			Op{Model: "User", Names: names{}}, TableNotFound, map[string]any{"table": "users"}, "db push", ""},
		{&driver.Error{Kind: driver.KindColumnNotFound, Code: "42703", Columns: []string{"x"}},
			Op{Model: "User"}, ColumnNotFound, map[string]any{"column": "x"}, "`x`", ""},
		{&driver.Error{Kind: driver.KindSerialization, Code: "40001"}, Op{}, TxConflict, nil, "retry", ""},
		{driver.PoolTimeoutError("db:5432", 3, 2*time.Second), Op{}, PoolTimeout, map[string]any{"connection_limit": 3, "timeout": 2},
			"(Current connection pool timeout: 2, connection limit: 3)", ""},
		// A proxy refusing a startup parameter says what to add to the URL.
		{&driver.Error{Kind: driver.KindConnection, Code: "08P01", Host: "127.0.0.1:6432", Message: "unsupported startup parameter: search_path"},
			Op{}, ConnectFailed, nil, "`pgbouncer=true`", ""},
		{&driver.Error{Kind: driver.KindCanceled}, Op{}, Canceled, nil, "", ""},
		{context.Canceled, Op{}, Canceled, nil, "", ""},
		{fmt.Errorf("wrapped: %w", &driver.Error{Kind: driver.KindSerialization, Code: "40P01"}), Op{}, TxConflict, nil, "", ""},
		// Connection errors: code chooses P1000/P1003/P1001; never the driver text.
		{&driver.Error{Kind: driver.KindConnection, Code: "28P01", Host: "db:5432", Message: "password authentication failed for user u"},
			Op{}, AuthFailed, map[string]any{"database_host": "db", "database_port": "5432"}, "db:5432", "password authentication"},
		{&driver.Error{Kind: driver.KindConnection, Code: "1049", Host: "db:3306"}, Op{}, DBNotFound, nil, "db:3306", ""},
		{&driver.Error{Kind: driver.KindConnection, Host: "10.0.0.1:5432", Message: "dial tcp: connection refused"},
			Op{}, ConnectFailed, map[string]any{"database_host": "10.0.0.1"}, "Can't reach database server at `10.0.0.1:5432`", "refused"},
		// A failed TLS handshake is P1011, raw or not, with crypto/tls's account.
		{&driver.Error{Kind: driver.KindTLS, Host: "db:5432", Message: "the server's certificate is not trusted: x509: certificate signed by unknown authority"},
			Op{Raw: true}, TLSFailed, map[string]any{"database_host": "db", "database_port": "5432"},
			"Error opening a TLS connection to the database server at `db:5432`: the server's certificate is not trusted: x509", ""},
		// Raw queries: P2010 with the native code and message, whatever the kind.
		{&driver.Error{Kind: driver.KindUniqueViolation, Code: "1062", Message: "Duplicate entry 'a' for key 'k'"},
			Op{Raw: true}, RawQuery, map[string]any{"code": "1062", "message": "Duplicate entry 'a' for key 'k'"}, "Code: `1062`", ""},
		{&driver.Error{Kind: driver.KindSyntax, Code: "42601", Message: `syntax error at or near "SELEC"`},
			Op{Raw: true}, RawQuery, map[string]any{"code": "42601"}, "SELEC", ""},
		{&Error{Code: RecordNotFound, Message: "x"}, Op{}, RecordNotFound, nil, "", ""},
		// An aborted transaction (PostgreSQL 25P02) is P2028, raw or not:
		// the statement did not fail on its own.
		{&driver.Error{Kind: driver.KindTxAborted, Code: "25P02", Message: "the transaction is aborted because an earlier statement in it failed (23505: dup)"},
			Op{Model: "User", Raw: true}, TxAborted, map[string]any{"code": "25P02", "kind": "aborted", "modelName": "User"}, "earlier statement in it failed (23505", ""},
		// Values the database refuses are user errors, never INTERNAL.
		{&driver.Error{Kind: driver.KindValueTooLong, Code: "22001", Table: "users", Columns: []string{"email_address"}},
			Op{Model: "User", Names: names{}}, ValueTooLong, map[string]any{"column_name": "email"}, "too long", ""},
		{&driver.Error{Kind: driver.KindInvalidValue, Code: "22021", Message: `invalid byte sequence for encoding "UTF8": 0x00`},
			Op{Model: "User"}, DataValidation, map[string]any{"code": "22021"}, "0x00", ""},
		{&driver.Error{Kind: driver.KindTooLarge, Message: "the statement is larger than the server's max_allowed_packet"},
			Op{Model: "User"}, DataValidation, nil, "max_allowed_packet", ""},
		{&driver.Error{Kind: driver.KindTooManyParams, Message: "the statement has 70000 bind parameters; the database accepts at most 65535"},
			Op{Model: "User"}, ParamLimit, nil, "65535", ""},
		{&driver.Error{Kind: driver.KindValueOutOfRange, Code: "1", Message: "integer overflow"},
			Op{Model: "User"}, ValueOutOfRange, nil, "integer overflow", ""},
		{&driver.Error{Kind: driver.KindTimeout, Code: "57014", Message: "canceling statement due to statement timeout"},
			Op{Model: "User"}, Timeout, nil, "timed out", ""},
	} {
		got := FromDriver(c.err, c.op)
		if got.Code != c.code {
			t.Errorf("%d: code %s, want %s (%s)", i, got.Code, c.code, got.Message)
			continue
		}
		for k, v := range c.meta {
			if !reflect.DeepEqual(got.Meta[k], v) {
				t.Errorf("%d: meta[%s] = %#v, want %#v", i, k, got.Meta[k], v)
			}
		}
		if !strings.Contains(got.Message, c.inMsg) {
			t.Errorf("%d: message %q lacks %q", i, got.Message, c.inMsg)
		}
		if c.notInMsg != "" && strings.Contains(got.Message, c.notInMsg) {
			t.Errorf("%d: message %q contains %q", i, got.Message, c.notInMsg)
		}
	}
}

// TestSchemaNames maps database names back to the schema's with @map and
// @@map, and finds unique, primary and foreign key constraints.
func TestSchemaNames(t *testing.T) {
	sch, err := schema.Parse(`
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
model User {
  id    Int    @id @default(autoincrement())
  email String @unique @map("email_address")
  posts Post[]
  @@map("users")
}
model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
  @@unique([authorId, id], map: "post_author_id")
}
`, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	n := SchemaNames(sch)
	if got := n.Model("users"); got != "User" {
		t.Errorf("Model(users) = %q", got)
	}
	if got := n.Fields("users", []string{"email_address", "x"}); !reflect.DeepEqual(got, []string{"email", "x"}) {
		t.Errorf("Fields = %v", got)
	}
	for _, c := range []struct {
		table, name, model string
		fields             []string
	}{
		{"users", "users_email_address_key", "User", []string{"email"}},
		{"", "users_pkey", "User", []string{"id"}},
		{"", "Post_authorId_fkey", "Post", []string{"authorId"}},
		{"", "post_author_id", "Post", []string{"authorId", "id"}},
		{"User", "PRIMARY", "User", []string{"id"}},
	} {
		m, fs, ok := n.Constraint(c.table, c.name)
		if !ok || m != c.model || !reflect.DeepEqual(fs, c.fields) {
			t.Errorf("Constraint(%q, %q) = %q %v %v", c.table, c.name, m, fs, ok)
		}
	}
	got := FromDriver(&driver.Error{Kind: driver.KindUniqueViolation, Code: "23505", Table: "users",
		Constraint: "users_email_address_key", Columns: []string{"email_address"}}, Op{Model: "User", Names: n})
	if got.Code != UniqueViolation || !reflect.DeepEqual(got.Meta["target"], []string{"email"}) || got.Meta["modelName"] != "User" {
		t.Errorf("unique violation: %s %v", got.Message, got.Meta)
	}
}

// TestKindsAreUserErrors: every neutral kind an adapter chooses from a
// native code is a typed user error; only KindOther (an error no code
// explains) and KindSyntax outside raw SQL (SQL the engine wrote) are
// engine bugs.
func TestKindsAreUserErrors(t *testing.T) {
	for k := driver.KindUniqueViolation; k <= driver.KindTooManyParams; k++ {
		if k == driver.KindSyntax {
			continue
		}
		got := FromDriver(&driver.Error{Kind: k, Code: "x", Message: "m"}, Op{Model: "User"})
		if got.Code == Internal {
			t.Errorf("kind %d maps to INTERNAL: %s", k, got.Message)
		}
	}
}
