package mysql

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Describe reads the connection's database (DATABASE(); namespace is
// ignored) into a sqlschema.Schema from information_schema: base tables
// but _prisma_migrations, columns with types and defaults spelled as
// Prisma writes them, the primary key, indexes (without the ones InnoDB
// adds by itself for foreign keys) and foreign keys. MySQL has no enum
// types: an enum is a column type, ENUM('A', 'B'), whose Column.Enum is
// left empty since the catalogue does not know Prisma's enum name.
// Reference: https://dev.mysql.com/doc/refman/8.0/en/information-schema.html,
// https://mariadb.com/kb/en/information-schema-columns-table/
func (f Flavour) Describe(ctx context.Context, q driver.Querier, namespace string) (*sqlschema.Schema, error) {
	mariadb, err := isMariaDB(ctx, q)
	if err != nil {
		return nil, err
	}
	s := &sqlschema.Schema{}
	tables := map[string]*sqlschema.Table{}
	rows, err := q.Query(ctx, "SELECT TABLE_NAME FROM information_schema.TABLES "+
		"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> '_prisma_migrations'",
		nil, []driver.Type{driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot list the tables of the database: %w", err)
	}
	for _, r := range rows {
		t := &sqlschema.Table{Name: str(r[0])}
		tables[t.Name] = t
		s.Tables = append(s.Tables, t)
	}
	sort.Slice(s.Tables, func(i, j int) bool { return s.Tables[i].Name < s.Tables[j].Name })

	var jsonCols map[[2]string]bool
	if mariadb {
		if jsonCols, err = mariaJSONColumns(ctx, q); err != nil {
			return nil, err
		}
	}
	if err := f.describeColumns(ctx, q, tables, jsonCols, mariadb); err != nil {
		return nil, err
	}
	if err := describeFKs(ctx, q, tables); err != nil {
		return nil, err
	}
	if err := describeIndexes(ctx, q, tables); err != nil {
		return nil, err
	}
	for _, t := range s.Tables {
		sort.Slice(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
		sort.Slice(t.FKs, func(i, j int) bool { return t.FKs[i].Name < t.FKs[j].Name })
	}
	return s, nil
}

func isMariaDB(ctx context.Context, q driver.Querier) (bool, error) {
	rows, err := q.Query(ctx, "SELECT VERSION()", nil, []driver.Type{driver.TypeString})
	if err != nil {
		return false, fmt.Errorf("cannot read the server version: %w", err)
	}
	return len(rows) == 1 && strings.Contains(strings.ToLower(str(rows[0][0])), "mariadb"), nil
}

// jsonValidRE is the CHECK MariaDB adds to a JSON column, which it stores
// as LONGTEXT (https://mariadb.com/kb/en/json-data-type/).
var jsonValidRE = regexp.MustCompile("^json_valid\\(`((?:[^`]|``)+)`\\)$")

// mariaJSONColumns lists the (table, column) pairs declared JSON on
// MariaDB.
func mariaJSONColumns(ctx context.Context, q driver.Querier) (map[[2]string]bool, error) {
	rows, err := q.Query(ctx, "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "+
		"WHERE CONSTRAINT_SCHEMA = DATABASE()", nil, []driver.Type{driver.TypeString, driver.TypeString})
	if err != nil {
		return nil, fmt.Errorf("cannot read the check constraints of the database: %w", err)
	}
	out := map[[2]string]bool{}
	for _, r := range rows {
		if m := jsonValidRE.FindStringSubmatch(strings.TrimSpace(str(r[1]))); m != nil {
			out[[2]string{str(r[0]), strings.ReplaceAll(m[1], "``", "`")}] = true
		}
	}
	return out, nil
}

func (f Flavour) describeColumns(ctx context.Context, q driver.Querier, tables map[string]*sqlschema.Table, jsonCols map[[2]string]bool, mariadb bool) error {
	rows, err := q.Query(ctx, "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "+
		"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
		nil, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot read the columns of the database: %w", err)
	}
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		extra := strings.ToLower(str(r[5]))
		c := &sqlschema.Column{
			Name:          str(r[1]),
			Nullable:      strings.EqualFold(str(r[3]), "YES"),
			AutoIncrement: strings.Contains(extra, "auto_increment"),
		}
		c.Type, c.Family = describedType(str(r[2]))
		if jsonCols[[2]string{t.Name, c.Name}] && c.Type == "LONGTEXT" {
			c.Type, c.Family = "JSON", sqlschema.JSON
		}
		if r[4] != nil {
			c.Default = f.describeDefault(str(r[4]), c, extra, mariadb)
		}
		t.Columns = append(t.Columns, c)
	}
	return nil
}

// intTypes are the integer types whose display width MySQL shows and
// Prisma never writes.
var intTypes = map[string]sqlschema.Family{
	"tinyint": sqlschema.Int, "smallint": sqlschema.Int, "mediumint": sqlschema.Int,
	"int": sqlschema.Int, "integer": sqlschema.Int, "bigint": sqlschema.BigInt,
}

// describedType spells COLUMN_TYPE ("int(11)", "decimal(65,30)",
// "enum('A','B')", "int(10) unsigned") as Prisma writes types
// ("INTEGER", "DECIMAL(65, 30)", "ENUM('A', 'B')", "INT UNSIGNED").
func describedType(colType string) (string, sqlschema.Family) {
	ct := strings.TrimSpace(colType)
	name, args, suffix := ct, "", ""
	if i := strings.IndexByte(ct, '('); i >= 0 {
		end := closingParen(ct, i)
		if end < 0 {
			return strings.ToUpper(ct), sqlschema.Unsupported
		}
		name, args, suffix = ct[:i], ct[i+1:end], ct[end+1:]
	} else if i := strings.IndexByte(ct, ' '); i >= 0 {
		name, suffix = ct[:i], ct[i:]
	}
	name = strings.ToLower(strings.TrimSpace(name))
	suffix = strings.ToUpper(strings.TrimSpace(suffix))
	if suffix != "" {
		suffix = " " + suffix
	}
	upper := strings.ToUpper(name)
	switch name {
	case "enum", "set":
		vals := splitValues(args)
		fam := sqlschema.EnumFamily
		if name == "set" {
			fam = sqlschema.Unsupported
		}
		return upper + "(" + strings.Join(vals, ", ") + ")", fam
	case "tinyint":
		if args == "1" && suffix == "" {
			return "BOOLEAN", sqlschema.Boolean
		}
	case "bool", "boolean":
		return "BOOLEAN", sqlschema.Boolean
	}
	if fam, ok := intTypes[name]; ok {
		if name == "int" || name == "integer" {
			if suffix == "" {
				return "INTEGER", fam
			}
			upper = "INT"
		}
		return upper + suffix, fam
	}
	if name == "year" {
		return "YEAR", sqlschema.Int
	}
	typ := upper
	if args != "" {
		typ += "(" + strings.Join(splitValues(args), ", ") + ")"
	}
	typ += suffix
	switch name {
	case "varchar", "char", "text", "tinytext", "mediumtext", "longtext":
		return typ, sqlschema.String
	case "float", "double", "real":
		return typ, sqlschema.Float
	case "decimal", "numeric":
		return typ, sqlschema.Decimal
	case "datetime", "timestamp", "date", "time":
		return typ, sqlschema.DateTime
	case "json":
		return typ, sqlschema.JSON
	case "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary":
		return typ, sqlschema.Bytes
	case "bit":
		if args == "1" {
			return typ, sqlschema.Boolean
		}
		return typ, sqlschema.Bytes
	}
	return typ, sqlschema.Unsupported
}

// closingParen is the index of the parenthesis closing s[open], outside
// quoted strings, or -1.
func closingParen(s string, open int) int {
	depth, inStr := 0, false
	for i := open; i < len(s); i++ {
		switch ch := s[i]; {
		case inStr:
			if ch == '\'' {
				inStr = false
			}
		case ch == '\'':
			inStr = true
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitValues splits type arguments at the commas outside quoted strings,
// keeping each argument's quotes ("'A','B'" → 'A', 'B').
func splitValues(args string) []string {
	var out []string
	start, inStr := 0, false
	for i := 0; i < len(args); i++ {
		switch ch := args[i]; {
		case inStr:
			if ch == '\'' {
				inStr = false
			}
		case ch == '\'':
			inStr = true
		case ch == ',':
			out = append(out, strings.TrimSpace(args[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(args[start:]))
}

// describeIndexes reads information_schema.STATISTICS: the
// PRIMARY index is the primary key; the others are indexes, but for the
// one InnoDB creates by itself for a foreign key (named as the key, on
// its columns), which Prisma never declares.
func describeIndexes(ctx context.Context, q driver.Querier, tables map[string]*sqlschema.Table) error {
	rows, err := q.Query(ctx, "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE, COLLATION, INDEX_TYPE "+
		"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
		nil, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeInt, driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot read the indexes of the database: %w", err)
	}
	// Rows are grouped by map: the catalogue's collation may compare
	// table names case-insensitively and interleave two tables' rows.
	type key struct {
		t    *sqlschema.Table
		name string
	}
	byName := map[key]*sqlschema.Index{}
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		name, col := str(r[1]), str(r[2])
		if name == "PRIMARY" {
			if t.PK == nil {
				t.PK = &sqlschema.PrimaryKey{}
			}
			t.PK.Columns = append(t.PK.Columns, col)
			continue
		}
		cur := byName[key{t, name}]
		if cur == nil {
			cur = &sqlschema.Index{Name: name, Unique: r[3] == int64(0)}
			if typ := strings.ToUpper(str(r[5])); typ == "FULLTEXT" || typ == "SPATIAL" {
				cur.Kind = typ
			}
			byName[key{t, name}] = cur
			t.Indexes = append(t.Indexes, cur)
		}
		cur.Columns = append(cur.Columns, sqlschema.IndexColumn{Name: col, Desc: strings.EqualFold(str(r[4]), "D")})
	}
	for _, t := range tables {
		for _, x := range t.Indexes {
			x.ForForeignKey = fkIndex(t, x)
		}
	}
	return nil
}

// fkIndex reports whether x is the index InnoDB made for a foreign key.
func fkIndex(t *sqlschema.Table, x *sqlschema.Index) bool {
	if x.Unique || x.Kind != "" {
		return false
	}
	for _, fk := range t.FKs {
		if fk.Name == x.Name && strings.Join(fk.Columns, "\x00") == strings.Join(x.ColumnNames(), "\x00") {
			return true
		}
	}
	return false
}

func describeFKs(ctx context.Context, q driver.Querier, tables map[string]*sqlschema.Table) error {
	rows, err := q.Query(ctx, "SELECT rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, rc.UPDATE_RULE, "+
		"k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME "+
		"FROM information_schema.REFERENTIAL_CONSTRAINTS rc JOIN information_schema.KEY_COLUMN_USAGE k "+
		"ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = rc.TABLE_NAME AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME "+
		"WHERE rc.CONSTRAINT_SCHEMA = DATABASE() AND k.REFERENCED_COLUMN_NAME IS NOT NULL "+
		"ORDER BY rc.TABLE_NAME, rc.CONSTRAINT_NAME, k.ORDINAL_POSITION",
		nil, []driver.Type{driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString, driver.TypeString})
	if err != nil {
		return fmt.Errorf("cannot read the foreign keys of the database: %w", err)
	}
	type key struct {
		t    *sqlschema.Table
		name string
	}
	byName := map[key]*sqlschema.ForeignKey{}
	for _, r := range rows {
		t := tables[str(r[0])]
		if t == nil {
			continue
		}
		cur := byName[key{t, str(r[1])}]
		if cur == nil {
			cur = &sqlschema.ForeignKey{Name: str(r[1]), RefTable: str(r[2]),
				OnDelete: strings.ToUpper(str(r[3])), OnUpdate: strings.ToUpper(str(r[4]))}
			byName[key{t, cur.Name}] = cur
			t.FKs = append(t.FKs, cur)
		}
		cur.Columns = append(cur.Columns, str(r[5]))
		cur.RefColumns = append(cur.RefColumns, str(r[6]))
	}
	return nil
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
