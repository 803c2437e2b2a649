package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Describe reads the schema namespace of the live database into a
// sqlschema.Schema from pg_catalog: the ordinary and partitioned tables
// (not partitions, views or _prisma_migrations), their columns with types
// spelled as Prisma writes them, defaults, primary keys, indexes, foreign
// keys, and the schema's enum types. Every catalogue name and "char" is
// cast to text so that the driver reads it as a string.
// Reference: https://www.postgresql.org/docs/current/catalogs.html
func (Flavour) Describe(ctx context.Context, q driver.Querier, namespace string) (*sqlschema.Schema, error) {
	if namespace == "" {
		namespace = "public"
	}
	s := &sqlschema.Schema{}
	tables := map[string]*sqlschema.Table{}
	rows, err := q.Query(ctx, `SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace `+
		`WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`,
		[]any{namespace}, []driver.Type{driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot list the tables of schema %q: %w", namespace, err)
	}
	for _, r := range rows {
		t := &sqlschema.Table{Name: str(r[0])}
		tables[t.Name] = t
		s.Tables = append(s.Tables, t)
	}
	sort.Slice(s.Tables, func(i, j int) bool { return s.Tables[i].Name < s.Tables[j].Name })

	steps := []func(context.Context, driver.Querier, string, map[string]*sqlschema.Table) error{
		describeColumns, describePKs, describeIndexes, describeFKs,
	}
	for _, step := range steps {
		if err := step(ctx, q, namespace, tables); err != nil {
			return nil, err
		}
	}
	for _, t := range s.Tables {
		sort.Slice(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
		sort.Slice(t.FKs, func(i, j int) bool { return t.FKs[i].Name < t.FKs[j].Name })
	}
	if s.Enums, err = describeEnums(ctx, q, namespace); err != nil {
		return nil, err
	}
	if len(s.Tables)+len(s.Enums) == 0 {
		// An empty schema that exists is still one a multi-schema diff
		// need not create again.
		rows, err := q.Query(ctx, `SELECT nspname::text FROM pg_namespace WHERE nspname = $1`, []any{namespace}, []driver.Type{driver.TypeString})
		if err != nil {
			return nil, fmt.Errorf("cannot look up schema %q: %w", namespace, err)
		}
		if len(rows) == 0 {
			return s, nil
		}
	}
	s.Namespaces = []string{namespace}
	return s, nil
}

// tableFilter restricts a query on pg_class c (joined to pg_namespace n)
// to the tables Describe reads.
const tableFilter = `n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`

func describeColumns(ctx context.Context, q driver.Querier, namespace string, tables map[string]*sqlschema.Table) error {
	// An array column's type is described by its element type (bt); the
	// type modifier applies to the element.
	rows, err := q.Query(ctx, `SELECT c.relname::text, a.attname::text, a.attnotnull, bt.typname::text, bt.typtype::text,
       t.typcategory = 'A' AND t.typelem <> 0, format_type(bt.oid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, btn.nspname::text
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
JOIN pg_namespace btn ON btn.oid = bt.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE `+tableFilter+` AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`, []any{namespace}, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeBool,
		driver.TypeString, driver.TypeString, driver.TypeBool, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot read the columns of schema %q: %w", namespace, err)
	}
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		c := &sqlschema.Column{Name: str(r[1]), Nullable: r[2] != true, List: r[5] == true}
		c.Type, c.Family = describedType(str(r[3]), str(r[6]))
		if str(r[4]) == "e" {
			c.Type, c.Family, c.Enum = quote(str(r[3])), sqlschema.EnumFamily, str(r[3])
			if ns := str(r[10]); ns != namespace {
				// an enum of another schema (multi-schema databases)
				c.EnumNamespace, c.Type = ns, quote(ns)+"."+c.Type
			}
		}
		if id := str(r[8]); id == "a" || id == "d" {
			c.AutoIncrement = true // GENERATED ... AS IDENTITY
		}
		if r[7] != nil && str(r[9]) == "" {
			c.Default, c.AutoIncrement = describeDefault(str(r[7]), c, c.AutoIncrement)
		}
		t.Columns = append(t.Columns, c)
	}
	return nil
}

// describedType spells the type typname, rendered by format_type as
// formatted ("character varying(255)", "timestamp(3) without time
// zone"), as Prisma writes it ("VARCHAR(255)", "TIMESTAMP(3)").
func describedType(typname, formatted string) (string, sqlschema.Family) {
	args := ""
	if _, rest, ok := strings.Cut(formatted, "("); ok {
		if a, _, ok := strings.Cut(rest, ")"); ok {
			args = "(" + strings.ReplaceAll(a, " ", "") + ")"
		}
	}
	switch typname {
	case "int4":
		return "INTEGER", sqlschema.Int
	case "int2":
		return "SMALLINT", sqlschema.Int
	case "int8":
		return "BIGINT", sqlschema.BigInt
	case "oid":
		return "OID", sqlschema.Int
	case "float8":
		return "DOUBLE PRECISION", sqlschema.Float
	case "float4":
		return "REAL", sqlschema.Float
	case "numeric":
		return "DECIMAL" + args, sqlschema.Decimal
	case "money":
		return "MONEY", sqlschema.Decimal
	case "bool":
		return "BOOLEAN", sqlschema.Boolean
	case "text", "uuid", "inet", "citext", "xml":
		return strings.ToUpper(typname), sqlschema.String
	case "varchar":
		return "VARCHAR" + args, sqlschema.String
	case "bpchar":
		return "CHAR" + args, sqlschema.String
	case "bit", "varbit":
		return strings.ToUpper(typname) + args, sqlschema.String
	case "timestamp", "timestamptz", "time", "timetz":
		return strings.ToUpper(typname) + args, sqlschema.DateTime
	case "date":
		return "DATE", sqlschema.DateTime
	case "json", "jsonb":
		return strings.ToUpper(typname), sqlschema.JSON
	case "bytea":
		return "BYTEA", sqlschema.Bytes
	}
	return formatted, sqlschema.Unsupported
}

func describePKs(ctx context.Context, q driver.Querier, namespace string, tables map[string]*sqlschema.Table) error {
	rows, err := q.Query(ctx, `SELECT c.relname::text, con.conname::text, a.attname::text
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
WHERE `+tableFilter+` AND con.contype = 'p'
ORDER BY c.relname, k.ord`, []any{namespace}, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot read the primary keys of schema %q: %w", namespace, err)
	}
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		if t.PK == nil {
			t.PK = &sqlschema.PrimaryKey{Name: str(r[1])}
		}
		t.PK.Columns = append(t.PK.Columns, str(r[2]))
	}
	return nil
}

// describeIndexes reads every index but the primary key's, key columns
// only (not INCLUDE ones). An expression's "column" is its SQL text.
func describeIndexes(ctx context.Context, q driver.Querier, namespace string, tables map[string]*sqlschema.Table) error {
	rows, err := q.Query(ctx, `SELECT c.relname::text, ic.relname::text, i.indisunique, am.amname::text,
       coalesce(a.attname::text, pg_get_indexdef(i.indexrelid, k.ord::int, true)),
       (i.indoption[k.ord - 1] & 1) = 1, coalesce(opc.opcname::text, ''), coalesce(opc.opcdefault, true)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) WITH ORDINALITY AS k(attnum, opcoid, ord)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
LEFT JOIN pg_opclass opc ON opc.oid = k.opcoid
WHERE `+tableFilter+` AND NOT i.indisprimary AND k.ord <= i.indnkeyatts
ORDER BY c.relname, ic.relname, k.ord`, []any{namespace}, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeBool,
		driver.TypeString, driver.TypeString, driver.TypeBool, driver.TypeString, driver.TypeBool})
	if err != nil {
		return fmt.Errorf("cannot read the indexes of schema %q: %w", namespace, err)
	}
	var cur *sqlschema.Index
	curTable := ""
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		if cur == nil || curTable != t.Name || cur.Name != str(r[1]) {
			cur = &sqlschema.Index{Name: str(r[1]), Unique: r[2] == true}
			if am := str(r[3]); am != "btree" {
				cur.Using = am
			}
			curTable = t.Name
			t.Indexes = append(t.Indexes, cur)
		}
		col := sqlschema.IndexColumn{Name: str(r[4]), Desc: r[5] == true}
		if r[7] != true {
			col.OpClass = str(r[6])
		}
		cur.Columns = append(cur.Columns, col)
	}
	return nil
}

// fkActions are pg_constraint's confdeltype and confupdtype codes.
var fkActions = map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

func describeFKs(ctx context.Context, q driver.Querier, namespace string, tables map[string]*sqlschema.Table) error {
	rows, err := q.Query(ctx, `SELECT c.relname::text, con.conname::text, rc.relname::text,
       con.confdeltype::text, con.confupdtype::text, a.attname::text, ra.attname::text, rn.nspname::text
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class rc ON rc.oid = con.confrelid
JOIN pg_namespace rn ON rn.oid = rc.relnamespace
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum
WHERE `+tableFilter+` AND con.contype = 'f'
ORDER BY c.relname, con.conname, k.ord`, []any{namespace}, []driver.Type{driver.TypeString, driver.TypeString,
		driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot read the foreign keys of schema %q: %w", namespace, err)
	}
	var cur *sqlschema.ForeignKey
	curTable := ""
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		if cur == nil || curTable != t.Name || cur.Name != str(r[1]) {
			cur = &sqlschema.ForeignKey{Name: str(r[1]), RefTable: str(r[2]),
				OnDelete: fkActions[str(r[3])], OnUpdate: fkActions[str(r[4])]}
			if ns := str(r[7]); ns != namespace {
				cur.RefNamespace = ns // a table of another schema (multi-schema databases)
			}
			curTable = t.Name
			t.FKs = append(t.FKs, cur)
		}
		cur.Columns = append(cur.Columns, str(r[5]))
		cur.RefColumns = append(cur.RefColumns, str(r[6]))
	}
	return nil
}

func describeEnums(ctx context.Context, q driver.Querier, namespace string) ([]*sqlschema.Enum, error) {
	rows, err := q.Query(ctx, `SELECT t.typname::text, e.enumlabel::text
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = $1 AND t.typtype = 'e'
ORDER BY t.typname, e.enumsortorder`, []any{namespace}, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot read the enum types of schema %q: %w", namespace, err)
	}
	var out []*sqlschema.Enum
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].Name != str(r[0]) {
			out = append(out, &sqlschema.Enum{Name: str(r[0])})
		}
		e := out[len(out)-1]
		e.Values = append(e.Values, str(r[1]))
	}
	// ORDER BY sorts by the database's collation; names sort bytewise.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
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
