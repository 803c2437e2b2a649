package migrate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Summary describes steps for people, in the layout of Prisma's `migrate
// diff` without --script: added and removed enums and tables, redefined
// tables, then the changes per table ordered by name. No step is "No
// difference detected.".
func Summary(steps []sqlschema.Step, namespace string) string {
	var schemas, addedEnums, removedEnums, addedTables, removedTables, redefined []string
	changedEnums := map[string][]string{}
	changed := map[string][]string{}
	cols := func(c []string) string { return "(" + strings.Join(c, ", ") + ")" }
	for _, s := range steps {
		switch s.Kind {
		case sqlschema.CreateSchema:
			if s.Namespace != "" {
				schemas = append(schemas, s.Namespace)
			} else {
				schemas = append(schemas, namespace)
			}
		case sqlschema.CreateEnum:
			addedEnums = append(addedEnums, s.Enum.Name)
		case sqlschema.DropEnum:
			removedEnums = append(removedEnums, s.Enum.Name)
		case sqlschema.AlterEnum:
			for _, v := range s.AddedValues {
				changedEnums[s.Enum.Name] = append(changedEnums[s.Enum.Name], "  [+] Added variant `"+v+"`")
			}
			for _, v := range s.RemovedValues {
				changedEnums[s.Enum.Name] = append(changedEnums[s.Enum.Name], "  [-] Removed variant `"+v+"`")
			}
		case sqlschema.CreateTable:
			addedTables = append(addedTables, s.Table)
		case sqlschema.DropTable:
			removedTables = append(removedTables, s.Table)
		case sqlschema.RedefineTables:
			for _, r := range s.Redefine {
				redefined = append(redefined, r.To.Name)
			}
		case sqlschema.CreateIndex:
			kind := "index"
			if s.Index.Unique {
				kind = "unique index"
			}
			changed[s.Table] = append(changed[s.Table], "  [+] Added "+kind+" on columns "+cols(s.Index.ColumnNames()))
		case sqlschema.DropIndex:
			kind := "index"
			if s.Index.Unique {
				kind = "unique index"
			}
			changed[s.Table] = append(changed[s.Table], "  [-] Removed "+kind+" on columns "+cols(s.Index.ColumnNames()))
		case sqlschema.RenameIndex:
			changed[s.Table] = append(changed[s.Table], "  [*] Renamed index `"+s.PrevName+"` to `"+s.Index.Name+"`")
		case sqlschema.RedefineIndex:
			changed[s.Table] = append(changed[s.Table], "  [*] Redefined index `"+s.PrevName+"`")
		case sqlschema.RenameForeignKey:
			changed[s.Table] = append(changed[s.Table], "  [*] Renamed the foreign key \""+s.PrevName+"\" to \""+s.FK.Name+"\"")
		case sqlschema.AddForeignKey:
			changed[s.Table] = append(changed[s.Table], "  [+] Added foreign key on columns "+cols(s.FK.Columns))
		case sqlschema.DropForeignKey:
			changed[s.Table] = append(changed[s.Table], "  [-] Removed foreign key on columns "+cols(s.FK.Columns))
		case sqlschema.AlterTable:
			for _, c := range s.Changes {
				changed[s.Table] = append(changed[s.Table], changeLine(c))
			}
		}
	}
	var b strings.Builder
	section := func(title string, names []string) {
		if len(names) == 0 {
			return
		}
		b.WriteString("\n" + title + "\n")
		for _, n := range names {
			b.WriteString("  - " + n + "\n")
		}
	}
	section("[+] Added Schemas", schemas)
	section("[+] Added enums", addedEnums)
	section("[+] Added tables", addedTables)
	section("[-] Removed enums", removedEnums)
	section("[-] Removed tables", removedTables)
	for _, n := range sortedNames(changedEnums) {
		b.WriteString("\n[*] Changed the `" + n + "` enum\n" + strings.Join(changedEnums[n], "\n") + "\n")
	}
	sort.Strings(redefined)
	for _, n := range redefined {
		b.WriteString("\n[*] Redefined table `" + n + "`\n")
	}
	for _, n := range sortedNames(changed) {
		b.WriteString("\n[*] Changed the `" + n + "` table\n" + strings.Join(changed[n], "\n") + "\n")
	}
	if b.Len() == 0 {
		return "No difference detected.\n"
	}
	return b.String()
}

func changeLine(c sqlschema.Change) string {
	switch c.Kind {
	case sqlschema.DropColumn:
		return "  [-] Removed column `" + c.From.Name + "`"
	case sqlschema.AddColumn:
		return "  [+] Added column `" + c.To.Name + "`"
	case sqlschema.DropPrimaryKey:
		return "  [-] Dropped the primary key on columns (" + strings.Join(c.PK.Columns, ", ") + ")"
	case sqlschema.AddPrimaryKey:
		// Prisma's summary prints a stray ")" line after this one; kept,
		// so that the summaries read the same.
		return "  [+] Added primary key on columns (" + strings.Join(c.PK.Columns, ", ") + ")\n)"
	case sqlschema.RenamePrimaryKey:
		return "  [*] Renamed the primary key on columns (" + strings.Join(c.PK.Columns, ", ") + ")"
	}
	var what []string
	if c.NullChanged || c.From.List != c.To.List {
		what = append(what, "changed from "+arity(c.From)+" to "+arity(c.To))
	}
	if c.DefaultChanged || c.Kind == sqlschema.DropAndAddColumn && !sameDefault(c.To, c.From.Default, c.To.Default) {
		what = append(what, "default changed from `"+defaultText(c.From, c.From.Default)+"` to `"+defaultText(c.To, c.To.Default)+"`")
	}
	if c.TypeChanged || c.Kind == sqlschema.DropAndAddColumn {
		what = append(what, "type changed")
	}
	if c.AutoIncrementChanged {
		if c.To.AutoIncrement {
			what = append(what, "column became autoincrementing")
		} else {
			what = append(what, "column is no longer autoincrementing")
		}
	}
	if c.Kind == sqlschema.DropAndAddColumn {
		return "  [*] Column `" + c.To.Name + "` would be dropped and recreated (" + strings.Join(what, ", ") + ")"
	}
	return "  [*] Altered column `" + c.To.Name + "` (" + strings.Join(what, ", ") + ")"
}

// defaultText spells a default the way Prisma's summary prints its
// value (Rust's debug form: Some(Value(Int(1))), Some(Now), None).
// arity is Prisma's name for a column's arity.
func arity(c *sqlschema.Column) string {
	switch {
	case c.List:
		return "List"
	case c.Nullable:
		return "Nullable"
	}
	return "Required"
}

func defaultText(c *sqlschema.Column, d *sqlschema.Default) string {
	if d == nil {
		return "None"
	}
	switch d.Kind {
	case sqlschema.DefaultNow:
		return "Some(Now)"
	case sqlschema.DefaultExpr:
		return fmt.Sprintf("Some(DbGenerated(Some(%q)))", d.SQL)
	}
	if c.List {
		return "Some(Value(List([" + strings.TrimSuffix(strings.TrimPrefix(listItems(d.SQL, c.Family), "["), "]") + "])))"
	}
	return "Some(Value(" + scalarText(d.SQL, c.Family) + "))"
}

// scalarText is one literal in Rust's debug form: Int(1), String("x").
func scalarText(sql string, f sqlschema.Family) string {
	unquoted := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(sql, "'"), "'"), "''", "'")
	switch f {
	case sqlschema.Int, sqlschema.BigInt:
		return "Int(" + sql + ")"
	case sqlschema.Boolean:
		return "Boolean(" + strings.ToLower(sql) + ")"
	case sqlschema.EnumFamily:
		return fmt.Sprintf("Enum(%q)", unquoted)
	case sqlschema.JSON:
		return fmt.Sprintf("Json(%q)", unquoted)
	case sqlschema.Float, sqlschema.Decimal:
		return "Float(" + sql + ")"
	}
	return fmt.Sprintf("String(%q)", unquoted)
}

// listItems turns ARRAY['a', 'b']::TEXT[] into [String("a"), String("b")].
func listItems(sql string, f sqlschema.Family) string {
	body := strings.TrimPrefix(sql, "ARRAY[")
	if i := strings.LastIndex(body, "]::"); i >= 0 {
		body = body[:i]
	}
	var items []string
	for _, it := range strings.Split(body, ", ") {
		if it != "" {
			items = append(items, scalarText(it, f))
		}
	}
	return "[" + strings.Join(items, ", ") + "]"
}

func sortedNames(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
