package postgres

import (
	"strings"
	"unicode"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// PostgreSQL DDL as Prisma writes it: the schema first, enums as types,
// SERIAL/BIGSERIAL for autoincrement, named primary key constraints, indexes
// after all tables and foreign keys as ALTER TABLE at the end; one ALTER
// TABLE per changed table with its clauses joined by ",\n"; enums that lose
// a value are re-created in a BEGIN/COMMIT block.
// Reference: sql/*.postgresql.sql and sql/alter-cases/*.postgresql.sql in the oracle.

// Render spells the steps as SQL.
func (Flavour) Render(steps []sqlschema.Step, namespace string) []sqlschema.Statement {
	var out []sqlschema.Statement
	for _, s := range steps {
		var sql string
		switch s.Kind {
		case sqlschema.CreateSchema:
			ns := namespace
			if s.Namespace != "" {
				ns = s.Namespace
			}
			sql = "CREATE SCHEMA IF NOT EXISTS " + quote(ns)
		case sqlschema.CreateEnum:
			sql = "CREATE TYPE " + qualified(s.Enum.Namespace, s.Enum.Name) + " AS ENUM (" + literalList(s.Enum.Values) + ")"
		case sqlschema.AlterEnum:
			sql = alterEnum(s)
		case sqlschema.DropEnum:
			sql = "DROP TYPE " + qualified(s.Enum.Namespace, s.Enum.Name)
		case sqlschema.CreateTable:
			sql = createTable(s.Create)
		case sqlschema.DropTable:
			sql = "DROP TABLE " + qualified(s.Namespace, s.Table)
		case sqlschema.CreateIndex:
			sql = createIndex(qualified(s.Namespace, s.Table), s.Index)
		case sqlschema.DropIndex:
			sql = "DROP INDEX " + qualified(s.Namespace, s.Index.Name)
		case sqlschema.RenameIndex:
			sql = "ALTER INDEX " + qualified(s.Namespace, s.PrevName) + " RENAME TO " + quote(s.Index.Name)
		case sqlschema.RenameForeignKey:
			sql = "ALTER TABLE " + qualified(s.Namespace, s.Table) + " RENAME CONSTRAINT " + quote(s.PrevName) + " TO " + quote(s.FK.Name)
		case sqlschema.AddForeignKey:
			fk := s.FK
			sql = "ALTER TABLE " + qualified(s.Namespace, s.Table) + " ADD CONSTRAINT " + quote(fk.Name) + " FOREIGN KEY (" +
				quoteList(fk.Columns, ", ") + ") REFERENCES " + qualified(fk.RefNamespace, fk.RefTable) + "(" + quoteList(fk.RefColumns, ", ") + ")" +
				" ON DELETE " + fk.OnDelete + " ON UPDATE " + fk.OnUpdate
		case sqlschema.DropForeignKey:
			sql = "ALTER TABLE " + qualified(s.Namespace, s.Table) + " DROP CONSTRAINT " + quote(s.FK.Name)
		case sqlschema.AlterTable:
			sql = alterTable(s)
		default:
			continue
		}
		out = append(out, sqlschema.Statement{Label: s.Kind.Label(), SQL: sql})
	}
	return out
}

func alterTable(s sqlschema.Step) string {
	var before, clauses, after []string
	for _, c := range s.Changes {
		switch c.Kind {
		case sqlschema.DropPrimaryKey:
			clauses = append(clauses, "DROP CONSTRAINT "+quote(c.PK.Name))
		case sqlschema.RenamePrimaryKey:
			clauses = append(clauses, "RENAME CONSTRAINT "+quote(c.PrevPK.Name)+" TO "+quote(c.PK.Name))
		case sqlschema.AddPrimaryKey:
			clauses = append(clauses, "ADD CONSTRAINT "+quote(c.PK.Name)+" PRIMARY KEY ("+quoteList(c.PK.Columns, ", ")+")")
		case sqlschema.DropColumn:
			clauses = append(clauses, "DROP COLUMN "+quote(c.From.Name))
		case sqlschema.AddColumn:
			clauses = append(clauses, "ADD COLUMN     "+column(c.To))
		case sqlschema.DropAndAddColumn:
			clauses = append(clauses, "DROP COLUMN "+quote(c.From.Name), "ADD COLUMN     "+column(c.To))
		case sqlschema.AlterColumn:
			clauses = append(clauses, alterColumn(s.Namespace, s.Table, c)...)
			if c.AutoIncrementChanged && c.To.AutoIncrement {
				// A column becomes SERIAL: a sequence of Prisma's naming,
				// owned by the column.
				seq := sequenceName(s.Namespace, s.Table, c.To.Name)
				before = append(before, "CREATE SEQUENCE "+seq)
				after = append(after, "ALTER SEQUENCE "+seq+" OWNED BY "+qualified(s.Namespace, s.Table)+"."+quote(c.To.Name))
			}
		}
	}
	stmts := append(before, "ALTER TABLE "+qualified(s.Namespace, s.Table)+" "+strings.Join(clauses, ",\n"))
	return strings.Join(append(stmts, after...), ";\n")
}

// sequenceName is the sequence Prisma creates for a column that becomes
// autoincrement: <table>_<column>_seq, lower-case and unquoted, in the
// table's schema (quoted) when it has one, since an unqualified name lands
// in the connection's search_path schema instead.
func sequenceName(namespace, table, column string) string {
	seq := strings.ToLower(table + "_" + column + "_seq")
	if namespace == "" {
		return seq
	}
	return quote(namespace) + "." + seq
}

// alterColumn follows Prisma's order: nullability, default, autoincrement,
// then the type.
func alterColumn(namespace, table string, c sqlschema.Change) []string {
	prefix := "ALTER COLUMN " + quote(c.To.Name) + " "
	var out []string
	if c.NullChanged {
		if c.To.Nullable {
			out = append(out, prefix+"DROP NOT NULL")
		} else {
			out = append(out, prefix+"SET NOT NULL")
		}
	}
	if c.DefaultChanged {
		if c.To.Default != nil {
			out = append(out, prefix+"SET DEFAULT "+c.To.Default.SQL)
		} else if !c.From.AutoIncrement {
			out = append(out, prefix+"DROP DEFAULT")
		}
	}
	if c.AutoIncrementChanged {
		if c.To.AutoIncrement {
			out = append(out, prefix+"SET DEFAULT nextval('"+sequenceName(namespace, table, c.To.Name)+"')")
		} else {
			out = append(out, prefix+"DROP DEFAULT")
		}
	}
	if c.TypeChanged {
		// Prisma writes SET DATA TYPE BIGSERIAL here, which PostgreSQL
		// rejects (SERIAL is no type); the sequence already exists, so the
		// plain integer type is what the column needs.
		to := *c.To
		to.AutoIncrement = false
		out = append(out, prefix+"SET DATA TYPE "+columnType(&to))
	}
	return out
}

// alterEnum adds values in place; removing one re-creates the type and
// converts every column that uses it, in one transaction.
func alterEnum(s sqlschema.Step) string {
	name := qualified(s.Enum.Namespace, s.Enum.Name)
	if len(s.RemovedValues) == 0 {
		var stmts []string
		for _, v := range s.AddedValues {
			stmts = append(stmts, "ALTER TYPE "+name+" ADD VALUE "+sqlschema.StringLiteral(v))
		}
		return strings.Join(stmts, ";\n")
	}
	tmp := qualified(s.Enum.Namespace, s.Enum.Name+"_new")
	old := qualified(s.Enum.Namespace, s.Enum.Name+"_old")
	stmts := []string{"BEGIN", "CREATE TYPE " + tmp + " AS ENUM (" + literalList(s.Enum.Values) + ")"}
	for _, u := range s.EnumUsages {
		if u.Column.Default != nil {
			stmts = append(stmts, "ALTER TABLE "+qualified(u.Namespace, u.Table)+" ALTER COLUMN "+quote(u.Column.Name)+" DROP DEFAULT")
		}
	}
	for _, u := range s.EnumUsages {
		typ := tmp
		cast := "::text::" + tmp
		if u.Column.List {
			typ += "[]"
			cast = "::text::" + tmp + "[]"
		}
		stmts = append(stmts, "ALTER TABLE "+qualified(u.Namespace, u.Table)+" ALTER COLUMN "+quote(u.Column.Name)+" TYPE "+typ+
			" USING ("+quote(u.Column.Name)+cast+")")
	}
	stmts = append(stmts,
		"ALTER TYPE "+name+" RENAME TO "+quote(s.Enum.Name+"_old"),
		"ALTER TYPE "+tmp+" RENAME TO "+quote(s.Enum.Name),
		"DROP TYPE "+old)
	for _, u := range s.EnumUsages {
		if u.Column.Default != nil {
			stmts = append(stmts, "ALTER TABLE "+qualified(u.Namespace, u.Table)+" ALTER COLUMN "+quote(u.Column.Name)+" SET DEFAULT "+u.Column.Default.SQL)
		}
	}
	return strings.Join(append(stmts, "COMMIT"), ";\n")
}

func createTable(t *sqlschema.Table) string {
	lines := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		lines = append(lines, "    "+column(c))
	}
	s := "CREATE TABLE " + qualified(t.Namespace, t.Name) + " (\n" + strings.Join(lines, ",\n")
	if t.PK != nil {
		// Prisma separates the primary key columns with a bare comma here.
		s += ",\n\n    CONSTRAINT " + quote(t.PK.Name) + " PRIMARY KEY (" + quoteList(t.PK.Columns, ",") + ")"
	}
	return s + "\n)"
}

// columnType is the column's type with SERIAL for autoincrement and the
// list suffix.
func columnType(c *sqlschema.Column) string {
	typ := c.Type
	if c.AutoIncrement && !c.List {
		switch typ {
		case "INTEGER":
			typ = "SERIAL"
		case "BIGINT":
			typ = "BIGSERIAL"
		case "SMALLINT":
			typ = "SMALLSERIAL"
		}
	}
	if c.List {
		typ += "[]"
	}
	return typ
}

func column(c *sqlschema.Column) string {
	s := quote(c.Name) + " " + columnType(c)
	if !c.Nullable {
		s += " NOT NULL"
	}
	if c.Default != nil {
		s += " DEFAULT " + c.Default.SQL
	}
	return s
}

// createIndex: table is the qualified, quoted table name.
func createIndex(table string, x *sqlschema.Index) string {
	cols := make([]string, len(x.Columns))
	for i, c := range x.Columns {
		cols[i] = quote(c.Name)
		if c.OpClass != "" {
			cols[i] += " " + OpClass(c.OpClass)
		}
		if c.Desc {
			cols[i] += " DESC"
		}
	}
	kw := "CREATE INDEX "
	if x.Unique {
		kw = "CREATE UNIQUE INDEX "
	}
	on := table // already qualified
	switch strings.ToLower(x.Using) {
	case "", "btree":
		on += "("
	default:
		on += " USING " + strings.ToUpper(x.Using) + " ("
	}
	return kw + quote(x.Name) + " ON " + on + strings.Join(cols, ", ") + ")"
}

// OpClass turns Prisma's operator class name (JsonbPathOps) into
// PostgreSQL's (jsonb_path_ops); raw("x") passes x through; a name already
// in PostgreSQL's spelling stays as it is.
func OpClass(ops string) string {
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

// qualified is a table's, type's or index's name in SQL: after its
// schema when it lives in one of a multi-schema database's namespaces
// ("auth"."User"), bare in the connection's own schema, as Prisma writes.
func qualified(namespace, name string) string {
	if namespace == "" {
		return quote(name)
	}
	return quote(namespace) + "." + quote(name)
}

func literalList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = sqlschema.StringLiteral(v)
	}
	return strings.Join(q, ", ")
}

func quoteList(cols []string, sep string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(c)
	}
	return strings.Join(q, sep)
}
