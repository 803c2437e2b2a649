package codegen

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/internal/golden"
)

// sqlFixture is what ppy generate --sql hands codegen for three files: a
// PostgreSQL-style query with annotations, one whose types the database
// did not give, and a write.
func sqlFixture(t *testing.T) []SQLQuery {
	t.Helper()
	text := "-- @param {Int} $1:min_age Only users at least this old\n-- @param {String} $2:name?\n" +
		`SELECT "id", "email", "name", "createdAt", "balance", "big", "score", "active", "data", "avatar", "tags" FROM "User" WHERE "age" >= $1 AND ("name" = $2 OR $2 IS NULL)`
	q := SQLQuery{Name: "users_by_age", File: "prisma/sql/users_by_age.sql", SQL: text,
		Params: []SQLParam{{Type: "Int"}, {Type: "String"}},
		Columns: []SQLColumn{
			{Name: "id", Type: "Int"}, {Name: "email", Type: "String"}, {Name: "name", Type: "String", Nullable: true},
			{Name: "createdAt", Type: "DateTime"}, {Name: "balance", Type: "Decimal", Nullable: true},
			{Name: "big", Type: "BigInt"}, {Name: "score", Type: "Float"}, {Name: "active", Type: "Boolean"},
			{Name: "data", Type: "Json", Nullable: true}, {Name: "avatar", Type: "Bytes", Nullable: true},
			{Name: "tags", Type: "String[]"},
		}}
	anns, err := ParseSQLAnnotations(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := ApplySQLAnnotations(&q, anns); err != nil {
		t.Fatal(err)
	}
	count := SQLQuery{Name: "countPosts", File: "prisma/sql/countPosts.sql", SQL: "SELECT COUNT(*) AS n, ? AS echo",
		Params: []SQLParam{{Name: SQLParamName("?"), Type: "Unknown"}}, Columns: []SQLColumn{{Name: "n", Type: "Unknown", Nullable: true}, {Name: "echo", Type: "Unknown", Nullable: true}}}
	if err := ApplySQLAnnotations(&count, nil); err != nil {
		t.Fatal(err)
	}
	touch := SQLQuery{Name: "touch", File: "prisma/sql/touch.sql", SQL: "UPDATE \"User\" SET \"name\" = :name", Params: []SQLParam{{Name: SQLParamName(":name"), Type: "Unknown"}}}
	if err := ApplySQLAnnotations(&touch, nil); err != nil {
		t.Fatal(err)
	}
	// PostgreSQL enum types: a column and parameters of the schema's enum.
	sales := SQLQuery{Name: "salesByStatus", File: "prisma/sql/salesByStatus.sql",
		SQL:    `SELECT "id", "status", "status" AS "was" FROM "Sales" WHERE "status" = $1 OR "status" = ANY($2)`,
		Params: []SQLParam{{Type: "String", Enum: "SalesStatus"}, {Type: "String[]", Enum: "SalesStatus"}},
		Columns: []SQLColumn{{Name: "id", Type: "Int"}, {Name: "status", Type: "String", Enum: "SalesStatus"},
			{Name: "was", Type: "String", Enum: "SalesStatus", Nullable: true}}}
	if err := ApplySQLAnnotations(&sales, nil); err != nil {
		t.Fatal(err)
	}
	return []SQLQuery{q, count, touch, sales}
}

func TestSQLGolden(t *testing.T) {
	sch, src := fixture(t)
	golden.Assert(t, filepath.Join("testdata", "sql", "sql.py"), []byte(SQLFile(sch, src, sqlFixture(t))))
}

func TestSQLAnnotationErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"-- @param {Integer} $1:a\nSELECT 1", "line 1: unknown type {Integer} in @param"},
		{"-- @param Int $1:a\nSELECT 1", "line 1: cannot read the @param annotation"},
		{"-- @param {Int} $1:a\n-- @param {Int} $1:b\nSELECT 1", "line 2: $1 is annotated twice (first on line 1)"},
		{"-- @param {Int} $1:class\nSELECT 1", "line 1: @param name \"class\" is not a Python name"},
	} {
		_, err := ParseSQLAnnotations(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.text, err, c.want)
		}
	}
	q := SQLQuery{File: "x.sql", Params: []SQLParam{{Type: "Unknown"}}}
	anns, _ := ParseSQLAnnotations("-- @param {Int} $2:a\nSELECT ?")
	if err := ApplySQLAnnotations(&q, anns); err == nil || !strings.Contains(err.Error(), "line 1: @param $2, but the statement has 1 parameter(s)") {
		t.Errorf("out of range: %v", err)
	}
	dup := SQLQuery{Columns: []SQLColumn{{Name: "id"}, {Name: "name"}, {Name: "id"}}}
	if err := CheckSQLColumns(&dup); err == nil || !strings.Contains(err.Error(), `result columns 1 and 3 are both named "id"`) {
		t.Errorf("duplicate columns: %v", err)
	}
	enums := []SQLQuery{{Name: "byMood", File: "prisma/sql/byMood.sql", Params: []SQLParam{{Enum: "Mood"}}},
		{Name: "MoodInput", File: "prisma/sql/MoodInput.sql"}}
	if err := CheckSQLEnumNames(enums); err == nil || !strings.Contains(err.Error(), "prisma/sql/MoodInput.sql: the name MoodInput is taken by the enum type") {
		t.Errorf("enum name clash: %v", err)
	}
	if err := CheckSQLEnumNames(enums[:1]); err != nil {
		t.Errorf("no clash: %v", err)
	}
	for name, want := range map[string]string{"get-users": "must be a Python name", "_x": "not starting with _", "TypedSql": "taken", "class": "must be a Python name"} {
		if err := CheckSQLName(name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
}
