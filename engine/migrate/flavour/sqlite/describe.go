package sqlite

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Describe reads the live database into a sqlschema.Schema: the base
// tables of sqlite_master (not SQLite's own sqlite_* tables, not
// _prisma_migrations, no views), their columns from pragma_table_info,
// indexes from pragma_index_list/pragma_index_xinfo and foreign keys from
// pragma_foreign_key_list, named from the CREATE TABLE text since the
// pragma keeps no constraint names. namespace is ignored.
// Reference: https://www.sqlite.org/pragma.html#pragfunc
func (Flavour) Describe(ctx context.Context, q driver.Querier, namespace string) (*sqlschema.Schema, error) {
	rows, err := q.Query(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'table' `+
		`AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> '_prisma_migrations'`,
		nil, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot list the tables of the database: %w", err)
	}
	s := &sqlschema.Schema{}
	for _, r := range rows {
		t, err := describeTable(ctx, q, str(r[0]), str(r[1]))
		if err != nil {
			return nil, err
		}
		s.Tables = append(s.Tables, t)
	}
	sort.Slice(s.Tables, func(i, j int) bool { return s.Tables[i].Name < s.Tables[j].Name })
	// A foreign key that names no referenced columns points at the
	// referenced table's primary key.
	for _, t := range s.Tables {
		for _, fk := range t.FKs {
			if len(fk.RefColumns) == 0 {
				if rt := s.Table(fk.RefTable); rt != nil && rt.PK != nil {
					fk.RefColumns = append([]string(nil), rt.PK.Columns...)
				}
			}
		}
	}
	return s, nil
}

func describeTable(ctx context.Context, q driver.Querier, name, ddl string) (*sqlschema.Table, error) {
	t := &sqlschema.Table{Name: name}
	rows, err := q.Query(ctx, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid`,
		[]any{name}, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeInt, driver.TypeString, driver.TypeInt})
	if err != nil {
		return nil, fmt.Errorf("cannot read the columns of table %q: %w", name, err)
	}
	type pkCol struct {
		name string
		pos  int64
	}
	var pk []pkCol
	for _, r := range rows {
		typ := strings.ToUpper(strings.TrimSpace(str(r[1])))
		c := &sqlschema.Column{
			Name:     str(r[0]),
			Type:     typ,
			Family:   Family(typ),
			Nullable: i64(r[2]) == 0,
		}
		if r[3] != nil {
			c.Default = describeDefault(str(r[3]))
		}
		if p := i64(r[4]); p > 0 {
			pk = append(pk, pkCol{c.Name, p})
		}
		t.Columns = append(t.Columns, c)
	}
	if len(pk) > 0 {
		sort.Slice(pk, func(i, j int) bool { return pk[i].pos < pk[j].pos })
		t.PK = &sqlschema.PrimaryKey{}
		for _, p := range pk {
			t.PK.Columns = append(t.PK.Columns, p.name)
		}
		// INTEGER PRIMARY KEY is the rowid alias, which Prisma always
		// declares AUTOINCREMENT (Caps.IntegerPKAutoIncrements).
		if len(pk) == 1 {
			if c := t.Column(pk[0].name); c != nil && c.Type == "INTEGER" {
				c.AutoIncrement = true
				c.Nullable = false // the rowid never holds NULL, NOT NULL or not
			}
		}
	}
	if t.Indexes, err = describeIndexes(ctx, q, name); err != nil {
		return nil, err
	}
	if t.FKs, err = describeFKs(ctx, q, name, ddl); err != nil {
		return nil, err
	}
	return t, nil
}

// describeDefault reads dflt_value, the default's SQL text as written in
// CREATE TABLE (an expression without its parentheses): CURRENT_TIMESTAMP
// is now(), a literal (string, number, boolean, blob, NULL) a value, kept
// as written, and anything else an expression.
func describeDefault(v string) *sqlschema.Default {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "CURRENT_TIMESTAMP") {
		return &sqlschema.Default{Kind: sqlschema.DefaultNow, SQL: "CURRENT_TIMESTAMP"}
	}
	if literalRE.MatchString(v) {
		return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: v}
	}
	return &sqlschema.Default{Kind: sqlschema.DefaultExpr, SQL: v}
}

// literalRE matches SQLite's literal values
// (https://www.sqlite.org/syntax/literal-value.html).
var literalRE = regexp.MustCompile(`(?i)^(?:'(?:[^']|'')*'|[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|0x[0-9a-f]+|x'[0-9a-f]*'|true|false|null)$`)

// describeIndexes reads the indexes made by CREATE INDEX (origin c) and
// inline UNIQUE constraints (origin u), not the primary key's.
func describeIndexes(ctx context.Context, q driver.Querier, table string) ([]*sqlschema.Index, error) {
	rows, err := q.Query(ctx, `SELECT name, "unique", origin FROM pragma_index_list(?1) WHERE origin IN ('c', 'u')`,
		[]any{table}, []driver.Type{driver.TypeString, driver.TypeInt, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot read the indexes of table %q: %w", table, err)
	}
	var out []*sqlschema.Index
	for _, r := range rows {
		x := &sqlschema.Index{Name: str(r[0]), Unique: i64(r[1]) != 0}
		cols, err := q.Query(ctx, `SELECT name, "desc" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno`,
			[]any{x.Name}, []driver.Type{driver.TypeString, driver.TypeInt})
		if err != nil {
			return nil, fmt.Errorf("cannot read the columns of index %q: %w", x.Name, err)
		}
		for _, c := range cols {
			x.Columns = append(x.Columns, sqlschema.IndexColumn{Name: str(c[0]), Desc: i64(c[1]) != 0})
		}
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// describeFKs reads pragma_foreign_key_list, one row per column, grouped
// by id, and names each key from the CREATE TABLE text.
func describeFKs(ctx context.Context, q driver.Querier, table, ddl string) ([]*sqlschema.ForeignKey, error) {
	rows, err := q.Query(ctx, `SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq`,
		[]any{table}, []driver.Type{driver.TypeInt, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot read the foreign keys of table %q: %w", table, err)
	}
	var out []*sqlschema.ForeignKey
	byID := map[int64]*sqlschema.ForeignKey{}
	for _, r := range rows {
		id := i64(r[0])
		fk := byID[id]
		if fk == nil {
			fk = &sqlschema.ForeignKey{RefTable: str(r[1]), OnUpdate: strings.ToUpper(str(r[4])), OnDelete: strings.ToUpper(str(r[5]))}
			byID[id] = fk
			out = append(out, fk)
		}
		fk.Columns = append(fk.Columns, str(r[2]))
		if r[3] != nil {
			fk.RefColumns = append(fk.RefColumns, str(r[3]))
		}
	}
	names := fkNames(ddl)
	used := map[int]bool{}
	for _, fk := range out {
		for i, n := range names {
			if !used[i] && sameNames(n.columns, fk.Columns) {
				fk.Name, used[i] = n.name, true
				break
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return strings.Join(out[i].Columns, "\x00") < strings.Join(out[j].Columns, "\x00")
	})
	return out, nil
}

type namedFK struct {
	name    string
	columns []string
}

// ident matches one SQLite identifier: "double quoted", `backticked`,
// [bracketed] or bare.
const ident = "(?:\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|\\[[^\\]]*\\]|[A-Za-z_][A-Za-z0-9_$]*)"

var (
	fkConstraintRE = regexp.MustCompile(`(?is)\bCONSTRAINT\s+(` + ident + `)\s+FOREIGN\s+KEY\s*\(([^)]*)\)`)
	identRE        = regexp.MustCompile(ident)
)

// fkNames finds the named table-level foreign keys of a CREATE TABLE
// statement, with their column lists.
func fkNames(ddl string) []namedFK {
	var out []namedFK
	for _, m := range fkConstraintRE.FindAllStringSubmatch(ddl, -1) {
		n := namedFK{name: unquoteIdent(m[1])}
		for _, c := range identRE.FindAllString(m[2], -1) {
			n.columns = append(n.columns, unquoteIdent(c))
		}
		out = append(out, n)
	}
	return out
}

func unquoteIdent(s string) string {
	if len(s) >= 2 {
		switch s[0] {
		case '"':
			return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
		case '`':
			return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
		case '[':
			return s[1 : len(s)-1]
		}
	}
	return s
}

// sameNames compares column lists as SQLite compares identifiers
// (case-insensitively).
func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func i64(v any) int64 {
	switch v := v.(type) {
	case int64:
		return v
	case bool:
		if v {
			return 1
		}
	}
	return 0
}
