package migrate

import (
	"fmt"
	"sort"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Calculate is the SQL schema that sch asks for in the flavour's database:
// every name final, every type spelled as the database spells it, so that
// it can be diffed against a described database. Models come in declaration
// order, then the implicit many-to-many join tables; views create nothing.
// Models with @@ignore and Unsupported("...") fields are kept: the client
// leaves them out, but their tables and columns are the database's, and
// leaving them out here would drop them.
func Calculate(sch *schema.Schema, fl flavour.Flavour) (*sqlschema.Schema, error) {
	out := &sqlschema.Schema{}
	c := calc{fl: fl, limit: fl.IdentLimit(), foreignKeys: true}
	if ds := sch.Datasource; ds != nil && ds.Config["relationMode"] == "prisma" {
		c.foreignKeys = false
	}
	if ds := sch.Datasource; ds != nil && len(ds.Schemas) > 0 && fl.Caps().Namespaces {
		// Multi-schema: every table and enum is in its @@schema.
		c.multiSchema = true
		out.Namespaces = append([]string(nil), ds.Schemas...)
		sort.Strings(out.Namespaces)
	}
	if fl.Caps().EnumTypes {
		for _, e := range sch.Enums {
			out.Enums = append(out.Enums, &sqlschema.Enum{Namespace: c.namespace(e.Schema), Name: enumName(e), Values: enumValues(e)})
		}
	}
	for _, m := range sch.Models {
		if m.IsView {
			continue // a view is the user's SQL: Prisma never creates it
		}
		t, err := c.modelTable(m)
		if err != nil {
			return nil, err
		}
		out.Tables = append(out.Tables, t)
	}
	seen := map[string]bool{}
	for _, m := range sch.Models {
		for _, f := range m.Fields {
			r := f.Relation
			if f.Kind != schema.RelationField || r == nil || r.Kind != schema.ManyToMany || seen[r.JoinTable] {
				continue
			}
			seen[r.JoinTable] = true
			t, err := c.joinTable(f)
			if err != nil {
				return nil, err
			}
			out.Tables = append(out.Tables, t)
		}
	}
	return out, nil
}

type calc struct {
	fl          flavour.Flavour
	limit       int
	foreignKeys bool
	multiSchema bool // the datasource lists `schemas`: names are qualified
}

// namespace is the sqlschema Namespace of a model's or enum's @@schema:
// "" unless the database is multi-schema.
func (c calc) namespace(schemaName string) string {
	if !c.multiSchema {
		return ""
	}
	return schemaName
}

func (c calc) column(f *schema.Field) *sqlschema.Column {
	var enum string
	var values []string
	if f.Enum != nil {
		enum, values = enumName(f.Enum), enumValues(f.Enum)
	}
	typ, fam := c.fl.ColumnType(string(f.Type), f.NativeType, enum, values)
	enumNS := ""
	if !c.fl.Caps().EnumTypes {
		enum = "" // an inline ENUM(...) or TEXT column: no type of its own to name
	} else if f.Enum != nil {
		if enumNS = c.namespace(f.Enum.Schema); enumNS != "" {
			typ = c.fl.Quote(enumNS) + "." + typ // the type of another schema is named with it
		}
	}
	col := &sqlschema.Column{
		Name:          dbName(f),
		Type:          typ,
		Family:        fam,
		Enum:          enum,
		EnumNamespace: enumNS,
		List:          f.List,
		Nullable:      f.Optional || f.List,
		AutoIncrement: f.Default != nil && f.Default.Kind == schema.DefaultAutoincrement,
	}
	col.Default = c.columnDefault(col, f)
	if d := f.Default; d != nil {
		switch d.Kind {
		case schema.DefaultCuid, schema.DefaultUUID, schema.DefaultNanoid, schema.DefaultUlid:
			col.PrismaDefault = true
		}
	}
	return col
}

func (c calc) modelTable(m *schema.Model) (*sqlschema.Table, error) {
	t := &sqlschema.Table{Namespace: c.namespace(m.Schema), Name: modelName(m)}
	for _, f := range columnFields(m) {
		if f.Unsupported != "" {
			t.Columns = append(t.Columns, &sqlschema.Column{Name: dbName(f), Type: f.Unsupported, Family: sqlschema.Unsupported,
				List: f.List, Nullable: f.Optional || f.List, Default: c.columnDefault(&sqlschema.Column{Type: f.Unsupported}, f)})
			continue
		}
		t.Columns = append(t.Columns, c.column(f))
	}
	// A model without @id/@@id is keyed by a unique for the client, but the
	// database gets no PRIMARY KEY for it, as with Prisma.
	if m.PrimaryKey != nil && !m.PrimaryKey.Implicit {
		pk := &sqlschema.PrimaryKey{}
		for _, n := range m.PrimaryKey.Fields {
			f := m.Field(n)
			if f == nil {
				return nil, fmt.Errorf("model %s: primary key field %q does not exist", m.Name, n)
			}
			pk.Columns = append(pk.Columns, dbName(f))
		}
		if c.fl.Caps().NamedPrimaryKeys {
			pk.Name = m.PrimaryKey.DBName
			if pk.Name == "" {
				pk.Name = pkName(t.Name, c.limit)
			}
		}
		t.PK = pk
	}
	if c.fl.Caps().IntegerPKAutoIncrements {
		// SQLite: the rowid alias (a single INTEGER primary key) is
		// AUTOINCREMENT, with or without @default(autoincrement()); any
		// other column cannot be (a BigInt id stays a plain BIGINT
		// PRIMARY KEY, types.from-empty.sqlite.sql).
		for _, col := range t.Columns {
			col.AutoIncrement = t.PK != nil && len(t.PK.Columns) == 1 && t.PK.Columns[0] == col.Name && col.Family == sqlschema.Int
		}
	}

	for _, ix := range orderedIndexes(m) {
		x, err := c.modelIndex(m, t.Name, ix)
		if err != nil {
			return nil, err
		}
		t.Indexes = append(t.Indexes, x)
	}

	for _, f := range m.Fields {
		r := f.Relation
		if f.Kind != schema.RelationField || r == nil || !r.HoldsFK() || r.Model.IsView {
			continue // no foreign key can point at a view
		}
		if !c.foreignKeys {
			continue // relationMode = "prisma": the client keeps the relations
		}
		fk := &sqlschema.ForeignKey{Name: r.DBName, RefNamespace: c.namespace(r.Model.Schema), RefTable: modelName(r.Model)}
		optional := false
		for _, n := range r.Fields {
			col := m.Field(n)
			if col == nil {
				return nil, fmt.Errorf("model %s: relation field %s names unknown field %q", m.Name, f.Name, n)
			}
			optional = optional || col.Optional
			fk.Columns = append(fk.Columns, dbName(col))
		}
		for _, n := range r.References {
			col := r.Model.Field(n)
			if col == nil {
				return nil, fmt.Errorf("model %s: relation field %s references unknown field %s.%s", m.Name, f.Name, r.Model.Name, n)
			}
			fk.RefColumns = append(fk.RefColumns, dbName(col))
		}
		if fk.Name == "" {
			fk.Name = constraintName(t.Name, fk.Columns, "_fkey", c.limit)
		}
		// Prisma's defaults: https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/referential-actions
		onDelete, onUpdate := r.OnDelete, r.OnUpdate
		if onDelete == "" {
			onDelete = "Restrict"
			if optional {
				onDelete = "SetNull"
			}
		}
		if onUpdate == "" {
			onUpdate = "Cascade"
		}
		fk.OnDelete, fk.OnUpdate = referentialAction(onDelete), referentialAction(onUpdate)
		t.FKs = append(t.FKs, fk)
	}
	return t, nil
}

// orderedIndexes lists a model's indexes in the order Prisma creates them:
// field-level @unique in field order, then @@index, then @@unique
// (types.from-empty.*.sql shows an @@index written after an @@unique still
// coming first).
func orderedIndexes(m *schema.Model) []*schema.Index {
	fieldLevel := map[*schema.Index]bool{}
	taken := map[string]bool{}
	for _, u := range m.Uniques {
		if len(u.Fields) == 1 {
			if f := m.Field(u.Fields[0]); f != nil && f.Unique && !taken[f.Name] {
				fieldLevel[u], taken[f.Name] = true, true
			}
		}
	}
	var ordered []*schema.Index
	for _, f := range m.Fields {
		for _, u := range m.Uniques {
			if fieldLevel[u] && u.Fields[0] == f.Name {
				ordered = append(ordered, u)
			}
		}
	}
	ordered = append(ordered, m.Indexes...)
	for _, u := range m.Uniques {
		if !fieldLevel[u] {
			ordered = append(ordered, u)
		}
	}
	return ordered
}

func (c calc) modelIndex(m *schema.Model, tableName string, ix *schema.Index) (*sqlschema.Index, error) {
	x := &sqlschema.Index{Unique: ix.Unique}
	switch ix.Type {
	case "", "BTree":
	case "FullText":
		x.Kind = "FULLTEXT"
	default:
		x.Using = ix.Type
	}
	var cols []string
	for i, n := range ix.Fields {
		f := m.Field(n)
		if f == nil {
			return nil, fmt.Errorf("model %s: index field %q does not exist", m.Name, n)
		}
		col := sqlschema.IndexColumn{Name: dbName(f)}
		if i < len(ix.Sort) {
			col.Desc = ix.Sort[i] == "Desc"
		}
		if i < len(ix.Ops) {
			col.OpClass = ix.Ops[i]
		}
		x.Columns = append(x.Columns, col)
		cols = append(cols, col.Name)
	}
	suffix := "_idx"
	if ix.Unique {
		suffix = "_key"
	}
	// The schema fills DBName with the untruncated default name when no
	// map: was given; the identifier limit is the flavour's.
	x.Name = ix.DBName
	if x.Name == "" || x.Name == untruncated(tableName, cols, suffix) {
		x.Name = constraintName(tableName, cols, suffix, c.limit)
	}
	return x, nil
}

func (c calc) joinTable(f *schema.Field) (*sqlschema.Table, error) {
	r := f.Relation
	self, other := f.Model, r.Model
	selfID, err := singleID(self)
	if err != nil {
		return nil, err
	}
	otherID, err := singleID(other)
	if err != nil {
		return nil, err
	}
	// A points at the model whose name sorts first; for a self-relation
	// both point at the same model.
	a, aID, b, bID := self, selfID, other, otherID
	if r.JoinColumn == "B" {
		a, aID, b, bID = other, otherID, self, selfID
	}
	name := r.JoinTable
	if name == "" {
		name = "_" + r.Name
	}
	name = truncate(name, c.limit)
	t := &sqlschema.Table{Namespace: c.namespace(r.JoinSchema), Name: name}
	for _, side := range []struct {
		col   string
		model *schema.Model
		id    *schema.Field
	}{{"A", a, aID}, {"B", b, bID}} {
		col := c.column(side.id)
		col.Name, col.Nullable, col.AutoIncrement, col.Default = side.col, false, false, nil
		t.Columns = append(t.Columns, col)
		t.FKs = append(t.FKs, &sqlschema.ForeignKey{
			// Join tables cut their own name so that _A/_B never collide.
			Name:    truncate(name, c.limit-len("_fkey")-2) + "_" + side.col + "_fkey",
			Columns: []string{side.col}, RefNamespace: c.namespace(side.model.Schema), RefTable: modelName(side.model), RefColumns: []string{dbName(side.id)},
			OnDelete: "CASCADE", OnUpdate: "CASCADE",
		})
	}
	ab := []sqlschema.IndexColumn{{Name: "A"}, {Name: "B"}}
	if c.fl.Caps().JoinTablePrimaryKey {
		// Prisma 6+ on PostgreSQL: (A, B) is the primary key.
		t.PK = &sqlschema.PrimaryKey{Name: joinIndexName(name, "_AB_pkey", c.limit), Columns: []string{"A", "B"}}
	} else {
		t.Indexes = append(t.Indexes, &sqlschema.Index{Name: joinIndexName(name, "_AB_unique", c.limit), Unique: true, Columns: ab})
	}
	t.Indexes = append(t.Indexes, &sqlschema.Index{Name: joinIndexName(name, "_B_index", c.limit), Columns: ab[1:]})
	return t, nil
}

// columnFields are the fields that are columns, in declaration order:
// scalar and enum fields and the Unsupported("...") ones.
func columnFields(m *schema.Model) []*schema.Field {
	out := append(m.ScalarFields(), m.UnsupportedFields...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.File != b.File {
			return false
		}
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return out
}

func singleID(m *schema.Model) (*schema.Field, error) {
	if m.PrimaryKey == nil || len(m.PrimaryKey.Fields) != 1 {
		return nil, fmt.Errorf("model %s: an implicit many-to-many relation needs a single-field @id on %s", m.Name, m.Name)
	}
	f := m.Field(m.PrimaryKey.Fields[0])
	if f == nil {
		return nil, fmt.Errorf("model %s: primary key field %q does not exist", m.Name, m.PrimaryKey.Fields[0])
	}
	return f, nil
}

func dbName(f *schema.Field) string {
	if f.DBName != "" {
		return f.DBName
	}
	return f.Name
}

func modelName(m *schema.Model) string {
	if m.DBName != "" {
		return m.DBName
	}
	return m.Name
}

func enumName(e *schema.Enum) string {
	if e.DBName != "" {
		return e.DBName
	}
	return e.Name
}

func enumValues(e *schema.Enum) []string {
	out := make([]string, len(e.Values))
	for i, v := range e.Values {
		out[i] = v.Name
		if v.DBName != "" {
			out[i] = v.DBName
		}
	}
	return out
}
