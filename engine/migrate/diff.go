package migrate

import (
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Diff computes the steps that turn the schema from into the schema to in a
// database with the given capabilities, sorted as Prisma sorts them: by kind,
// then by the ids of what they touch (a table's id is its position in its
// schema; an index's or foreign key's id is its table's, then its position).
// Tables and columns are matched by name: a rename is a drop and an add, as
// with Prisma. A nil from is Prisma's "empty" source: where the database
// has namespaces, the script then starts by creating the schema.
func Diff(from, to *sqlschema.Schema, caps sqlschema.Caps) []sqlschema.Step {
	d := differ{from: from, to: to, caps: caps}
	if from == nil {
		d.from = &sqlschema.Schema{}
		if caps.Namespaces {
			d.add(sqlschema.Step{Kind: sqlschema.CreateSchema})
		}
	}
	if caps.EnumTypes {
		d.enums()
	}
	d.tables()
	return d.sorted()
}

type differ struct {
	from, to *sqlschema.Schema
	caps     sqlschema.Caps
	steps    []keyed
	redefine []keyedRedefine
}

type keyed struct {
	step sqlschema.Step
	key  []int
}

type keyedRedefine struct {
	r   sqlschema.Redefine
	key int
}

func (d *differ) add(s sqlschema.Step, key ...int) { d.steps = append(d.steps, keyed{s, key}) }

func (d *differ) sorted() []sqlschema.Step {
	if len(d.redefine) > 0 {
		sort.SliceStable(d.redefine, func(a, b int) bool { return d.redefine[a].key < d.redefine[b].key })
		s := sqlschema.Step{Kind: sqlschema.RedefineTables}
		for _, r := range d.redefine {
			s.Redefine = append(s.Redefine, r.r)
		}
		d.add(s)
	}
	sort.SliceStable(d.steps, func(a, b int) bool {
		x, y := d.steps[a], d.steps[b]
		if x.step.Kind != y.step.Kind {
			return x.step.Kind < y.step.Kind
		}
		for i := 0; i < len(x.key) && i < len(y.key); i++ {
			if x.key[i] != y.key[i] {
				return x.key[i] < y.key[i]
			}
		}
		return len(x.key) < len(y.key)
	})
	out := make([]sqlschema.Step, len(d.steps))
	for i, k := range d.steps {
		out[i] = k.step
	}
	return out
}

func (d *differ) enums() {
	for j, e := range d.to.Enums {
		prev := d.from.Enum(e.Name)
		if prev == nil {
			d.add(sqlschema.Step{Kind: sqlschema.CreateEnum, Enum: e}, j)
			continue
		}
		added, removed := missing(e.Values, prev.Values), missing(prev.Values, e.Values)
		if len(added)+len(removed) == 0 {
			continue
		}
		s := sqlschema.Step{Kind: sqlschema.AlterEnum, Enum: e, PrevEnum: prev, AddedValues: added, RemovedValues: removed}
		for _, t := range d.to.Tables {
			pt := d.from.Table(t.Name)
			if pt == nil {
				continue
			}
			for _, c := range t.Columns {
				if pc := pt.Column(c.Name); c.Enum == e.Name && pc != nil && pc.Enum == e.Name {
					s.EnumUsages = append(s.EnumUsages, sqlschema.EnumUsage{Table: t.Name, Column: c})
				}
			}
		}
		d.add(s, indexOfEnum(d.from, e.Name), j)
	}
	for i, e := range d.from.Enums {
		if d.to.Enum(e.Name) == nil {
			d.add(sqlschema.Step{Kind: sqlschema.DropEnum, Enum: e}, i)
		}
	}
}

// missing lists the values of a that b lacks, in a's order.
func missing(a, b []string) []string {
	have := map[string]bool{}
	for _, v := range b {
		have[v] = true
	}
	var out []string
	for _, v := range a {
		if !have[v] {
			out = append(out, v)
		}
	}
	return out
}

func indexOfEnum(s *sqlschema.Schema, name string) int {
	for i, e := range s.Enums {
		if e.Name == name {
			return i
		}
	}
	return -1
}

func (d *differ) tables() {
	fromID := map[string]int{}
	for i, t := range d.from.Tables {
		fromID[t.Name] = i
	}
	toID := map[string]int{}
	for j, t := range d.to.Tables {
		toID[t.Name] = j
	}
	// Columns whose type changes: foreign keys over them are re-created.
	retyped := map[[2]string]bool{}
	for _, t := range d.to.Tables {
		if i, ok := fromID[t.Name]; ok {
			for _, c := range t.Columns {
				if pc := d.from.Tables[i].Column(c.Name); pc != nil && typeChanged(pc, c) {
					retyped[[2]string{t.Name, c.Name}] = true
				}
			}
		}
	}
	for j, t := range d.to.Tables {
		i, ok := fromID[t.Name]
		if !ok {
			d.add(sqlschema.Step{Kind: sqlschema.CreateTable, Table: t.Name, Create: t}, j)
			for k, x := range t.Indexes {
				d.add(sqlschema.Step{Kind: sqlschema.CreateIndex, Table: t.Name, Index: x, NewTable: true}, -1, j, k)
			}
			if d.caps.AddForeignKeys {
				for f, fk := range t.FKs {
					d.add(sqlschema.Step{Kind: sqlschema.AddForeignKey, Table: t.Name, FK: fk}, j, f)
				}
			}
			continue
		}
		d.table(d.from.Tables[i], t, i, j, retyped)
	}
	for i, t := range d.from.Tables {
		if _, ok := toID[t.Name]; ok {
			continue
		}
		if d.caps.AddForeignKeys {
			for f, fk := range t.FKs {
				d.add(sqlschema.Step{Kind: sqlschema.DropForeignKey, Table: t.Name, FK: fk}, i, f)
			}
		}
		d.add(sqlschema.Step{Kind: sqlschema.DropTable, Table: t.Name}, i)
	}
}

// table diffs a table present on both sides.
func (d *differ) table(prev, next *sqlschema.Table, i, j int, retyped map[[2]string]bool) {
	var changes []sqlschema.Change
	pkChanged := !samePK(prev.PK, next.PK)
	if pkChanged && prev.PK != nil {
		changes = append(changes, sqlschema.Change{Kind: sqlschema.DropPrimaryKey, PK: prev.PK})
	}
	recreated := map[string]bool{} // columns dropped and added again
	for _, c := range sortedColumns(prev) {
		if next.Column(c.Name) == nil {
			changes = append(changes, sqlschema.Change{Kind: sqlschema.DropColumn, From: c})
		}
	}
	for _, c := range sortedColumns(next) {
		if prev.Column(c.Name) == nil {
			changes = append(changes, sqlschema.Change{Kind: sqlschema.AddColumn, To: c})
		}
	}
	for _, c := range sortedColumns(next) {
		pc := prev.Column(c.Name)
		if pc == nil {
			continue
		}
		ch := sqlschema.Change{Kind: sqlschema.AlterColumn, From: pc, To: c,
			TypeChanged:    typeChanged(pc, c) || pc.AutoIncrement != c.AutoIncrement,
			NullChanged:    pc.Nullable != c.Nullable,
			DefaultChanged: !sameDefault(pc.Default, c.Default),
		}
		if !ch.TypeChanged && !ch.NullChanged && !ch.DefaultChanged {
			continue
		}
		if typeChanged(pc, c) && !castable(pc, c) {
			ch = sqlschema.Change{Kind: sqlschema.DropAndAddColumn, From: pc, To: c}
			recreated[c.Name] = true
		}
		changes = append(changes, ch)
	}
	if pkChanged && next.PK != nil {
		changes = append(changes, sqlschema.Change{Kind: sqlschema.AddPrimaryKey, PK: next.PK})
	}

	fkKept := func(fk *sqlschema.ForeignKey, other *sqlschema.Table, table string) bool {
		o := findFK(other, fk)
		if o == nil {
			return false
		}
		for _, c := range fk.Columns {
			if retyped[[2]string{table, c}] {
				return false
			}
		}
		for _, c := range fk.RefColumns {
			if retyped[[2]string{fk.RefTable, c}] {
				return false
			}
		}
		return true
	}
	fksChanged := false
	for _, fk := range prev.FKs {
		fksChanged = fksChanged || !fkKept(fk, next, prev.Name)
	}
	for _, fk := range next.FKs {
		fksChanged = fksChanged || !fkKept(fk, prev, next.Name)
	}

	if !d.caps.AlterColumns && (fksChanged || needsRedefine(changes)) {
		copied := []string{}
		for _, c := range sortedColumns(next) {
			if prev.Column(c.Name) != nil {
				copied = append(copied, c.Name)
			}
		}
		d.redefine = append(d.redefine, keyedRedefine{sqlschema.Redefine{From: prev, To: next, Copied: copied}, i})
		return
	}
	if len(changes) > 0 {
		d.add(sqlschema.Step{Kind: sqlschema.AlterTable, Table: next.Name, Changes: changes}, i, j)
	}

	touches := func(x *sqlschema.Index) bool {
		for _, c := range x.Columns {
			if recreated[c.Name] {
				return true
			}
		}
		return false
	}
	for k, x := range prev.Indexes {
		if o := findIndex(next, x); o == nil || touches(x) {
			if r := renamedIndex(next, x); r != nil && !touches(x) && d.caps.AlterColumns {
				continue // renamed below
			}
			d.add(sqlschema.Step{Kind: sqlschema.DropIndex, Table: prev.Name, Index: x}, i, k)
		}
	}
	for k, x := range next.Indexes {
		if o := findIndex(prev, x); o != nil && !touches(x) {
			continue
		}
		if r := renamedIndex(prev, x); r != nil && !touches(x) && d.caps.AlterColumns {
			d.add(sqlschema.Step{Kind: sqlschema.RenameIndex, Table: next.Name, Index: x, PrevName: r.Name}, i, k)
			continue
		}
		d.add(sqlschema.Step{Kind: sqlschema.CreateIndex, Table: next.Name, Index: x}, i, j, k)
	}
	if d.caps.AddForeignKeys {
		for f, fk := range prev.FKs {
			if !fkKept(fk, next, prev.Name) {
				d.add(sqlschema.Step{Kind: sqlschema.DropForeignKey, Table: prev.Name, FK: fk}, i, f)
			}
		}
		for f, fk := range next.FKs {
			if !fkKept(fk, prev, next.Name) {
				d.add(sqlschema.Step{Kind: sqlschema.AddForeignKey, Table: next.Name, FK: fk}, j, f)
			}
		}
	}
}

// needsRedefine: SQLite's ALTER TABLE can only add nullable columns.
func needsRedefine(changes []sqlschema.Change) bool {
	for _, c := range changes {
		if c.Kind != sqlschema.AddColumn || !c.To.Nullable {
			return true
		}
	}
	return false
}

// sortedColumns orders columns by name, as Prisma's differ walks them.
func sortedColumns(t *sqlschema.Table) []*sqlschema.Column {
	out := append([]*sqlschema.Column(nil), t.Columns...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

func typeChanged(a, b *sqlschema.Column) bool {
	return a.List != b.List || !strings.EqualFold(a.Type, b.Type)
}

// castable reports whether the database can convert a column's values to
// the new type in place (ALTER COLUMN ... SET DATA TYPE / MODIFY); when it
// cannot, the column is dropped and added again, as Prisma does.
func castable(a, b *sqlschema.Column) bool {
	if a.List != b.List {
		return false
	}
	if a.Family == b.Family {
		return true
	}
	numeric := func(f sqlschema.Family) bool {
		return f == sqlschema.Int || f == sqlschema.BigInt || f == sqlschema.Float || f == sqlschema.Decimal
	}
	switch {
	case b.Family == sqlschema.String:
		return a.Family != sqlschema.Bytes
	case numeric(a.Family) && numeric(b.Family):
		return true
	}
	return false
}

func sameDefault(a, b *sqlschema.Default) bool {
	if a == nil || b == nil {
		return a == b
	}
	return strings.EqualFold(a.SQL, b.SQL) && (a.SQL == b.SQL || a.Kind == sqlschema.DefaultNow)
}

func samePK(a, b *sqlschema.PrimaryKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && equalStrings(a.Columns, b.Columns)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sameShape compares indexes without their names. Operator classes and
// methods are compared loosely: the schema spells them as Prisma does
// (JsonbPathOps, Gin), the database as PostgreSQL does (jsonb_path_ops, gin).
func sameShape(a, b *sqlschema.Index) bool {
	if a.Unique != b.Unique || a.Kind != b.Kind || loose(a.Using) != loose(b.Using) || len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		x, y := a.Columns[i], b.Columns[i]
		if x.Name != y.Name || x.Desc != y.Desc || loose(x.OpClass) != loose(y.OpClass) {
			return false
		}
	}
	return true
}

func loose(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "_", ""))
	if s == "btree" {
		return ""
	}
	return s
}

func findIndex(t *sqlschema.Table, x *sqlschema.Index) *sqlschema.Index {
	if o := t.Index(x.Name); o != nil && sameShape(o, x) {
		return o
	}
	return nil
}

// renamedIndex finds an index of t with x's shape under another name that
// x's own table does not keep.
func renamedIndex(t *sqlschema.Table, x *sqlschema.Index) *sqlschema.Index {
	for _, o := range t.Indexes {
		if o.Name != x.Name && sameShape(o, x) && t.Index(x.Name) == nil {
			return o
		}
	}
	return nil
}

func findFK(t *sqlschema.Table, fk *sqlschema.ForeignKey) *sqlschema.ForeignKey {
	for _, o := range t.FKs {
		if o.Name == fk.Name && o.RefTable == fk.RefTable && equalStrings(o.Columns, fk.Columns) &&
			equalStrings(o.RefColumns, fk.RefColumns) && o.OnDelete == fk.OnDelete && o.OnUpdate == fk.OnUpdate {
			return o
		}
	}
	return nil
}
