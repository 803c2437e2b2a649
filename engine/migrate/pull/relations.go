package pull

import (
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// isJoinTable recognises Prisma's implicit many-to-many tables: a name
// starting with "_", exactly the columns A and B, one single-column foreign
// key on each to a table of its own schema, and a unique index or primary
// key on (A, B). (Prisma keeps a join table whose models live in another
// schema as a model of its own.)
func (r *renderer) isJoinTable(t *sqlschema.Table) bool {
	if !strings.HasPrefix(t.Name, "_") || len(t.Columns) != 2 || t.Columns[0].Name != "A" || t.Columns[1].Name != "B" || len(t.FKs) != 2 {
		return false
	}
	a, b := joinFK(t, "A"), joinFK(t, "B")
	if a == nil || b == nil || len(a.RefColumns) != 1 || len(b.RefColumns) != 1 || !sameSchema(t, a) || !sameSchema(t, b) {
		return false
	}
	if t.PK != nil && strings.Join(t.PK.Columns, ",") == "A,B" {
		return true
	}
	for _, x := range t.Indexes {
		if x.Unique && strings.Join(x.ColumnNames(), ",") == "A,B" {
			return true
		}
	}
	return false
}

// sameSchema: fk references a table of t's own schema.
func sameSchema(t *sqlschema.Table, fk *sqlschema.ForeignKey) bool {
	return fk.RefNamespace == "" || fk.RefNamespace == t.Namespace
}

func joinFK(t *sqlschema.Table, col string) *sqlschema.ForeignKey {
	for _, fk := range t.FKs {
		if len(fk.Columns) == 1 && fk.Columns[0] == col {
			return fk
		}
	}
	return nil
}

type pair [2]string

func sortedPair(a, b string) pair {
	if b < a {
		a, b = b, a
	}
	return pair{a, b}
}

// inlineFKs are the usable foreign keys of a table: to a model, not a
// repeat of an earlier one on the same columns.
func (r *renderer) inlineFKs(m *model) []*sqlschema.ForeignKey {
	var out []*sqlschema.ForeignKey
	seen := map[string]bool{}
	for _, fk := range m.t.FKs {
		if r.byTable[fk.RefID()] == nil || len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
			continue
		}
		key := strings.Join(fk.Columns, "\x00") + "\x01" + strings.Join(fk.RefColumns, "\x00")
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, fk)
	}
	return out
}

func (r *renderer) relations() {
	var joins []*sqlschema.Table
	for _, t := range r.live.Tables {
		if r.isJoinTable(t) && r.byTable[joinFK(t, "A").RefID()] != nil && r.byTable[joinFK(t, "B").RefID()] != nil {
			joins = append(joins, t)
		}
	}
	sort.SliceStable(joins, func(i, j int) bool {
		return less(joins[i].Namespace, joins[i].Name, joins[j].Namespace, joins[j].Name)
	})
	tables := append([]*model(nil), r.models...)
	sort.SliceStable(tables, func(i, j int) bool {
		return less(tables[i].t.Namespace, tables[i].t.Name, tables[j].t.Namespace, tables[j].t.Name)
	})

	// Ambiguous pairs of tables: more than one relation between them, or
	// a relation field that would take the name of one of its columns.
	ambiguous := map[pair]bool{}
	count := map[pair]int{}
	for _, m := range tables {
		for _, fk := range r.inlineFKs(m) {
			p := sortedPair(m.t.ID(), fk.RefID())
			count[p]++
			ref := r.byTable[fk.RefID()]
			for _, c := range fk.Columns {
				if m.fieldName(c) == ref.base {
					ambiguous[p] = true
				}
			}
		}
	}
	for _, t := range joins {
		count[sortedPair(r.joinRef(t, "A").t.ID(), r.joinRef(t, "B").t.ID())]++
	}
	for p, n := range count {
		if n > 1 {
			ambiguous[p] = true
		}
	}

	// Inline relations, every foreign key in table order: the forward
	// field on the referencing model, the back field on the referenced one.
	for _, m := range tables {
		for _, fk := range r.inlineFKs(m) {
			r.inline(m, fk, ambiguous[sortedPair(m.t.ID(), fk.RefID())])
		}
	}
	for _, t := range joins {
		r.manyToMany(t, ambiguous)
	}
	for _, m := range r.models {
		r.dedupe(m)
	}
}

var actions = map[string]string{
	"CASCADE": "Cascade", "RESTRICT": "Restrict", "NO ACTION": "NoAction", "SET NULL": "SetNull", "SET DEFAULT": "SetDefault",
}

func (r *renderer) inline(m *model, fk *sqlschema.ForeignKey, ambiguous bool) {
	ref := r.byTable[fk.RefID()]
	self := ref == m
	optional := false
	for _, c := range fk.Columns {
		if col := m.t.Column(c); col == nil || col.Nullable {
			optional = true
		}
	}
	var relName, fwd, back string
	if !ambiguous {
		fwd, back = ref.base, m.base
		if self {
			relName = m.name + "To" + ref.name
			back = "other_" + m.base
		}
	} else {
		cols := make([]string, len(fk.Columns))
		for i, c := range fk.Columns {
			cols[i] = m.fieldName(c)
		}
		relName = m.base + "_" + strings.Join(cols, "_") + "To" + ref.base
		fwd = ref.base + "_" + relName
		back = m.base + "_" + relName
		if self {
			back = "other_" + back
		}
	}
	var fwdDoc, backDoc string
	// Re-introspection: the user's relation field names and relation name.
	if pf := r.prevInline(m, fk); pf != nil {
		fwd, fwdDoc = pf.Name, pf.Doc
		if pf.Relation.Back != nil {
			back, backDoc = pf.Relation.Back.Name, pf.Relation.Back.Doc
		}
		if n := pf.Relation.Name; n != "" && (relName != "" || n != defaultRelName(m.name, ref.name)) {
			relName = n
		}
	}

	var args []string
	if relName != "" {
		args = append(args, quote(relName))
	}
	refCols := make([]string, len(fk.RefColumns))
	for i, c := range fk.RefColumns {
		refCols[i] = ref.fieldName(c)
	}
	args = append(args, "fields: "+m.fieldNames(fk.Columns), "references: ["+strings.Join(refCols, ", ")+"]")
	defDelete := "RESTRICT"
	if optional {
		defDelete = "SET NULL"
	}
	if a := strings.ToUpper(fk.OnDelete); a != "" && a != defDelete {
		args = append(args, "onDelete: "+actions[a])
	}
	if a := strings.ToUpper(fk.OnUpdate); a != "" && a != "CASCADE" {
		args = append(args, "onUpdate: "+actions[a])
	}
	if fk.Name != "" && fk.Name != constraintName(m.t.Name, fk.Columns, "_fkey", r.limit) {
		args = append(args, "map: "+quote(fk.Name))
	}
	typ := ref.name
	if optional {
		typ += "?"
	}
	m.rels = append(m.rels, &relField{name: fwd, typ: typ, doc: fwdDoc, attr: "@relation(" + strings.Join(args, ", ") + ")", target: ref, ignore: ref.ignore && !m.ignore})

	backTyp := m.name + "[]"
	if uniqueOn(m.t, fk.Columns) {
		backTyp = m.name + "?"
	}
	backAttr := ""
	if relName != "" {
		backAttr = "@relation(" + quote(relName) + ")"
	}
	ref.rels = append(ref.rels, &relField{name: back, typ: backTyp, doc: backDoc, attr: backAttr, target: m, ignore: m.ignore && !ref.ignore})
}

func defaultRelName(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "To" + b
}

// uniqueOn: the columns are exactly the primary key or a unique index
// (a one-to-one relation).
func uniqueOn(t *sqlschema.Table, cols []string) bool {
	same := func(x []string) bool {
		if len(x) != len(cols) {
			return false
		}
		set := map[string]bool{}
		for _, c := range x {
			set[c] = true
		}
		for _, c := range cols {
			if !set[c] {
				return false
			}
		}
		return true
	}
	if t.PK != nil && same(t.PK.Columns) {
		return true
	}
	for _, x := range t.Indexes {
		if x.Unique && same(x.ColumnNames()) {
			return true
		}
	}
	return false
}

// prevInline finds the previous schema's relation field holding fk.
func (r *renderer) prevInline(m *model, fk *sqlschema.ForeignKey) *schema.Field {
	if m.prev == nil {
		return nil
	}
	for _, f := range m.prev.Fields {
		rel := f.Relation
		if f.Kind != schema.RelationField || rel == nil || !rel.HoldsFK() || rel.Model == nil || rel.Model.DBName != fk.RefTable || (r.multi && rel.Model.Schema != fk.RefNamespace) || len(rel.Fields) != len(fk.Columns) {
			continue
		}
		ok := true
		for i, n := range rel.Fields {
			sf := m.prev.Field(n)
			if sf == nil || sf.DBName != fk.Columns[i] {
				ok = false
			}
		}
		if ok {
			return f
		}
	}
	return nil
}

func (r *renderer) manyToMany(t *sqlschema.Table, ambiguousPairs map[pair]bool) {
	ma, mb := r.joinRef(t, "A"), r.joinRef(t, "B")
	// ids[0] is the table whose name sorts first.
	m0, m1 := ma, mb
	if mb.t.Name < ma.t.Name {
		m0, m1 = mb, ma
	}
	self := m0 == m1
	found := t.Name[1:]
	relName, suffix := "", ""
	if ambiguousPairs[sortedPair(ma.t.ID(), mb.t.ID())] {
		relName, suffix = found, t.Name
	} else if found != m0.name+"To"+m1.name || self {
		relName = found
	}
	name0, name1 := m1.base+suffix, m0.base+suffix
	if self {
		name0, name1 = name0+"_A", name1+"_B"
	}
	var doc0, doc1 string
	// Re-introspection: the fields of the previous schema on this table.
	sideA, sideB := "", ""
	if self {
		sideA, sideB = "A", "B"
	}
	p0, p1 := r.prevM2M(m0, t, sideA), r.prevM2M(m1, t, sideB)
	if p0 != nil {
		name0, doc0 = p0.Name, p0.Doc
	}
	if p1 != nil {
		name1, doc1 = p1.Name, p1.Doc
	}
	if p0 != nil || p1 != nil {
		// Re-introspection names the relation after its join table even
		// where that is the default name.
		relName = found
	}
	attr := ""
	if relName != "" {
		attr = "@relation(" + quote(relName) + ")"
	}
	m0.rels = append(m0.rels, &relField{name: name0, typ: m1.name + "[]", doc: doc0, attr: attr, target: m1})
	m1.rels = append(m1.rels, &relField{name: name1, typ: m0.name + "[]", doc: doc1, attr: attr, target: m0})
}

// joinRef is the model a join table's column A or B references.
func (r *renderer) joinRef(t *sqlschema.Table, col string) *model {
	return r.byTable[joinFK(t, col).RefID()]
}

// prevM2M is the previous many-to-many field of m on the join table;
// side tells A or B for a self-relation ("" for any).
func (r *renderer) prevM2M(m *model, t *sqlschema.Table, side string) *schema.Field {
	if m.prev == nil {
		return nil
	}
	for _, f := range m.prev.Fields {
		rel := f.Relation
		if f.Kind != schema.RelationField || rel == nil || rel.Kind != schema.ManyToMany {
			continue
		}
		jt := rel.JoinTable
		if jt == "" {
			jt = "_" + rel.Name
		}
		if jt != t.Name || (r.multi && rel.JoinSchema != t.Namespace) {
			continue
		}
		if side != "" && rel.JoinColumn != side {
			continue
		}
		return f
	}
	return nil
}

// dedupe renames relation fields whose name another field of the model
// already has, by appending the relation's position; Prisma's names
// rarely collide, but a hand-made schema can make them.
func (r *renderer) dedupe(m *model) {
	taken := map[string]bool{}
	for _, f := range m.fields {
		taken[f.name] = true
	}
	for i, f := range m.rels {
		if taken[f.name] {
			base := f.name
			for n := i + 1; taken[f.name]; n++ {
				f.name = base + "_" + string(rune('0'+n%10))
			}
		}
		taken[f.name] = true
	}
}
