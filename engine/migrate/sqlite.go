package migrate

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// SQLite DDL as Prisma writes it: foreign keys inline in CREATE TABLE (SQLite
// cannot add them later), single-column primary keys inline on the column,
// join tables get a unique index on (A, B) instead of a primary key.
// Reference: sql/{basic,types,relations}.from-empty.sqlite.sql in the oracle.

func sqliteQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func sqliteSteps(db *database) []Step {
	var steps []Step
	for _, t := range db.tables {
		steps = append(steps, Step{"CreateTable", sqliteCreateTable(t)})
	}
	for _, t := range db.tables {
		if t.join {
			steps = append(steps,
				Step{"CreateIndex", `CREATE UNIQUE INDEX ` + sqliteQuote(joinIndexName(t.name, "_AB_unique", MaxIdentSQLite)) + ` ON ` + sqliteQuote(t.name) + `("A", "B")`},
				Step{"CreateIndex", `CREATE INDEX ` + sqliteQuote(joinIndexName(t.name, "_B_index", MaxIdentSQLite)) + ` ON ` + sqliteQuote(t.name) + `("B")`})
			continue
		}
		for _, x := range t.indexes {
			steps = append(steps, Step{"CreateIndex", sqliteCreateIndex(t, x)})
		}
	}
	return steps
}

func sqliteCreateTable(t *table) string {
	// SQLite keeps no primary key names, so Prisma never writes one.
	inlinePK := t.pk != nil && len(t.pk.columns) == 1
	var lines []string
	for _, c := range t.columns {
		lines = append(lines, "    "+sqliteColumn(c, inlinePK && c.name == t.pk.columns[0]))
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE " + sqliteQuote(t.name) + " (\n")
	b.WriteString(strings.Join(lines, ",\n"))
	var tail []string
	if t.pk != nil && !inlinePK {
		b.WriteString(",\n\n    PRIMARY KEY (" + quoteList(t.pk.columns, sqliteQuote, ", ") + ")")
	}
	for _, fk := range t.fks {
		tail = append(tail, "    CONSTRAINT "+sqliteQuote(fk.nameFor(t.name, MaxIdentSQLite))+
			" FOREIGN KEY ("+quoteList(fk.columns, sqliteQuote, ", ")+") REFERENCES "+
			sqliteQuote(fk.refTable)+" ("+quoteList(fk.refColumns, sqliteQuote, ", ")+")"+
			" ON DELETE "+referentialAction(fk.onDelete)+" ON UPDATE "+referentialAction(fk.onUpdate))
	}
	if len(tail) > 0 {
		b.WriteString(",\n" + strings.Join(tail, ",\n"))
	}
	b.WriteString("\n)")
	return b.String()
}

func sqliteColumn(c *column, pk bool) string {
	s := sqliteQuote(c.name) + " " + sqliteType(c)
	if !c.nullable {
		s += " NOT NULL"
	}
	if pk {
		s += " PRIMARY KEY"
		// Prisma marks every single-column Int primary key AUTOINCREMENT on
		// SQLite, with or without @default(autoincrement()): an INTEGER
		// PRIMARY KEY is the rowid and assigned anyway. BigInt ids stay
		// plain BIGINT PRIMARY KEY (types.from-empty.sqlite.sql, BigIntId).
		if c.typ == schema.Int && c.enum == nil {
			s += " AUTOINCREMENT"
		}
	}
	if d, ok := storedDefault(c); ok {
		s += " DEFAULT " + sqliteDefault(c, d)
	}
	return s
}

func sqliteType(c *column) string {
	if c.enum != nil {
		return "TEXT"
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
		return "REAL"
	case schema.Decimal:
		return "DECIMAL"
	case schema.DateTime:
		return "DATETIME"
	case schema.Json:
		return "JSONB"
	case schema.Bytes:
		return "BLOB"
	}
	return "TEXT"
}

func sqliteDefault(c *column, d *schema.Default) string {
	switch d.Kind {
	case schema.DefaultNow:
		return "CURRENT_TIMESTAMP"
	case schema.DefaultDbGenerated:
		return d.Value.(string)
	}
	return defaultLiteral(c, d.Value)
}

func sqliteCreateIndex(t *table, x *index) string {
	cols := make([]string, len(x.columns))
	for i, c := range x.columns {
		cols[i] = sqliteQuote(c.name) + sortSuffix(c.sort)
	}
	kw := "CREATE INDEX "
	if x.unique {
		kw = "CREATE UNIQUE INDEX "
	}
	return kw + sqliteQuote(x.nameFor(t.name, MaxIdentSQLite)) + " ON " + sqliteQuote(t.name) + "(" + strings.Join(cols, ", ") + ")"
}

func sortSuffix(sort string) string {
	switch sort {
	case "Desc":
		return " DESC"
	}
	return ""
}
