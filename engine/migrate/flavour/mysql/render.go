package mysql

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// MySQL DDL as Prisma writes it: indexes and the primary key inside CREATE
// TABLE for new tables, CREATE INDEX for existing ones, foreign keys as
// ALTER TABLE at the end, column changes as MODIFY with the whole new
// column, clauses of one ALTER TABLE joined by ",\n    ".

// Render spells the steps as SQL.
func (Flavour) Render(steps []sqlschema.Step, _ string) []sqlschema.Statement {
	var out []sqlschema.Statement
	for _, s := range steps {
		var sql string
		switch s.Kind {
		case sqlschema.CreateTable:
			sql = createTable(s.Create)
		case sqlschema.DropTable:
			sql = "DROP TABLE " + quote(s.Table)
		case sqlschema.CreateIndex:
			if s.NewTable {
				continue // declared inside CREATE TABLE
			}
			sql = "CREATE " + indexDef(s.Index) + " ON " + quote(s.Table) + "(" + indexColumns(s.Index) + ")"
		case sqlschema.DropIndex:
			sql = "DROP INDEX " + quote(s.Index.Name) + " ON " + quote(s.Table)
		case sqlschema.RenameIndex:
			sql = "ALTER TABLE " + quote(s.Table) + " RENAME INDEX " + quote(s.PrevName) + " TO " + quote(s.Index.Name)
		case sqlschema.AddForeignKey:
			fk := s.FK
			sql = "ALTER TABLE " + quote(s.Table) + " ADD CONSTRAINT " + quote(fk.Name) + " FOREIGN KEY (" +
				quoteList(fk.Columns, ", ") + ") REFERENCES " + quote(fk.RefTable) + "(" + quoteList(fk.RefColumns, ", ") + ")" +
				" ON DELETE " + fk.OnDelete + " ON UPDATE " + fk.OnUpdate
		case sqlschema.DropForeignKey:
			sql = "ALTER TABLE " + quote(s.Table) + " DROP FOREIGN KEY " + quote(s.FK.Name)
		case sqlschema.AlterTable:
			sql = alterTable(s)
		default:
			continue // enums are column types on MySQL
		}
		out = append(out, sqlschema.Statement{Label: s.Kind.Label(), SQL: sql})
	}
	return out
}

func alterTable(s sqlschema.Step) string {
	var clauses []string
	for _, c := range s.Changes {
		switch c.Kind {
		case sqlschema.DropPrimaryKey:
			clauses = append(clauses, "DROP PRIMARY KEY")
		case sqlschema.AddPrimaryKey:
			clauses = append(clauses, "ADD PRIMARY KEY ("+quoteList(c.PK.Columns, ", ")+")")
		case sqlschema.DropColumn:
			clauses = append(clauses, "DROP COLUMN "+quote(c.From.Name))
		case sqlschema.AddColumn:
			clauses = append(clauses, "ADD COLUMN "+column(c.To))
		case sqlschema.DropAndAddColumn:
			clauses = append(clauses, "DROP COLUMN "+quote(c.From.Name), "ADD COLUMN "+column(c.To))
		case sqlschema.AlterColumn:
			if c.TypeChanged || c.NullChanged || c.To.AutoIncrement != c.From.AutoIncrement || c.To.Default != nil {
				clauses = append(clauses, "MODIFY "+column(c.To))
			} else {
				clauses = append(clauses, "ALTER COLUMN "+quote(c.To.Name)+" DROP DEFAULT")
			}
		}
	}
	return "ALTER TABLE " + quote(s.Table) + " " + strings.Join(clauses, ",\n    ")
}

func createTable(t *sqlschema.Table) string {
	lines := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		lines = append(lines, "    "+column(c))
	}
	var tail []string
	for _, x := range t.Indexes {
		tail = append(tail, indexDef(x)+"("+indexColumns(x)+")")
	}
	if t.PK != nil {
		tail = append(tail, "PRIMARY KEY ("+quoteList(t.PK.Columns, ", ")+")")
	}
	s := "CREATE TABLE " + quote(t.Name) + " (\n" + strings.Join(lines, ",\n")
	if len(tail) > 0 {
		s += ",\n\n    " + strings.Join(tail, ",\n    ")
	}
	return s + "\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

// indexDef is "UNIQUE INDEX `name`", "FULLTEXT INDEX `name`" or "INDEX `name`".
func indexDef(x *sqlschema.Index) string {
	kw := "INDEX "
	switch {
	case x.Unique:
		kw = "UNIQUE INDEX "
	case x.Kind == "FULLTEXT":
		kw = "FULLTEXT INDEX "
	}
	return kw + quote(x.Name)
}

func indexColumns(x *sqlschema.Index) string {
	cols := make([]string, len(x.Columns))
	for i, c := range x.Columns {
		cols[i] = quote(c.Name)
		if c.Desc {
			cols[i] += " DESC"
		}
	}
	return strings.Join(cols, ", ")
}

func column(c *sqlschema.Column) string {
	s := quote(c.Name) + " " + c.Type
	if c.Nullable {
		s += " NULL"
	} else {
		s += " NOT NULL"
	}
	if c.AutoIncrement {
		s += " AUTO_INCREMENT"
	}
	if c.Default != nil {
		s += " DEFAULT " + c.Default.SQL
	}
	return s
}

func quoteList(cols []string, sep string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(c)
	}
	return strings.Join(q, sep)
}
