package migrate

import (
	"context"
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// A risk is a step that may lose data or fail on the rows a table holds,
// as Prisma's destructive change checker sees it. Its message comes in two
// forms: against a live database, with the counts (db push, migrate dev's
// prompt), and without one (the warnings block atop a migration file).
type risk struct {
	kind          riskKind
	table, column string
	columns       []string // addUnique
	from, to      string   // castRisky: the types
	enum          string   // removeValues
	values        []string // removeValues
	count         int64    // filled by measure
}

type riskKind int

const (
	dropColumn riskKind = iota
	dropTable
	addRequired // unexecutable on a table with rows
	makeRequired
	addUnique
	castRisky
	dropAndAdd
	removeValues
)

// unexecutable reports whether the step cannot run on the rows measured.
func (r risk) unexecutable() bool {
	return (r.kind == addRequired || r.kind == makeRequired) && r.count > 0
}

// applies reports whether a measured risk still matters.
func (r risk) applies() bool { return r.count > 0 || r.kind == removeValues }

// live is the message with the counts.
func (r risk) live() string {
	switch r.kind {
	case dropColumn:
		return fmt.Sprintf("You are about to drop the column `%s` on the `%s` table, which still contains %d non-null values.", r.column, r.table, r.count)
	case dropTable:
		return fmt.Sprintf("You are about to drop the `%s` table, which is not empty (%d rows).", r.table, r.count)
	case addRequired:
		return fmt.Sprintf("Added the required column `%s` to the `%s` table without a default value. There are %d rows in this table, it is not possible to execute this step.", r.column, r.table, r.count)
	case makeRequired:
		return fmt.Sprintf("Made the column `%s` on table `%s` required, but there are %d existing NULL values.", r.column, r.table, r.count)
	case castRisky:
		return fmt.Sprintf("You are about to alter the column `%s` on the `%s` table, which contains %d non-null values. The data in that column will be cast from `%s` to `%s`.", r.column, r.table, r.count, r.from, r.to)
	}
	return r.static()
}

// static is the message of a migration file's warnings block.
func (r risk) static() string {
	switch r.kind {
	case dropColumn:
		return fmt.Sprintf("You are about to drop the column `%s` on the `%s` table. All the data in the column will be lost.", r.column, r.table)
	case dropTable:
		return fmt.Sprintf("You are about to drop the `%s` table. If the table is not empty, all the data it contains will be lost.", r.table)
	case addRequired:
		return fmt.Sprintf("Added the required column `%s` to the `%s` table without a default value. This is not possible if the table is not empty.", r.column, r.table)
	case makeRequired:
		return fmt.Sprintf("Made the column `%s` on table `%s` required. This step will fail if there are existing NULL values in that column.", r.column, r.table)
	case addUnique:
		return fmt.Sprintf("A unique constraint covering the columns `[%s]` on the table `%s` will be added. If there are existing duplicate values, this will fail.", strings.Join(r.columns, ","), r.table)
	case castRisky:
		return fmt.Sprintf("You are about to alter the column `%s` on the `%s` table. The data in that column could be lost. The data in that column will be cast from `%s` to `%s`.", r.column, r.table, r.from, r.to)
	case dropAndAdd:
		return fmt.Sprintf("The `%s` column on the `%s` table would be dropped and recreated. This will lead to data loss.", r.column, r.table)
	case removeValues:
		return fmt.Sprintf("The values [%s] on the enum `%s` will be removed. If these variants are still used in the database, this will fail.", strings.Join(r.values, ","), r.enum)
	}
	return ""
}

// risks lists what the steps may lose, in step order.
func risks(steps []sqlschema.Step) []risk {
	var out []risk
	for _, s := range steps {
		switch s.Kind {
		case sqlschema.DropTable:
			out = append(out, risk{kind: dropTable, table: s.Table})
		case sqlschema.AlterEnum:
			if len(s.RemovedValues) > 0 {
				out = append(out, risk{kind: removeValues, enum: s.Enum.Name, values: s.RemovedValues})
			}
		case sqlschema.AlterTable:
			out = append(out, changeRisks(s.Table, s.Changes)...)
		case sqlschema.RedefineTables:
			for _, r := range s.Redefine {
				out = append(out, changeRisks(r.To.Name, columnChanges(r.From, r.To))...)
				for _, x := range r.To.Indexes {
					if x.Unique && findIndex(r.From, x) == nil {
						out = append(out, risk{kind: addUnique, table: r.To.Name, columns: x.ColumnNames()})
					}
				}
			}
		case sqlschema.CreateIndex:
			if s.Index.Unique && !s.NewTable {
				out = append(out, risk{kind: addUnique, table: s.Table, columns: s.Index.ColumnNames()})
			}
		}
	}
	return out
}

// columnChanges lists the column changes between two versions of a table,
// for a redefined table's risks.
func columnChanges(prev, next *sqlschema.Table) []sqlschema.Change {
	var out []sqlschema.Change
	for _, c := range sortedColumns(prev) {
		if next.Column(c.Name) == nil {
			out = append(out, sqlschema.Change{Kind: sqlschema.DropColumn, From: c})
		}
	}
	for _, c := range sortedColumns(next) {
		pc := prev.Column(c.Name)
		switch {
		case pc == nil:
			out = append(out, sqlschema.Change{Kind: sqlschema.AddColumn, To: c})
		case typeChanged(pc, c) || pc.Nullable != c.Nullable:
			out = append(out, sqlschema.Change{Kind: sqlschema.AlterColumn, From: pc, To: c,
				TypeChanged: typeChanged(pc, c), NullChanged: pc.Nullable != c.Nullable})
		}
	}
	return out
}

func changeRisks(table string, changes []sqlschema.Change) []risk {
	var out []risk
	for _, c := range changes {
		switch c.Kind {
		case sqlschema.DropColumn:
			out = append(out, risk{kind: dropColumn, table: table, column: c.From.Name})
		case sqlschema.AddColumn:
			if !c.To.Nullable && c.To.Default == nil && !c.To.AutoIncrement {
				out = append(out, risk{kind: addRequired, table: table, column: c.To.Name})
			}
		case sqlschema.DropAndAddColumn:
			out = append(out, risk{kind: dropAndAdd, table: table, column: c.From.Name})
		case sqlschema.AlterColumn:
			if c.TypeChanged && !safeCast(c.From, c.To) {
				out = append(out, risk{kind: castRisky, table: table, column: c.To.Name, from: typeTitle(c.From), to: typeTitle(c.To)})
			}
			if c.NullChanged && !c.To.Nullable {
				out = append(out, risk{kind: makeRequired, table: table, column: c.To.Name})
			}
		}
	}
	return out
}

// safeCast: conversions that never lose a value.
func safeCast(a, b *sqlschema.Column) bool {
	if a.List != b.List {
		return false
	}
	if a.AutoIncrement != b.AutoIncrement && strings.EqualFold(a.Type, b.Type) {
		return true
	}
	switch {
	case b.Family == sqlschema.String && a.Family != sqlschema.String:
		return true
	case b.Family == sqlschema.String && strings.EqualFold(b.Type, "TEXT"):
		return true
	case a.Family == sqlschema.Int && (b.Family == sqlschema.BigInt || b.Family == sqlschema.Float || b.Family == sqlschema.Decimal):
		return true
	case a.Family == sqlschema.BigInt && b.Family == sqlschema.Decimal:
		return true
	}
	return false
}

// typeTitle names a column type in Prisma's warning style: TEXT → Text,
// DOUBLE PRECISION → DoublePrecision, VARCHAR(10) → VarChar(10).
func typeTitle(c *sqlschema.Column) string {
	name, args, _ := strings.Cut(c.Type, "(")
	known := map[string]string{"VARCHAR": "VarChar", "DOUBLE PRECISION": "DoublePrecision", "SMALLINT": "SmallInt",
		"BIGINT": "BigInt", "TIMESTAMPTZ": "Timestamptz", "TINYINT": "TinyInt", "MEDIUMINT": "MediumInt",
		"LONGBLOB": "LongBlob", "LONGTEXT": "LongText", "DATETIME": "DateTime", "JSONB": "JsonB", "VARBINARY": "VarBinary"}
	t, ok := known[name]
	if !ok {
		t = strings.ToUpper(name[:1]) + strings.ToLower(name[1:])
	}
	if args != "" {
		t += "(" + args
	}
	return t
}

// measure counts, in the live database, the rows each risk concerns.
func measure(ctx context.Context, q driver.Querier, fl flavour.Flavour, rs []risk) error {
	for i := range rs {
		r := &rs[i]
		var where string
		switch r.kind {
		case dropColumn, castRisky, dropAndAdd:
			where = " WHERE " + fl.Quote(r.column) + " IS NOT NULL"
		case makeRequired:
			where = " WHERE " + fl.Quote(r.column) + " IS NULL"
		case removeValues:
			continue
		}
		rows, err := q.Query(ctx, "SELECT COUNT(*) FROM "+fl.Quote(r.table)+where, nil, []driver.Type{driver.TypeInt})
		if err != nil {
			return fmt.Errorf("cannot count the rows of %s: %w", r.table, err)
		}
		if len(rows) == 1 {
			r.count, _ = rows[0][0].(int64)
		}
	}
	return nil
}

// Warnings are the data loss warnings and unexecutable steps of a change
// measured against a live database.
type Warnings struct {
	DataLoss     []string
	Unexecutable []string
}

// Empty reports whether nothing needs the user's attention.
func (w Warnings) Empty() bool { return len(w.DataLoss)+len(w.Unexecutable) == 0 }

func evaluate(ctx context.Context, q driver.Querier, fl flavour.Flavour, steps []sqlschema.Step) (Warnings, error) {
	rs := risks(steps)
	if err := measure(ctx, q, fl, rs); err != nil {
		return Warnings{}, err
	}
	var w Warnings
	for _, r := range rs {
		switch {
		case r.unexecutable():
			w.Unexecutable = append(w.Unexecutable, r.live())
		case r.applies() && r.kind != addRequired && r.kind != makeRequired:
			w.DataLoss = append(w.DataLoss, r.live())
		}
	}
	return w, nil
}

// StaticWarnings is the warnings block Prisma writes atop a migration file
// ("" when the steps risk nothing).
func StaticWarnings(steps []sqlschema.Step) string {
	rs := risks(steps)
	if len(rs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("/*\n  Warnings:\n\n")
	for _, r := range rs {
		b.WriteString("  - " + r.static() + "\n")
	}
	b.WriteString("\n*/\n")
	return b.String()
}
