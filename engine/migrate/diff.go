package migrate

import (
	"sort"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
)

// Diff computes the steps that turn the schema from into the schema to in a
// database with the given capabilities, sorted as Prisma sorts them: by kind,
// then by the ids of what they touch (a table's id is its position in its
// schema; an index's or foreign key's id is its table's, then its position).
// Tables and columns are matched by name: a rename is a drop and an add, as
// with Prisma. A nil from is Prisma's "empty" source: where the database
// has namespaces, the script then starts by creating the schema. A
// multi-schema target creates each of its namespaces that from lacks (all
// of them from empty), by name, as Prisma does.
func Diff(from, to *sqlschema.Schema, caps sqlschema.Caps) []sqlschema.Step {
	d := differ{from: from, to: to, caps: caps}
	if from == nil {
		d.from = &sqlschema.Schema{}
		if caps.Namespaces && len(to.Namespaces) == 0 && !to.Empty() {
			d.add(sqlschema.Step{Kind: sqlschema.CreateSchema})
		}
	}
	if caps.Namespaces {
		d.namespaces()
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
	// droppedIndexes: the indexes of dropped tables, which SQLite scripts
	// drop first when the migration also redefines tables (observed in
	// Prisma's output: alter_drop_referenced_model vs alter_drop_model).
	droppedIndexes []keyed
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
		d.steps = append(d.steps, d.droppedIndexes...)
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

func (d *differ) namespaces() {
	have := map[string]bool{}
	for _, n := range d.from.Namespaces {
		have[n] = true
	}
	want := append([]string(nil), d.to.Namespaces...)
	sort.Strings(want)
	for i, n := range want {
		if !have[n] {
			d.add(sqlschema.Step{Kind: sqlschema.CreateSchema, Namespace: n}, i)
		}
	}
}

func (d *differ) enums() {
	for j, e := range d.to.Enums {
		prev := d.from.Enum(e.ID())
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
			pt := d.from.Table(t.ID())
			if pt == nil {
				continue
			}
			for _, c := range t.Columns {
				if pc := pt.Column(c.Name); c.EnumID() == e.ID() && pc != nil && pc.EnumID() == e.ID() {
					s.EnumUsages = append(s.EnumUsages, sqlschema.EnumUsage{Namespace: t.Namespace, Table: t.Name, Column: c})
				}
			}
		}
		d.add(s, indexOfEnum(d.from, e.ID()), j)
	}
	for i, e := range d.from.Enums {
		if d.to.Enum(e.ID()) == nil {
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

func indexOfEnum(s *sqlschema.Schema, id string) int {
	for i, e := range s.Enums {
		if e.ID() == id {
			return i
		}
	}
	return -1
}

func (d *differ) tables() {
	fromID := map[string]int{}
	for i, t := range d.from.Tables {
		fromID[t.ID()] = i
	}
	toID := map[string]int{}
	for j, t := range d.to.Tables {
		toID[t.ID()] = j
	}
	// Columns whose type changes: foreign keys over them are re-created.
	retyped := map[[2]string]bool{}
	for _, t := range d.to.Tables {
		if i, ok := fromID[t.ID()]; ok {
			for _, c := range t.Columns {
				if pc := d.from.Tables[i].Column(c.Name); pc != nil && typeChanged(pc, c) {
					retyped[[2]string{t.ID(), c.Name}] = true
				}
			}
		}
	}
	for j, t := range d.to.Tables {
		i, ok := fromID[t.ID()]
		if !ok {
			d.add(sqlschema.Step{Kind: sqlschema.CreateTable, Table: t.Name, Namespace: t.Namespace, Create: t}, j)
			for k, x := range t.Indexes {
				d.add(sqlschema.Step{Kind: sqlschema.CreateIndex, Table: t.Name, Namespace: t.Namespace, Index: x, NewTable: true}, -1, j, k)
			}
			if d.caps.AddForeignKeys {
				for f, fk := range t.FKs {
					d.add(sqlschema.Step{Kind: sqlschema.AddForeignKey, Table: t.Name, Namespace: t.Namespace, FK: fk}, j, f)
				}
			}
			continue
		}
		d.table(d.from.Tables[i], t, i, j, retyped)
	}
	for i, t := range d.from.Tables {
		if _, ok := toID[t.ID()]; ok {
			continue
		}
		if d.caps.AddForeignKeys {
			for f, fk := range t.FKs {
				d.add(sqlschema.Step{Kind: sqlschema.DropForeignKey, Table: t.Name, Namespace: t.Namespace, FK: fk}, i, f)
			}
		}
		if d.caps.DropIndexesOfDroppedTables {
			for k, x := range t.Indexes {
				d.droppedIndexes = append(d.droppedIndexes, keyed{sqlschema.Step{Kind: sqlschema.DropIndex, Table: t.Name, Namespace: t.Namespace, Index: x}, []int{i, k}})
			}
		}
		d.add(sqlschema.Step{Kind: sqlschema.DropTable, Table: t.Name, Namespace: t.Namespace}, i)
	}
}

// table diffs a table present on both sides.
func (d *differ) table(prev, next *sqlschema.Table, i, j int, retyped map[[2]string]bool) {
	orig := prev
	prev = withoutOwnFKIndexes(prev, next)
	// An introspected next (drift: shadow → live database) has them too;
	// they are not indexes to add.
	next = withoutOwnFKIndexes(next, next)
	var changes []sqlschema.Change
	// A primary key is dropped and added again when its columns change,
	// or the type of one of them does.
	pkChanged := (prev.PK == nil) != (next.PK == nil) || prev.PK != nil && !equalStrings(prev.PK.Columns, next.PK.Columns)
	if prev.PK != nil && next.PK != nil {
		for _, n := range next.PK.Columns {
			if pc, c := prev.Column(n), next.Column(n); pc != nil && c != nil && typeChanged(pc, c) {
				pkChanged = true
			}
		}
	}
	pkRenamed := !pkChanged && prev.PK != nil && next.PK != nil && prev.PK.Name != next.PK.Name
	if pkChanged && prev.PK != nil {
		changes = append(changes, sqlschema.Change{Kind: sqlschema.DropPrimaryKey, PK: prev.PK})
	}
	if pkRenamed {
		changes = append(changes, sqlschema.Change{Kind: sqlschema.RenamePrimaryKey, PK: next.PK, PrevPK: prev.PK})
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
	// Altered columns come in the previous table's column order.
	for _, pc := range prev.Columns {
		c := next.Column(pc.Name)
		if c == nil {
			continue
		}
		ch := sqlschema.Change{Kind: sqlschema.AlterColumn, From: pc, To: c,
			TypeChanged:          typeChanged(pc, c),
			NullChanged:          pc.Nullable != c.Nullable,
			DefaultChanged:       !sameDefault(c, pc.Default, c.Default),
			AutoIncrementChanged: pc.AutoIncrement != c.AutoIncrement,
		}
		if !ch.TypeChanged && !ch.NullChanged && !ch.DefaultChanged && !ch.AutoIncrementChanged {
			continue
		}
		if ch.TypeChanged && !castable(pc, c) {
			ch = sqlschema.Change{Kind: sqlschema.DropAndAddColumn, From: pc, To: c}
			recreated[c.Name] = true
		}
		changes = append(changes, ch)
	}
	if pkChanged && next.PK != nil {
		changes = append(changes, sqlschema.Change{Kind: sqlschema.AddPrimaryKey, PK: next.PK})
	}

	fkKept := func(fk *sqlschema.ForeignKey, other *sqlschema.Table, table string) bool {
		o := d.findFK(other, fk)
		if o == nil {
			return false
		}
		for _, c := range fk.Columns {
			if retyped[[2]string{table, c}] {
				return false
			}
		}
		for _, c := range fk.RefColumns {
			if retyped[[2]string{fk.RefID(), c}] {
				return false
			}
		}
		return true
	}
	// renamedFK finds fk's twin under another name in other.
	renamedFK := func(fk *sqlschema.ForeignKey, other *sqlschema.Table, table string) *sqlschema.ForeignKey {
		if !d.caps.RenameForeignKeys {
			return nil
		}
		for _, o := range other.FKs {
			if o.Name != fk.Name && other.FK(fk.Name) == nil && d.sameFKShape(o, fk) {
				probe := *fk
				probe.Name = o.Name
				if fkKept(&probe, other, table) {
					return o
				}
			}
		}
		return nil
	}
	fksChanged := false
	for _, fk := range prev.FKs {
		fksChanged = fksChanged || !fkKept(fk, next, prev.ID())
	}
	for _, fk := range next.FKs {
		fksChanged = fksChanged || !fkKept(fk, prev, next.ID())
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
		d.add(sqlschema.Step{Kind: sqlschema.AlterTable, Table: next.Name, Namespace: next.Namespace, Changes: changes}, i, j)
	}

	touches := func(x *sqlschema.Index) bool {
		for _, c := range x.Columns {
			if recreated[c.Name] {
				return true
			}
		}
		return false
	}
	var dropped []*sqlschema.Index
	for k, x := range prev.Indexes {
		if o := findIndex(next, x); o == nil || touches(x) {
			if r := renamedIndex(next, x); r != nil && !touches(x) {
				continue // renamed below
			}
			dropped = append(dropped, x)
			d.add(sqlschema.Step{Kind: sqlschema.DropIndex, Table: prev.Name, Namespace: prev.Namespace, Index: x}, i, k)
		}
	}
	// InnoDB refuses to drop the last index a foreign key can use: such a
	// key is dropped first and added again, which makes its own index.
	recreate := map[string]bool{}
	if d.caps.ForeignKeysNeedIndexes {
		for _, fk := range next.FKs {
			if fkKept(fk, orig, next.ID()) && needsDroppedIndex(fk, orig, dropped) {
				recreate[fk.Name] = true
			}
		}
	}
	for k, x := range next.Indexes {
		if o := findIndex(prev, x); o != nil && !touches(x) {
			continue
		}
		if r := renamedIndex(prev, x); r != nil && !touches(x) {
			kind := sqlschema.RenameIndex
			if !d.caps.RenameIndexes {
				kind = sqlschema.RedefineIndex // SQLite: DROP INDEX and CREATE INDEX
			}
			d.add(sqlschema.Step{Kind: kind, Table: next.Name, Namespace: next.Namespace, Index: x, PrevName: r.Name}, i, k)
			continue
		}
		d.add(sqlschema.Step{Kind: sqlschema.CreateIndex, Table: next.Name, Namespace: next.Namespace, Index: x}, i, j, k)
	}
	if d.caps.AddForeignKeys {
		for f, fk := range prev.FKs {
			if recreate[fk.Name] || !fkKept(fk, next, prev.ID()) && renamedFK(fk, next, prev.ID()) == nil {
				d.add(sqlschema.Step{Kind: sqlschema.DropForeignKey, Table: prev.Name, Namespace: prev.Namespace, FK: fk}, i, f)
			}
		}
		for f, fk := range next.FKs {
			if fkKept(fk, prev, next.ID()) && !recreate[fk.Name] {
				continue
			}
			if o := renamedFK(fk, prev, next.ID()); o != nil {
				d.add(sqlschema.Step{Kind: sqlschema.RenameForeignKey, Table: next.Name, Namespace: next.Namespace, FK: fk, PrevName: o.Name}, i, f)
				continue
			}
			d.add(sqlschema.Step{Kind: sqlschema.AddForeignKey, Table: next.Name, Namespace: next.Namespace, FK: fk}, j, f)
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
	if a.List && !b.List {
		return castable(&sqlschema.Column{Type: a.Type, Family: a.Family, Enum: a.Enum}, b)
	}
	if a.List != b.List {
		return false
	}
	numeric := func(f sqlschema.Family) bool {
		return f == sqlschema.Int || f == sqlschema.BigInt || f == sqlschema.Float || f == sqlschema.Decimal
	}
	switch {
	case a.Family == sqlschema.EnumFamily && b.Family == sqlschema.EnumFamily:
		return a.Enum == b.Enum // another enum type has no cast
	case b.Family == sqlschema.String:
		// Text types take any value; special string types (UUID, INET,
		// XML, BIT...) cannot be cast to from text.
		if !textType(b.Type) {
			return a.Family == sqlschema.String && strings.EqualFold(baseType(a.Type), baseType(b.Type))
		}
		return a.Family != sqlschema.Bytes
	case a.Family == b.Family:
		return true
	case numeric(a.Family) && numeric(b.Family):
		return true
	}
	return false
}

// textType: the column holds free text (TEXT, VARCHAR(n), CHAR(n) and the
// MySQL text types), which any value casts to.
func textType(t string) bool {
	switch strings.ToUpper(baseType(t)) {
	case "TEXT", "VARCHAR", "CHAR", "CITEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "NVARCHAR", "NCHAR":
		return true
	}
	return false
}

// baseType is a type without its arguments: VARCHAR(10) → VARCHAR.
func baseType(t string) string {
	name, _, _ := strings.Cut(t, "(")
	return strings.TrimSpace(name)
}

// sameDefault compares two defaults of column c as the database would
// apply them: the described side carries the database's spelling (casts
// such as 'x'::text, now() for CURRENT_TIMESTAMP, a timestamp normalised
// to the server's format), the calculated side Prisma's.
func sameDefault(c *sqlschema.Column, a, b *sqlschema.Default) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.SQL == b.SQL {
		return true
	}
	x, y := normalDefault(a), normalDefault(b)
	if x == y {
		return true
	}
	if c.Family == sqlschema.DateTime {
		tx, okx := parseTimeLiteral(x)
		ty, oky := parseTimeLiteral(y)
		return okx && oky && tx.Equal(ty)
	}
	return false
}

// normalDefault strips what the database adds to a default's spelling:
// type casts outside quotes and the case of the current timestamp.
func normalDefault(d *sqlschema.Default) string {
	s := strings.TrimSpace(d.SQL)
	if d.Kind == sqlschema.DefaultNow || strings.EqualFold(s, "now()") || strings.EqualFold(s, "current_timestamp") {
		return "CURRENT_TIMESTAMP"
	}
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '\'' {
			inQuote = !inQuote
		}
		if !inQuote && ch == ':' && i+1 < len(s) && s[i+1] == ':' {
			// skip ::type (a word, a quoted name or a few words such as "character varying")
			j := i + 2
			for j < len(s) && (s[j] == '"' || s[j] == ' ' || s[j] == '_' || s[j] == '[' || s[j] == ']' ||
				(s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			i = j - 1
			continue
		}
		b.WriteByte(ch)
	}
	return strings.TrimSpace(b.String())
}

// parseTimeLiteral reads a quoted timestamp in the forms Prisma and the
// databases write ('2024-01-02 03:04:05 +00:00', '2024-01-02 03:04:05',
// '2024-01-02T03:04:05.000Z'); a value without a zone is UTC.
func parseTimeLiteral(s string) (time.Time, bool) {
	s = strings.Trim(s, "'")
	for _, layout := range []string{"2006-01-02 15:04:05.999999999 -07:00", "2006-01-02 15:04:05.999999999-07",
		"2006-01-02 15:04:05.999999999", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
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

func (d *differ) findFK(t *sqlschema.Table, fk *sqlschema.ForeignKey) *sqlschema.ForeignKey {
	for _, o := range t.FKs {
		if o.Name == fk.Name && d.sameFKShape(o, fk) {
			return o
		}
	}
	return nil
}

// sameFKShape compares foreign keys without their names.
func (d *differ) sameFKShape(a, b *sqlschema.ForeignKey) bool {
	return a.RefID() == b.RefID() && equalStrings(a.Columns, b.Columns) &&
		equalStrings(a.RefColumns, b.RefColumns) && d.action(a.OnDelete) == d.action(b.OnDelete) && d.action(a.OnUpdate) == d.action(b.OnUpdate)
}

// action is a referential action as the database keeps it.
func (d *differ) action(a string) string {
	if a == "SET DEFAULT" && d.caps.SetDefaultIsRestrict {
		return "RESTRICT"
	}
	return a
}

// withoutOwnFKIndexes hides the indexes InnoDB made for foreign keys that
// next keeps (by name): they come and go with their keys. Those of keys
// that go are left, to be dropped like any index no schema declares.
func withoutOwnFKIndexes(prev, next *sqlschema.Table) *sqlschema.Table {
	var kept []*sqlschema.Index
	hidden := false
	for _, x := range prev.Indexes {
		if x.ForForeignKey && next.FK(x.Name) != nil {
			hidden = true
			continue
		}
		kept = append(kept, x)
	}
	if !hidden {
		return prev
	}
	view := *prev
	view.Indexes = kept
	return &view
}

// needsDroppedIndex reports whether fk loses the last index that serves it
// (one whose leading columns are fk's) when dropped go.
func needsDroppedIndex(fk *sqlschema.ForeignKey, t *sqlschema.Table, dropped []*sqlschema.Index) bool {
	serves := func(x *sqlschema.Index) bool {
		cols := x.ColumnNames()
		return len(cols) >= len(fk.Columns) && equalStrings(cols[:len(fk.Columns)], fk.Columns)
	}
	gone := map[*sqlschema.Index]bool{}
	lost := false
	for _, x := range dropped {
		gone[x] = true
		lost = lost || serves(x)
	}
	if !lost {
		return false
	}
	for _, x := range t.Indexes {
		if !gone[x] && serves(x) {
			return false
		}
	}
	return true
}
