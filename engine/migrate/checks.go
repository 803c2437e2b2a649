package migrate

import (
	"context"
	"fmt"
	"strconv"
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
	namespace     string   // the table's (multi-schema databases)
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
	addRequired        // unexecutable on a table with rows
	addRequiredVirtual // the same, for a column whose default the client fills (uuid(), cuid()...)
	makeRequired
	addUnique
	castRisky
	dropAndAdd
	recreateRequired // unexecutable: a required column without default, dropped and added again
	removeValues
	pkChange
)

// unexecutable reports whether the step cannot run on the rows measured.
func (r risk) unexecutable() bool {
	switch r.kind {
	case addRequired, addRequiredVirtual, makeRequired, recreateRequired:
		return r.count > 0
	}
	return false
}

// applies reports whether a measured risk still matters. Prisma warns about
// an added unique constraint and removed enum values whatever the data.
func (r risk) applies() bool { return r.count > 0 || r.kind == removeValues || r.kind == addUnique }

// live is the message with the counts.
func (r risk) live() string {
	switch r.kind {
	case dropColumn:
		return fmt.Sprintf("You are about to drop the column `%s` on the `%s` table, which still contains %d non-null values.", r.column, r.table, r.count)
	case dropTable:
		return fmt.Sprintf("You are about to drop the `%s` table, which is not empty (%d rows).", r.table, r.count)
	case addRequired:
		return fmt.Sprintf("Added the required column `%s` to the `%s` table without a default value. There are %d rows in this table, it is not possible to execute this step.", r.column, r.table, r.count)
	case addRequiredVirtual:
		return fmt.Sprintf("The required column `%s` was added to the `%s` table with a prisma-level default value. There are %d rows in this table, it is not possible to execute this step. Please add this column as optional, then populate it before making it required.", r.column, r.table, r.count)
	case makeRequired:
		return fmt.Sprintf("Made the column `%s` on table `%s` required, but there are %d existing NULL values.", r.column, r.table, r.count)
	case castRisky:
		return fmt.Sprintf("You are about to alter the column `%s` on the `%s` table, which contains %d non-null values. The data in that column will be cast from `%s` to `%s`.", r.column, r.table, r.count, r.from, r.to)
	case dropAndAdd:
		return fmt.Sprintf("The `%s` column on the `%s` table would be dropped and recreated. This will lead to data loss.", r.column, r.table)
	case recreateRequired:
		return fmt.Sprintf("Changed the type of `%s` on the `%s` table. No cast exists, the column would be dropped and recreated, which cannot be done since the column is required and there is data in the table.", r.column, r.table)
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
	case addRequiredVirtual:
		return fmt.Sprintf("The required column `%s` was added to the `%s` table with a prisma-level default value. This is not possible if the table is not empty. Please add this column as optional, then populate it before making it required.", r.column, r.table)
	case makeRequired:
		return fmt.Sprintf("Made the column `%s` on table `%s` required. This step will fail if there are existing NULL values in that column.", r.column, r.table)
	case addUnique:
		return fmt.Sprintf("A unique constraint covering the columns `[%s]` on the table `%s` will be added. If there are existing duplicate values, this will fail.", strings.Join(r.columns, ","), r.table)
	case castRisky:
		return fmt.Sprintf("You are about to alter the column `%s` on the `%s` table. The data in that column could be lost. The data in that column will be cast from `%s` to `%s`.", r.column, r.table, r.from, r.to)
	case dropAndAdd:
		return fmt.Sprintf("The `%s` column on the `%s` table would be dropped and recreated. This will lead to data loss if there is data in the column.", r.column, r.table)
	case recreateRequired:
		return fmt.Sprintf("Changed the type of `%s` on the `%s` table. No cast exists, the column would be dropped and recreated, which cannot be done if there is data, since the column is required.", r.column, r.table)
	case removeValues:
		return fmt.Sprintf("The values [%s] on the enum `%s` will be removed. If these variants are still used in the database, this will fail.", strings.Join(r.values, ","), r.enum)
	case pkChange:
		return fmt.Sprintf("The primary key for the `%s` table will be changed. If it partially fails, the table could be left without primary key constraint.", r.table)
	}
	return ""
}

// risks lists what the steps may lose, in step order, as Prisma's
// destructive change checker does for provider.
func risks(steps []sqlschema.Step, provider string) []risk {
	var out []risk
	for _, s := range steps {
		switch s.Kind {
		case sqlschema.DropTable:
			out = append(out, risk{kind: dropTable, table: s.Table, namespace: s.Namespace})
		case sqlschema.AlterEnum:
			if len(s.RemovedValues) > 0 {
				out = append(out, risk{kind: removeValues, enum: s.Enum.Name, values: s.RemovedValues})
			}
		case sqlschema.AlterTable:
			rs := changeRisks(s.Table, s.Changes, castRulesFor(provider))
			for i := range rs {
				rs[i].namespace = s.Namespace
			}
			out = append(out, rs...)
		case sqlschema.RedefineTables:
			// SQLite: the indexes of a redefined table are created inside the
			// redefinition, so a new unique index there is not checked (Prisma
			// checks only CreateIndex steps).
			for _, r := range s.Redefine {
				if pkDropped(r.From, r.To) {
					out = append(out, risk{kind: pkChange, table: r.To.Name})
				}
				out = append(out, changeRisks(r.To.Name, columnChanges(r.From, r.To), familyCasts{})...)
			}
		case sqlschema.CreateIndex:
			if s.Index.Unique && !s.NewTable {
				out = append(out, risk{kind: addUnique, table: s.Table, namespace: s.Namespace, columns: s.Index.ColumnNames()})
			}
		}
	}
	return out
}

// pkDropped: a redefined table loses its primary key, or gets one on other
// columns or on a column whose type changes (the rule the differ uses for
// DropPrimaryKey).
func pkDropped(prev, next *sqlschema.Table) bool {
	if prev.PK == nil {
		return false
	}
	if next.PK == nil || !equalStrings(prev.PK.Columns, next.PK.Columns) {
		return true
	}
	for _, n := range next.PK.Columns {
		if pc, c := prev.Column(n), next.Column(n); pc != nil && c != nil && typeChanged(pc, c) {
			return true
		}
	}
	return false
}

// columnChanges lists the column changes between two versions of a table,
// for a redefined table's risks, in Prisma's order: added columns, dropped
// columns, then changed ones, each by name.
func columnChanges(prev, next *sqlschema.Table) []sqlschema.Change {
	var out []sqlschema.Change
	for _, c := range sortedColumns(next) {
		if prev.Column(c.Name) == nil {
			out = append(out, sqlschema.Change{Kind: sqlschema.AddColumn, To: c})
		}
	}
	for _, c := range sortedColumns(prev) {
		if next.Column(c.Name) == nil {
			out = append(out, sqlschema.Change{Kind: sqlschema.DropColumn, From: c})
		}
	}
	for _, c := range sortedColumns(next) {
		pc := prev.Column(c.Name)
		switch {
		case pc == nil:
		case typeChanged(pc, c) || pc.Nullable != c.Nullable:
			out = append(out, sqlschema.Change{Kind: sqlschema.AlterColumn, From: pc, To: c,
				TypeChanged: typeChanged(pc, c), NullChanged: pc.Nullable != c.Nullable})
		}
	}
	return out
}

func changeRisks(table string, changes []sqlschema.Change, rules castRules) []risk {
	var out []risk
	_, redefined := rules.(familyCasts)
	for _, c := range changes {
		switch c.Kind {
		case sqlschema.DropPrimaryKey:
			out = append(out, risk{kind: pkChange, table: table})
		case sqlschema.DropColumn:
			out = append(out, risk{kind: dropColumn, table: table, column: c.From.Name})
		case sqlschema.AddColumn:
			if !c.To.Nullable && c.To.Default == nil && !c.To.AutoIncrement {
				kind := addRequired
				if c.To.PrismaDefault {
					kind = addRequiredVirtual
				}
				out = append(out, risk{kind: kind, table: table, column: c.To.Name})
			}
		case sqlschema.DropAndAddColumn:
			// Prisma's check of a column without a cast: a required column
			// without default cannot be recreated on a table with rows.
			required := func(col *sqlschema.Column) bool { return !col.Nullable && !col.List }
			switch {
			case c.From.Nullable && !c.From.List && required(c.To) && c.To.Default == nil:
				out = append(out, risk{kind: addRequired, table: table, column: c.From.Name})
			case required(c.To) && c.To.Default == nil:
				out = append(out, risk{kind: recreateRequired, table: table, column: c.From.Name})
			default:
				out = append(out, risk{kind: dropAndAdd, table: table, column: c.From.Name})
			}
		case sqlschema.AlterColumn:
			// SQLite checks a column made required only when it has no default.
			if c.NullChanged && !c.To.Nullable && (!redefined || c.To.Default == nil) {
				out = append(out, risk{kind: makeRequired, table: table, column: c.To.Name})
			}
			if c.TypeChanged && rules.risky(c.From, c.To) {
				out = append(out, risk{kind: castRisky, table: table, column: c.To.Name, from: rules.title(c.From), to: rules.title(c.To)})
			}
		}
	}
	return out
}

// castRules decide which type changes may lose values, and how a type is
// named in the warning; Prisma's rules differ per provider.
type castRules interface {
	risky(from, to *sqlschema.Column) bool
	title(c *sqlschema.Column) string
}

func castRulesFor(provider string) castRules {
	switch provider {
	case "postgresql":
		return pgCasts{}
	case "sqlite":
		return familyCasts{}
	}
	return nativeCasts{}
}

// familyCasts are SQLite's (tables are redefined): a change of family is
// risky unless it is to a string; types are named by family (Int, String).
type familyCasts struct{}

func (familyCasts) risky(a, b *sqlschema.Column) bool {
	return a.Family != b.Family && b.Family != sqlschema.String
}

func (familyCasts) title(c *sqlschema.Column) string {
	switch c.Family {
	case sqlschema.Bytes:
		return "Binary" // Prisma's checker says Binary, not Bytes
	case sqlschema.EnumFamily:
		return "Enum"
	}
	if s := c.Family.Scalar(); s != "" {
		return s
	}
	return fmt.Sprintf("Unsupported(%q)", c.Type)
}

// nativeCasts: the rules without an oracle (MySQL): widening numeric casts
// and casts to text are safe.
type nativeCasts struct{}

func (nativeCasts) risky(a, b *sqlschema.Column) bool { return !safeCast(a, b) }
func (nativeCasts) title(c *sqlschema.Column) string  { return typeTitle(c) }

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
		table := fl.Quote(r.table)
		if r.namespace != "" {
			table = fl.Quote(r.namespace) + "." + table
		}
		rows, err := q.Query(ctx, "SELECT COUNT(*) FROM "+table+where, nil, []driver.Type{driver.TypeInt})
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
	rs := risks(steps, fl.Provider())
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
// for provider ("" when the steps risk nothing).
func StaticWarnings(steps []sqlschema.Step, provider string) string {
	rs := risks(steps, provider)
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

// pgCasts are Prisma's PostgreSQL rules (its table of native type changes,
// safe or risky; changes without a cast are dropped and added by the
// differ). Types are named as Prisma names native types (VarChar(10)).
type pgCasts struct{}

func (pgCasts) title(c *sqlschema.Column) string { return typeTitle(c) }

// pgType splits a PostgreSQL type into its name and arguments:
// VARCHAR(10) → VARCHAR [10]; DECIMAL(10,2) → DECIMAL [10 2].
func pgType(t string) (string, []int) {
	name, args, _ := strings.Cut(t, "(")
	var out []int
	for _, a := range strings.Split(strings.TrimSuffix(args, ")"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil {
			out = append(out, n)
		}
	}
	return strings.ToUpper(strings.TrimSpace(name)), out
}

func (pgCasts) risky(a, b *sqlschema.Column) bool {
	pn, pa := pgType(a.Type)
	nn, na := pgType(b.Type)
	nlen, hasLen := 0, len(na) == 1
	if hasLen {
		nlen = na[0]
	}
	toChar := nn == "CHAR"
	// toString: a cast to TEXT/VARCHAR/CHAR that is safe when the string
	// type is unbounded or holds at least min characters.
	toString := func(min int) bool {
		switch nn {
		case "TEXT":
			return false
		case "VARCHAR", "CHAR":
			if hasLen {
				return nlen < min
			}
			return toChar
		}
		return true
	}
	if a.List && !b.List {
		return !(nn == "TEXT" || nn == "VARCHAR" && !hasLen)
	}
	if pn == nn && fmt.Sprint(pa) == fmt.Sprint(na) {
		return false
	}
	ints := map[string][2]int{"SMALLINT": {3, 4}, "INTEGER": {10, 11}, "BIGINT": {19, 20}} // digits, characters
	switch pn {
	case "SMALLINT", "INTEGER", "BIGINT":
		switch nn {
		case "SMALLINT", "INTEGER", "BIGINT":
			return ints[nn][0] < ints[pn][0]
		case "DECIMAL", "NUMERIC":
			return len(na) == 2 && na[0]-na[1] < ints[pn][0]
		case "REAL", "DOUBLE PRECISION":
			return false
		}
		return toString(ints[pn][1])
	case "DECIMAL", "NUMERIC":
		switch nn {
		case "SMALLINT", "INTEGER", "BIGINT":
			return len(pa) != 2 || pa[1] > 0 || pa[0] > ints[nn][0]-1
		case "DECIMAL", "NUMERIC":
			switch {
			case len(pa) == 2 && len(na) != 2:
				return false
			case len(pa) != 2:
				return true
			}
			return pa[0]-pa[1] > na[0]-na[1] || pa[1] > na[1]
		case "TEXT":
			return false
		case "VARCHAR", "CHAR":
			switch {
			case hasLen && len(pa) == 2 && pa[1] == 0:
				return pa[0]+1 > nlen
			case hasLen && len(pa) == 2:
				return pa[0]+2 > nlen
			case hasLen:
				return nlen < 131073
			}
			return toChar
		}
		return true
	case "REAL", "DOUBLE PRECISION":
		switch nn {
		case "DOUBLE PRECISION":
			return false
		case "TEXT", "VARCHAR", "CHAR":
			if pn == "REAL" {
				return toString(47)
			}
			return toString(317)
		}
		return true
	case "VARCHAR", "CHAR":
		switch nn {
		case "TEXT":
			return false
		case "VARCHAR", "CHAR":
			olen, had := 0, len(pa) == 1
			if had {
				olen = pa[0]
			}
			switch {
			case !had && pn == "VARCHAR":
				return hasLen || toChar
			case !had:
				return false
			case !hasLen:
				return olen != 1 && toChar
			}
			return olen > nlen
		}
		return true
	case "TEXT", "CITEXT", "XML":
		return !(nn == "TEXT" || nn == "CITEXT" || nn == "VARCHAR" && (!hasLen || pn == "CITEXT"))
	case "JSON", "JSONB":
		return !(nn == "TEXT" || nn == "JSON" || nn == "JSONB" || nn == "VARCHAR" && !hasLen)
	case "BYTEA":
		return !(nn == "TEXT" || nn == "VARCHAR" && !hasLen)
	case "TIMESTAMP", "TIMESTAMPTZ", "DATE", "TIME", "TIMETZ":
		min := map[string]int{"TIMESTAMP": 23, "TIMESTAMPTZ": 28, "DATE": 28, "TIME": 14, "TIMETZ": 19}[pn]
		switch nn {
		case "TEXT", "VARCHAR", "CHAR":
			return !(nn == "TEXT" || nn == "VARCHAR" && !hasLen || hasLen && nlen >= min)
		case "TIMESTAMP", "TIMESTAMPTZ":
			return pn == "TIME" || pn == "TIMETZ"
		case "DATE":
			return pn == "DATE" || pn == "TIME" || pn == "TIMETZ"
		case "TIME", "TIMETZ":
			return pn == "DATE" || pn == "TIME" && nn == "TIME"
		}
		return true
	case "BOOLEAN":
		return !(nn == "TEXT" || nn == "VARCHAR" || nn == "CHAR" && nlen > 4)
	case "UUID":
		return !(nn == "TEXT" || nn == "VARCHAR" && !hasLen || (nn == "VARCHAR" || nn == "CHAR") && nlen > 31)
	case "INET", "MONEY":
		return !(nn == "TEXT" || nn == "CITEXT" || nn == "VARCHAR")
	}
	return !safeCast(a, b)
}
