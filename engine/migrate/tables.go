// Package migrate turns a resolved schema into the DDL that Prisma's own
// `migrate diff --from-empty` / `db push` produce for it, per dialect, and
// applies it to a database (`db push`).
//
// The work is split like prisma-engines' schema engine: a neutral table
// description is calculated from the model (this file), then each dialect
// renders it (sqlite.go, postgres.go, mysql.go) into ordered steps. Rendering
// needs no connection; only push.go and inspect.go talk to a database, and
// only through engine/driver. This package must not import a driver adapter,
// the query layer or codegen.
package migrate

import (
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// database is the neutral description of everything a schema creates.
type database struct {
	enums  []*schema.Enum
	tables []*table // models in declaration order, then implicit m-n join tables
}

type table struct {
	name    string
	model   *schema.Model // nil for a join table
	join    bool          // implicit many-to-many join table
	columns []*column
	pk      *primaryKey
	indexes []*index // Prisma's order: field @unique, then @@index, then @@unique
	fks     []*foreignKey
}

type column struct {
	name     string
	field    *schema.Field // nil for join-table columns
	typ      schema.ScalarType
	native   string // @db.X(args) without "@db.", "" if none
	enum     *schema.Enum
	list     bool
	nullable bool
	autoinc  bool
	dflt     *schema.Default
}

type primaryKey struct {
	name    string // explicit map: name, "" for the dialect's default
	columns []string
}

type index struct {
	name    string // explicit name, or "" for the dialect's default
	columns []indexColumn
	unique  bool
	kind    string // index type as written ("Gin", "Hash", "FullText"), "" for the default
	suffix  string // "_key" / "_idx" for the default name, "" when name is fixed
}

type indexColumn struct {
	name string
	sort string // "", "Asc", "Desc"
	ops  string // PostgreSQL operator class as written, e.g. "JsonbPathOps"
}

type foreignKey struct {
	name       string // "" for the default <table>_<cols>_fkey
	joinSide   string // "A" or "B" on a join table: named <table>_A_fkey
	columns    []string
	refTable   string
	refColumns []string
	onDelete   string // Prisma's action names: Cascade, Restrict, NoAction, SetNull, SetDefault
	onUpdate   string
}

// calculate builds the neutral description of sch for a dialect whose
// identifiers are at most limit bytes long.
func calculate(sch *schema.Schema, limit int) (*database, error) {
	db := &database{enums: sch.Enums}
	for _, m := range sch.Models {
		if m.IsView {
			continue // a view is the user's SQL: Prisma's db push never creates it
		}
		t, err := modelTable(m)
		if err != nil {
			return nil, err
		}
		db.tables = append(db.tables, t)
	}
	seen := map[string]bool{}
	for _, m := range sch.Models {
		for _, f := range m.Fields {
			r := f.Relation
			if f.Kind != schema.RelationField || r == nil || r.Kind != schema.ManyToMany || seen[r.JoinTable] {
				continue
			}
			seen[r.JoinTable] = true
			t, err := joinTable(f, limit)
			if err != nil {
				return nil, err
			}
			db.tables = append(db.tables, t)
		}
	}
	return db, nil
}

func modelTable(m *schema.Model) (*table, error) {
	t := &table{name: m.DBName, model: m}
	if t.name == "" {
		t.name = m.Name
	}
	for _, f := range m.ScalarFields() {
		t.columns = append(t.columns, &column{
			name:     dbName(f),
			field:    f,
			typ:      f.Type,
			native:   f.NativeType,
			enum:     f.Enum,
			list:     f.List,
			nullable: f.Optional || f.List,
			autoinc:  f.Default != nil && f.Default.Kind == schema.DefaultAutoincrement,
			dflt:     f.Default,
		})
	}
	// A model without @id/@@id is keyed by a unique for the client, but the
	// database gets no PRIMARY KEY for it, as with Prisma.
	if m.PrimaryKey != nil && !m.PrimaryKey.Implicit {
		pk := &primaryKey{name: m.PrimaryKey.DBName}
		for _, n := range m.PrimaryKey.Fields {
			f := m.Field(n)
			if f == nil {
				return nil, fmt.Errorf("model %s: primary key field %q does not exist", m.Name, n)
			}
			pk.columns = append(pk.columns, dbName(f))
		}
		t.pk = pk
	}

	// Prisma resolves field attributes first, then @@index, then @@unique,
	// and creates indexes in that order (types.from-empty.*.sql shows an
	// @@index written after an @@unique still coming first).
	fieldLevel := map[*schema.Index]bool{}
	for _, u := range m.Uniques {
		if len(u.Fields) == 1 {
			if f := m.Field(u.Fields[0]); f != nil && f.Unique && !taken(fieldLevel, m, f.Name) {
				fieldLevel[u] = true
			}
		}
	}
	var ordered []*schema.Index
	for _, f := range m.Fields { // field @unique in field order
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
	for _, ix := range ordered {
		x, err := modelIndex(m, t.name, ix)
		if err != nil {
			return nil, err
		}
		t.indexes = append(t.indexes, x)
	}

	for _, f := range m.Fields {
		r := f.Relation
		if f.Kind != schema.RelationField || r == nil || !r.HoldsFK() || r.Model.IsView {
			continue // no foreign key can point at a view
		}
		// schema resolves the constraint name: map: or Prisma's default, already cut to the limit.
		fk := &foreignKey{name: r.DBName, refTable: r.Model.DBName, onDelete: r.OnDelete, onUpdate: r.OnUpdate}
		if fk.refTable == "" {
			fk.refTable = r.Model.Name
		}
		optional := false
		for _, n := range r.Fields {
			c := m.Field(n)
			if c == nil {
				return nil, fmt.Errorf("model %s: relation field %s names unknown field %q", m.Name, f.Name, n)
			}
			optional = optional || c.Optional
			fk.columns = append(fk.columns, dbName(c))
		}
		for _, n := range r.References {
			c := r.Model.Field(n)
			if c == nil {
				return nil, fmt.Errorf("model %s: relation field %s references unknown field %s.%s", m.Name, f.Name, r.Model.Name, n)
			}
			fk.refColumns = append(fk.refColumns, dbName(c))
		}
		// Prisma's defaults: https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/referential-actions
		if fk.onDelete == "" {
			fk.onDelete = "Restrict"
			if optional {
				fk.onDelete = "SetNull"
			}
		}
		if fk.onUpdate == "" {
			fk.onUpdate = "Cascade"
		}
		t.fks = append(t.fks, fk)
	}
	return t, nil
}

// taken reports whether a field-level unique on field was already picked, so
// that an extra @@unique([f]) next to f @unique keeps its own place.
func taken(picked map[*schema.Index]bool, m *schema.Model, field string) bool {
	for u := range picked {
		if u.Fields[0] == field {
			return true
		}
	}
	return false
}

func modelIndex(m *schema.Model, tableName string, ix *schema.Index) (*index, error) {
	x := &index{unique: ix.Unique, kind: ix.Type, suffix: "_idx"}
	if ix.Unique {
		x.suffix = "_key"
	}
	var cols []string
	for i, n := range ix.Fields {
		f := m.Field(n)
		if f == nil {
			return nil, fmt.Errorf("model %s: index field %q does not exist", m.Name, n)
		}
		c := indexColumn{name: dbName(f)}
		if i < len(ix.Sort) {
			c.sort = ix.Sort[i]
		}
		if i < len(ix.Ops) {
			c.ops = ix.Ops[i]
		}
		x.columns = append(x.columns, c)
		cols = append(cols, c.name)
	}
	// The schema fills DBName with the untruncated default name when no
	// map: was given; only the dialect knows the identifier limit, so keep
	// such names open and let the renderer truncate them like Prisma does.
	if ix.DBName != "" && ix.DBName != untruncated(tableName, cols, x.suffix) {
		x.name, x.suffix = ix.DBName, ""
	}
	return x, nil
}

func joinTable(f *schema.Field, limit int) (*table, error) {
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
	t := &table{name: joinTableName(name, limit), join: true}
	for _, side := range []struct {
		col   string
		model *schema.Model
		id    *schema.Field
	}{{"A", a, aID}, {"B", b, bID}} {
		t.columns = append(t.columns, &column{name: side.col, typ: side.id.Type, native: side.id.NativeType, enum: side.id.Enum})
		ref := side.model.DBName
		if ref == "" {
			ref = side.model.Name
		}
		t.fks = append(t.fks, &foreignKey{
			joinSide: side.col, columns: []string{side.col},
			refTable: ref, refColumns: []string{dbName(side.id)},
			onDelete: "Cascade", onUpdate: "Cascade",
		})
	}
	return t, nil
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
