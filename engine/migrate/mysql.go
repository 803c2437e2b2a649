package migrate

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// MySQL DDL as Prisma writes it: no oracle output exists (the wasm schema
// engine refuses MySQL), so this follows Prisma's published migrations:
// VARCHAR(191) strings, DATETIME(3), enums inline as ENUM(...), indexes and
// the primary key inside CREATE TABLE, the utf8mb4_unicode_ci table options,
// foreign keys as ALTER TABLE at the end, join tables with an (A, B) unique
// index. Our own goldens (testdata/*.mysql.sql) pin it.

func myQuote(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func mysqlSteps(db *database) []Step {
	var steps []Step
	for _, t := range db.tables {
		steps = append(steps, Step{"CreateTable", myCreateTable(t)})
	}
	for _, t := range db.tables {
		for _, fk := range t.fks {
			steps = append(steps, Step{"AddForeignKey", "ALTER TABLE " + myQuote(t.name) + " ADD CONSTRAINT " +
				myQuote(fk.nameFor(t.name, MaxIdentMySQL)) + " FOREIGN KEY (" + quoteList(fk.columns, myQuote, ", ") +
				") REFERENCES " + myQuote(fk.refTable) + "(" + quoteList(fk.refColumns, myQuote, ", ") + ")" +
				" ON DELETE " + referentialAction(fk.onDelete) + " ON UPDATE " + referentialAction(fk.onUpdate)})
		}
	}
	return steps
}

func myCreateTable(t *table) string {
	lines := make([]string, 0, len(t.columns))
	for _, c := range t.columns {
		lines = append(lines, "    "+myColumn(c))
	}
	var tail []string
	if t.join {
		tail = append(tail,
			"UNIQUE INDEX "+myQuote(joinIndexName(t.name, "_AB_unique", MaxIdentMySQL))+"(`A`, `B`)",
			"INDEX "+myQuote(joinIndexName(t.name, "_B_index", MaxIdentMySQL))+"(`B`)")
	}
	for _, x := range t.indexes {
		tail = append(tail, myIndex(t, x))
	}
	if t.pk != nil {
		tail = append(tail, "PRIMARY KEY ("+quoteList(t.pk.columns, myQuote, ", ")+")")
	}
	s := "CREATE TABLE " + myQuote(t.name) + " (\n" + strings.Join(lines, ",\n")
	if len(tail) > 0 {
		s += ",\n\n    " + strings.Join(tail, ",\n    ")
	}
	return s + "\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

func myIndex(t *table, x *index) string {
	cols := make([]string, len(x.columns))
	for i, c := range x.columns {
		cols[i] = myQuote(c.name) + sortSuffix(c.sort)
	}
	kw := "INDEX "
	switch {
	case x.unique:
		kw = "UNIQUE INDEX "
	case strings.EqualFold(x.kind, "FullText"):
		kw = "FULLTEXT INDEX "
	}
	return kw + myQuote(x.nameFor(t.name, MaxIdentMySQL)) + "(" + strings.Join(cols, ", ") + ")"
}

func myColumn(c *column) string {
	s := myQuote(c.name) + " " + myType(c)
	if c.nullable {
		s += " NULL"
	} else {
		s += " NOT NULL"
	}
	if c.autoinc {
		s += " AUTO_INCREMENT"
	}
	if d, ok := storedDefault(c); ok {
		switch d.Kind {
		case schema.DefaultNow:
			s += " DEFAULT CURRENT_TIMESTAMP(" + myTimePrecision(c) + ")"
		case schema.DefaultDbGenerated:
			s += " DEFAULT " + d.Value.(string)
		default:
			s += " DEFAULT " + defaultLiteral(c, d.Value)
		}
	}
	return s
}

func myTimePrecision(c *column) string {
	if c.native != "" {
		if _, args := nativeParts(c.native); len(args) == 1 {
			return args[0]
		}
		return "0"
	}
	return "3"
}

func myType(c *column) string {
	if c.enum != nil {
		vals := make([]string, len(c.enum.Values))
		for i, v := range c.enum.Values {
			vals[i] = sqlString(enumValueName(v))
		}
		return "ENUM(" + strings.Join(vals, ", ") + ")"
	}
	if c.native != "" {
		name, args := nativeParts(c.native)
		unsigned := strings.HasPrefix(name, "Unsigned")
		name = strings.ToUpper(strings.TrimPrefix(name, "Unsigned"))
		if len(args) > 0 {
			name += "(" + strings.Join(args, ", ") + ")"
		}
		if unsigned {
			name += " UNSIGNED"
		}
		return name
	}
	switch c.typ {
	case schema.String:
		return "VARCHAR(191)"
	case schema.Boolean:
		return "BOOLEAN"
	case schema.Int:
		return "INTEGER"
	case schema.BigInt:
		return "BIGINT"
	case schema.Float:
		return "DOUBLE"
	case schema.Decimal:
		return "DECIMAL(65, 30)"
	case schema.DateTime:
		return "DATETIME(3)"
	case schema.Json:
		return "JSON"
	case schema.Bytes:
		return "LONGBLOB"
	}
	return "VARCHAR(191)"
}
