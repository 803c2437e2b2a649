package sqlite

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// SQLite DDL as Prisma writes it: foreign keys inline in CREATE TABLE
// (SQLite cannot add them later), single-column primary keys inline on the
// column, join tables with a unique index on (A, B). ALTER TABLE only adds
// nullable columns; every other change of a table is a redefinition.
// Reference: sql/*.sqlite.sql and sql/alter-cases/*.sqlite.sql in the oracle.

// Render spells the steps as SQL.
func (Flavour) Render(steps []sqlschema.Step, _ string) []sqlschema.Statement {
	var out []sqlschema.Statement
	for _, s := range steps {
		var sql []string
		switch s.Kind {
		case sqlschema.CreateTable:
			sql = []string{createTable(s.Create, s.Create.Name)}
		case sqlschema.DropTable:
			sql = []string{"PRAGMA foreign_keys=off", "DROP TABLE " + quote(s.Table), "PRAGMA foreign_keys=on"}
		case sqlschema.CreateIndex:
			sql = []string{createIndex(s.Table, s.Index)}
		case sqlschema.DropIndex:
			sql = []string{"DROP INDEX " + quote(s.Index.Name)}
		case sqlschema.AlterTable:
			for _, c := range s.Changes {
				if c.Kind == sqlschema.AddColumn {
					sql = append(sql, "ALTER TABLE "+quote(s.Table)+" ADD COLUMN "+column(c.To, false))
				}
			}
		case sqlschema.RedefineIndex:
			sql = []string{"DROP INDEX " + quote(s.PrevName), createIndex(s.Table, s.Index)}
		case sqlschema.RedefineTables:
			sql = redefine(s.Redefine)
		default:
			continue // enums and ALTER-level foreign keys do not exist on SQLite
		}
		out = append(out, sqlschema.Statement{Label: s.Kind.Label(), SQL: strings.Join(sql, ";\n")})
	}
	return out
}

// redefine rebuilds tables: create new_T, copy the kept columns (sorted by
// name), drop T, rename, re-create its indexes; foreign keys off meanwhile.
func redefine(tables []sqlschema.Redefine) []string {
	sql := []string{"PRAGMA defer_foreign_keys=ON", "PRAGMA foreign_keys=OFF"}
	for _, r := range tables {
		name := r.To.Name
		tmp := "new_" + name
		cols := quoteList(r.Copied, ", ")
		sql = append(sql,
			createTable(r.To, tmp),
			"INSERT INTO "+quote(tmp)+" ("+cols+") SELECT "+cols+" FROM "+quote(r.From.Name),
			"DROP TABLE "+quote(r.From.Name),
			"ALTER TABLE "+quote(tmp)+" RENAME TO "+quote(name))
		for _, x := range r.To.Indexes {
			sql = append(sql, createIndex(name, x))
		}
	}
	return append(sql, "PRAGMA foreign_keys=ON", "PRAGMA defer_foreign_keys=OFF")
}

func createTable(t *sqlschema.Table, name string) string {
	// SQLite keeps no primary key names, so Prisma never writes one.
	inlinePK := t.PK != nil && len(t.PK.Columns) == 1
	lines := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		lines = append(lines, "    "+column(c, inlinePK && c.Name == t.PK.Columns[0]))
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE " + quote(name) + " (\n")
	b.WriteString(strings.Join(lines, ",\n"))
	if t.PK != nil && !inlinePK {
		b.WriteString(",\n\n    PRIMARY KEY (" + quoteList(t.PK.Columns, ", ") + ")")
	}
	var tail []string
	for _, fk := range t.FKs {
		tail = append(tail, "    CONSTRAINT "+quote(fk.Name)+" FOREIGN KEY ("+quoteList(fk.Columns, ", ")+
			") REFERENCES "+quote(fk.RefTable)+" ("+quoteList(fk.RefColumns, ", ")+")"+
			" ON DELETE "+fk.OnDelete+" ON UPDATE "+fk.OnUpdate)
	}
	if len(tail) > 0 {
		b.WriteString(",\n" + strings.Join(tail, ",\n"))
	}
	b.WriteString("\n)")
	return b.String()
}

func column(c *sqlschema.Column, pk bool) string {
	s := quote(c.Name) + " " + c.Type
	if !c.Nullable {
		s += " NOT NULL"
	}
	if pk {
		s += " PRIMARY KEY"
		if c.AutoIncrement {
			s += " AUTOINCREMENT"
		}
	}
	if c.Default != nil {
		s += " DEFAULT " + c.Default.SQL
	}
	return s
}

func createIndex(table string, x *sqlschema.Index) string {
	cols := make([]string, len(x.Columns))
	for i, c := range x.Columns {
		cols[i] = quote(c.Name)
		if c.Desc {
			cols[i] += " DESC"
		}
	}
	kw := "CREATE INDEX "
	if x.Unique {
		kw = "CREATE UNIQUE INDEX "
	}
	return kw + quote(x.Name) + " ON " + quote(table) + "(" + strings.Join(cols, ", ") + ")"
}

func quoteList(cols []string, sep string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(c)
	}
	return strings.Join(q, sep)
}
