package migrate

import (
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Summary describes steps for people, in the layout of Prisma's `migrate
// diff` without --script: added and removed enums and tables, redefined
// tables, then the changes per table ordered by name. No step is "No
// difference detected.".
func Summary(steps []sqlschema.Step) string {
	var addedEnums, removedEnums, addedTables, removedTables, redefined []string
	changedEnums := map[string][]string{}
	changed := map[string][]string{}
	cols := func(c []string) string { return "(" + strings.Join(c, ", ") + ")" }
	for _, s := range steps {
		switch s.Kind {
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
		return "No difference detected."
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
		return "  [-] Removed primary key on columns (" + strings.Join(c.PK.Columns, ", ") + ")"
	case sqlschema.AddPrimaryKey:
		return "  [+] Added primary key on columns (" + strings.Join(c.PK.Columns, ", ") + ")"
	}
	var what []string
	if c.Kind == sqlschema.DropAndAddColumn || c.TypeChanged {
		what = append(what, "type changed")
	}
	if c.NullChanged {
		if c.To.Nullable {
			what = append(what, "changed from Required to Optional")
		} else {
			what = append(what, "changed from Optional to Required")
		}
	}
	if c.DefaultChanged {
		what = append(what, "default changed from `"+defaultText(c.From.Default)+"` to `"+defaultText(c.To.Default)+"`")
	}
	return "  [*] Altered column `" + c.To.Name + "` (" + strings.Join(what, ", ") + ")"
}

func defaultText(d *sqlschema.Default) string {
	if d == nil {
		return "None"
	}
	return d.SQL
}

func sortedNames(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
