package migrate

import (
	"strings"
	"unicode"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// PostgreSQL DDL as Prisma writes it: the schema first, enums as types,
// SERIAL/BIGSERIAL for autoincrement, named primary key constraints, indexes
// after all tables and foreign keys as ALTER TABLE at the end; implicit m-n
// join tables have an (A, B) primary key (Prisma 6+).
// Reference: sql/*.from-empty.postgresql.sql in the oracle.

func pgQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func postgresSteps(db *database, schemaName string) []Step {
	steps := []Step{{"CreateSchema", "CREATE SCHEMA IF NOT EXISTS " + pgQuote(schemaName)}}
	for _, e := range db.enums {
		vals := make([]string, len(e.Values))
		for i, v := range e.Values {
			vals[i] = sqlString(enumValueName(v))
		}
		steps = append(steps, Step{"CreateEnum", "CREATE TYPE " + pgQuote(enumName(e)) + " AS ENUM (" + strings.Join(vals, ", ") + ")"})
	}
	for _, t := range db.tables {
		steps = append(steps, Step{"CreateTable", pgCreateTable(t)})
	}
	for _, t := range db.tables {
		if t.join {
			steps = append(steps, Step{"CreateIndex", "CREATE INDEX " + pgQuote(joinIndexName(t.name, "_B_index", MaxIdentPostgres)) + " ON " + pgQuote(t.name) + `("B")`})
			continue
		}
		for _, x := range t.indexes {
			steps = append(steps, Step{"CreateIndex", pgCreateIndex(t, x)})
		}
	}
	for _, t := range db.tables {
		for _, fk := range t.fks {
			steps = append(steps, Step{"AddForeignKey", "ALTER TABLE " + pgQuote(t.name) + " ADD CONSTRAINT " +
				pgQuote(fk.nameFor(t.name, MaxIdentPostgres)) + " FOREIGN KEY (" + quoteList(fk.columns, pgQuote, ", ") +
				") REFERENCES " + pgQuote(fk.refTable) + "(" + quoteList(fk.refColumns, pgQuote, ", ") + ")" +
				" ON DELETE " + referentialAction(fk.onDelete) + " ON UPDATE " + referentialAction(fk.onUpdate)})
		}
	}
	return steps
}

func enumName(e *schema.Enum) string {
	if e.DBName != "" {
		return e.DBName
	}
	return e.Name
}

func enumValueName(v *schema.EnumValue) string {
	if v.DBName != "" {
		return v.DBName
	}
	return v.Name
}

func pgCreateTable(t *table) string {
	lines := make([]string, 0, len(t.columns))
	for _, c := range t.columns {
		lines = append(lines, "    "+pgColumn(c))
	}
	s := "CREATE TABLE " + pgQuote(t.name) + " (\n" + strings.Join(lines, ",\n")
	if t.pk != nil {
		name := t.pk.nameFor(t.name, MaxIdentPostgres)
		if t.join {
			name = joinIndexName(t.name, "_AB_pkey", MaxIdentPostgres)
		}
		// Prisma separates the primary key columns with a bare comma here.
		s += ",\n\n    CONSTRAINT " + pgQuote(name) + " PRIMARY KEY (" + quoteList(t.pk.columns, pgQuote, ",") + ")"
	} else if t.join {
		s += ",\n\n    CONSTRAINT " + pgQuote(joinIndexName(t.name, "_AB_pkey", MaxIdentPostgres)) + ` PRIMARY KEY ("A","B")`
	}
	return s + "\n)"
}

func pgColumn(c *column) string {
	typ := pgType(c)
	if c.autoinc && !c.list {
		switch typ {
		case "INTEGER":
			typ = "SERIAL"
		case "BIGINT":
			typ = "BIGSERIAL"
		case "SMALLINT":
			typ = "SMALLSERIAL"
		}
	}
	if c.list {
		typ += "[]"
	}
	s := pgQuote(c.name) + " " + typ
	if !c.nullable {
		s += " NOT NULL"
	}
	if d, ok := storedDefault(c); ok {
		s += " DEFAULT " + pgDefault(c, d, typ)
	}
	return s
}

// pgType is the column type without the list suffix.
func pgType(c *column) string {
	if c.enum != nil {
		return pgQuote(enumName(c.enum))
	}
	if c.native != "" {
		name, args := nativeParts(c.native)
		switch name {
		case "DoublePrecision":
			name = "DOUBLE PRECISION"
		default:
			name = strings.ToUpper(name)
		}
		if len(args) > 0 {
			return name + "(" + strings.Join(args, ",") + ")"
		}
		return name
	}
	switch c.typ {
	case schema.String:
		return "TEXT"
	case schema.Boolean:
		return "BOOLEAN"
	case schema.Int:
		return "INTEGER"
	case schema.BigInt:
		return "BIGINT"
	case schema.Float:
		return "DOUBLE PRECISION"
	case schema.Decimal:
		return "DECIMAL(65,30)"
	case schema.DateTime:
		return "TIMESTAMP(3)"
	case schema.Json:
		return "JSONB"
	case schema.Bytes:
		return "BYTEA"
	}
	return "TEXT"
}

func pgDefault(c *column, d *schema.Default, typ string) string {
	switch d.Kind {
	case schema.DefaultNow:
		return "CURRENT_TIMESTAMP"
	case schema.DefaultDbGenerated:
		return d.Value.(string)
	}
	if list, ok := d.Value.([]any); ok {
		vals := make([]string, len(list))
		for i, v := range list {
			vals[i] = defaultLiteral(c, v)
		}
		return "ARRAY[" + strings.Join(vals, ", ") + "]::" + typ
	}
	return defaultLiteral(c, d.Value)
}

func pgCreateIndex(t *table, x *index) string {
	cols := make([]string, len(x.columns))
	for i, c := range x.columns {
		cols[i] = pgQuote(c.name)
		if c.ops != "" {
			cols[i] += " " + pgOpClass(c.ops)
		}
		cols[i] += sortSuffix(c.sort)
	}
	kw := "CREATE INDEX "
	if x.unique {
		kw = "CREATE UNIQUE INDEX "
	}
	on := pgQuote(t.name)
	switch strings.ToLower(x.kind) {
	case "", "btree":
		on += "("
	default:
		on += " USING " + strings.ToUpper(x.kind) + " ("
	}
	return kw + pgQuote(x.nameFor(t.name, MaxIdentPostgres)) + " ON " + on + strings.Join(cols, ", ") + ")"
}

// pgOpClass turns Prisma's operator class name (JsonbPathOps) into
// PostgreSQL's (jsonb_path_ops); raw("x") passes x through.
func pgOpClass(ops string) string {
	if strings.HasPrefix(ops, "raw(") {
		return strings.Trim(strings.TrimSuffix(strings.TrimPrefix(ops, "raw("), ")"), `"`)
	}
	var b strings.Builder
	for i, r := range ops {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
