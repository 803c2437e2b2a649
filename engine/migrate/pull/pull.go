// Package pull is `db pull` (introspection): it turns a described live
// database (a sqlschema.Schema, as a flavour's Describe reads it) into a
// Prisma schema the way Prisma's introspection engine does. Tables become
// models named like the tables, columns fields typed by their family with
// @db attributes where the native type is not the default, keys and
// indexes @id/@unique/@@index, foreign keys relation fields on both sides
// (named after the other model, disambiguated as Prisma does), implicit
// many-to-many join tables list fields, PostgreSQL enum types and MySQL
// ENUM columns enum blocks. A PostgreSQL database described over the
// datasource's `schemas` gives @@schema on every model and enum
// (namespaces.go).
//
// Given the previous schema (re-introspection), the user's names are kept:
// models matched by table name, fields by column name, relation fields by
// their foreign key or join table, enums by name, together with their
// @map/@@map, doc comments and the defaults only the client knows
// (uuid(), cuid(), @updatedAt).
//
// The package opens no connection and imports no driver: the caller
// describes the database and writes the text.
package pull

import (
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/format"
)

// Result is an introspected schema.
type Result struct {
	Text     string   // the formatted Prisma schema
	Models   int      // models written (join tables not counted)
	Enums    int      // enums written
	Warnings []string // Prisma's warning paragraphs, empty when none
}

// Render introspects live for the flavour fl. previous is the schema to
// enrich (nil for a pull from scratch or --force); header holds the
// datasource and generator blocks to put first, verbatim (ConfigBlocks of
// the current schema file).
func Render(live *sqlschema.Schema, fl flavour.Flavour, previous *schema.Schema, header string) Result {
	r := &renderer{live: declared(live), fl: fl, prov: fl.Provider(), prev: previous, limit: fl.IdentLimit(), multi: multiSchema(live)}
	r.build()
	if r.multi {
		header = sortedSchemas(header)
	}
	text := r.text(header)
	return Result{Text: format.Source(text), Models: len(r.models), Enums: len(r.enums), Warnings: r.warnings()}
}

// declared leaves out the indexes InnoDB made by itself for foreign keys:
// a schema does not declare them, and they come with their keys.
func declared(live *sqlschema.Schema) *sqlschema.Schema {
	out := *live
	out.Tables = make([]*sqlschema.Table, len(live.Tables))
	for i, t := range live.Tables {
		c := *t
		c.Indexes = nil
		for _, x := range t.Indexes {
			if !x.ForForeignKey {
				c.Indexes = append(c.Indexes, x)
			}
		}
		out.Tables[i] = &c
	}
	return &out
}

type renderer struct {
	live  *sqlschema.Schema
	fl    flavour.Flavour
	prov  string
	prev  *schema.Schema
	limit int
	multi bool // several schemas: tables and enums are qualified (namespaces.go)

	models  []*model
	byTable map[string]*model // by the table's ID (qualified in a multi-schema database)
	enums   []*enum
	byEnum  map[string]*enum // by the enum's ID (MySQL: table_column) → enum

	unsupported []string // Model: "X", field: "y", original data type: "t"
	noID        []string
	remapModels []string
	remapFields []string
	remapEnums  []string
	renamed     []string // models and enums named after their schema too
}

type model struct {
	t      *sqlschema.Table
	name   string
	base   string // the name its table would give it alone: new relation fields are named after it
	prev   *schema.Model
	fields []*field
	rels   []*relField
	attrs  []string // block attributes
	ignore bool

	expressionIndex bool
}

type field struct {
	col   *sqlschema.Column
	name  string
	typ   string // Prisma type with ? or []
	attrs []string
	doc   string
	prev  *schema.Field
}

type relField struct {
	name, typ, doc string
	attr           string // @relation(...) or ""
	ignore         bool
	target         *model
}

type enum struct {
	namespace string
	dbName    string
	name      string
	values    []string // database values
	prev      *schema.Enum
}

func (r *renderer) build() {
	r.byTable = map[string]*model{}
	r.byEnum = map[string]*enum{}
	// Enums: PostgreSQL types, MySQL per-column ENUM types.
	for _, e := range r.live.Enums {
		r.addEnum(e.Namespace, e.Name, e.Values, nil)
	}
	// Models, in the previous schema's order first, then by table name.
	var tables []*sqlschema.Table
	for _, t := range r.live.Tables {
		if !r.isJoinTable(t) {
			tables = append(tables, t)
		}
	}
	for _, t := range tables {
		m := &model{t: t, prev: r.prevModel(t), base: typeName(t.Name)}
		if m.prev != nil {
			m.name = m.prev.Name
		} else {
			m.name = m.base
		}
		r.models = append(r.models, m)
		r.byTable[t.ID()] = m
	}
	if r.multi {
		r.renameDuplicates()
	}
	sort.SliceStable(r.models, func(i, j int) bool {
		pi, pj := r.prevIndex(r.models[i]), r.prevIndex(r.models[j])
		if pi != pj {
			return pi < pj
		}
		return less(r.models[i].t.Namespace, r.models[i].t.Name, r.models[j].t.Namespace, r.models[j].t.Name)
	})
	for _, m := range r.models {
		r.scalarFields(m)
	}
	for _, m := range r.models {
		r.blockAttrs(m)
	}
	r.relations()
	sort.SliceStable(r.enums, func(i, j int) bool {
		pi, pj := r.prevEnumIndex(r.enums[i]), r.prevEnumIndex(r.enums[j])
		if pi != pj {
			return pi < pj
		}
		ei, ej := r.enums[i], r.enums[j]
		if r.multi {
			return less(ei.namespace, ei.name, ej.namespace, ej.name)
		}
		return ei.name < ej.name
	})
}

func (r *renderer) prevModel(t *sqlschema.Table) *schema.Model {
	if r.prev == nil {
		return nil
	}
	for _, m := range r.prev.Models {
		if !m.IsView && m.DBName == t.Name && (!r.multi || m.Schema == t.Namespace) {
			return m
		}
	}
	return nil
}

func (r *renderer) prevIndex(m *model) int {
	if m.prev != nil && r.prev != nil {
		for i, pm := range r.prev.Models {
			if pm == m.prev {
				return i
			}
		}
	}
	return 1 << 30
}

func (r *renderer) scalarFields(m *model) {
	for _, c := range m.t.Columns {
		f := &field{col: c}
		if m.prev != nil {
			for _, pf := range m.prev.Fields {
				if pf.Kind != schema.RelationField && pf.DBName == c.Name {
					f.prev = pf
				}
			}
			if f.prev == nil {
				for _, pf := range m.prev.UnsupportedFields {
					if pf.DBName == c.Name {
						f.prev = pf
					}
				}
			}
		}
		f.name = sanitize(c.Name)
		if f.prev != nil {
			f.name, f.doc = f.prev.Name, f.prev.Doc
		}
		if f.name == "" {
			f.name = "field_" + fmt.Sprint(len(m.fields))
		}
		r.typeField(m, f)
		m.fields = append(m.fields, f)
	}
}

func (r *renderer) typeField(m *model, f *field) {
	c := f.col
	fam := c.Family
	if fam == sqlschema.Unsupported && r.prov == "sqlite" {
		fam = sqliteAffinity(c.Type)
	}
	typ := fam.Scalar()
	var en *enum
	switch {
	case fam == sqlschema.EnumFamily && r.prov == "mysql":
		var prevEnum *schema.Enum
		if f.prev != nil {
			prevEnum = f.prev.Enum
		}
		en = r.addEnum("", m.t.Name+"_"+c.Name, mysqlEnumValues(c.Type), prevEnum)
		typ = en.name
	case fam == sqlschema.EnumFamily && r.byEnum[c.EnumID()] == nil:
		// An enum of a schema that was not read (not listed): Prisma
		// cannot type the column, and spells an array by its array type.
		spelled := c.Enum
		if c.List {
			spelled = "_" + spelled
		}
		typ = "Unsupported(" + quote(spelled) + ")"
		r.unsupported = append(r.unsupported, fmt.Sprintf("Model: %q, field: %q, original data type: %q", m.name, f.name, spelled))
	case fam == sqlschema.EnumFamily:
		en = r.byEnum[c.EnumID()]
		typ = en.name
	case typ == "":
		spelled := c.Type
		if r.prov == "mysql" {
			spelled = strings.ToLower(spelled)
		}
		typ = "Unsupported(" + quote(spelled) + ")"
		r.unsupported = append(r.unsupported, fmt.Sprintf("Model: %q, field: %q, original data type: %q", m.name, f.name, spelled))
	}
	switch {
	case c.List:
		typ += "[]"
	case c.Nullable && !inPK(m.t, c.Name):
		// SQLite reports INTEGER PRIMARY KEY columns as nullable; a key
		// column never holds NULL.
		typ += "?"
	}
	f.typ = typ
	if pk := m.t.PK; pk != nil && len(pk.Columns) == 1 && pk.Columns[0] == c.Name {
		f.attrs = append(f.attrs, "@id"+r.mapArg(pk.Name, r.defaultPKName(m)))
	}
	if fam != c.Family {
		c = &sqlschema.Column{Name: c.Name, Type: c.Type, Family: fam, List: c.List, Nullable: c.Nullable, AutoIncrement: c.AutoIncrement, Default: c.Default}
	}
	enumValue := func(v string) string {
		if en == nil {
			return quote(v)
		}
		n, _ := en.valueName(v)
		return n
	}
	if d := defaultArg(c, enumValue); d != "" {
		f.attrs = append(f.attrs, "@default("+d+")")
	} else if f.prev != nil {
		if d := f.prev.Default.Generator(); d != "" {
			f.attrs = append(f.attrs, "@default("+d+")")
		}
	}
	if f.prev != nil && f.prev.UpdatedAt && fam == sqlschema.DateTime {
		f.attrs = append(f.attrs, "@updatedAt")
	}
	if f.name != c.Name {
		f.attrs = append(f.attrs, "@map("+quote(c.Name)+")")
		if f.prev != nil {
			r.remapFields = append(r.remapFields, fmt.Sprintf("Model: %q, field: %q", m.name, f.name))
		}
	}
	if nt := nativeAttr(r.prov, c); nt != "" && en == nil && !strings.HasPrefix(typ, "Unsupported") {
		f.attrs = append(f.attrs, "@db."+nt)
	}
}

func (r *renderer) defaultPKName(m *model) string {
	if !r.fl.Caps().NamedPrimaryKeys {
		return ""
	}
	return pkName(m.t.Name, r.limit)
}

// mapArg is `(map: "name")` when name is not Prisma's default.
func (r *renderer) mapArg(name, def string) string {
	if name == "" || name == def || strings.HasPrefix(name, "sqlite_autoindex_") {
		return ""
	}
	return "(map: " + quote(name) + ")"
}

func mapNamed(name, def string) string {
	if name == "" || name == def || strings.HasPrefix(name, "sqlite_autoindex_") {
		return ""
	}
	return ", map: " + quote(name)
}

func (m *model) fieldName(col string) string {
	for _, f := range m.fields {
		if f.col.Name == col {
			return f.name
		}
	}
	return sanitize(col)
}

func (m *model) fieldNames(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = m.fieldName(c)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// blockAttrs: @@id, @unique/@@unique, @@index, @@fulltext, @@map and
// @@ignore for a model without a usable identifier.
func (r *renderer) blockAttrs(m *model) {
	t := m.t
	if t.PK != nil && len(t.PK.Columns) > 1 {
		m.attrs = append(m.attrs, "@@id("+m.fieldNames(t.PK.Columns)+mapNamed(t.PK.Name, r.defaultPKName(m))+")")
	}
	for _, x := range t.Indexes {
		cols := x.ColumnNames()
		if !allColumns(t, cols) {
			m.expressionIndex = true // Prisma cannot spell an expression index
			continue
		}
		suffix := "_idx"
		if x.Unique {
			suffix = "_key"
		}
		def := constraintName(t.Name, cols, suffix, r.limit)
		if x.Unique && len(x.Columns) == 1 && !x.Columns[0].Desc && x.Using == "" && x.Kind == "" {
			for _, f := range m.fields {
				if f.col.Name == cols[0] {
					f.attrs = append(f.attrs, "@unique"+r.mapArg(x.Name, def))
				}
			}
			continue
		}
		var parts []string
		for _, c := range x.Columns {
			p := m.fieldName(c.Name)
			var args []string
			if c.Desc {
				args = append(args, "sort: Desc")
			}
			if c.OpClass != "" {
				args = append(args, "ops: "+pascal(c.OpClass))
			}
			if len(args) > 0 {
				p += "(" + strings.Join(args, ", ") + ")"
			}
			parts = append(parts, p)
		}
		body := "[" + strings.Join(parts, ", ") + "]"
		if x.Using != "" {
			body += ", type: " + indexType(x.Using)
		}
		body += mapNamed(x.Name, def)
		switch {
		case x.Kind == "FULLTEXT":
			m.attrs = append(m.attrs, "@@fulltext("+body+")")
		case x.Unique:
			m.attrs = append(m.attrs, "@@unique("+body+")")
		default:
			m.attrs = append(m.attrs, "@@index("+body+")")
		}
	}
	if m.name != t.Name {
		m.attrs = append(m.attrs, "@@map("+quote(t.Name)+")")
		if m.prev != nil {
			r.remapModels = append(r.remapModels, quote(m.name))
		}
	}
	if a := schemaAttr(t.Namespace); a != "" {
		m.attrs = append(m.attrs, a)
	}
	if !r.hasIdentifier(m) {
		m.ignore = true
		m.attrs = append(m.attrs, "@@ignore")
		r.noID = append(r.noID, quote(m.name))
	}
}

func inPK(t *sqlschema.Table, col string) bool {
	if t.PK == nil {
		return false
	}
	for _, c := range t.PK.Columns {
		if c == col {
			return true
		}
	}
	return false
}

func allColumns(t *sqlschema.Table, cols []string) bool {
	for _, c := range cols {
		if t.Column(c) == nil {
			return false
		}
	}
	return true
}

func indexType(using string) string {
	switch strings.ToLower(using) {
	case "gin":
		return "Gin"
	case "gist":
		return "Gist"
	case "hash":
		return "Hash"
	case "brin":
		return "Brin"
	case "spgist":
		return "SpGist"
	case "btree":
		return "BTree"
	}
	return using
}

// hasIdentifier: a primary key, or a unique index on required supported
// columns.
func (r *renderer) hasIdentifier(m *model) bool {
	if m.t.PK != nil && len(m.t.PK.Columns) > 0 {
		return true
	}
	for _, x := range m.t.Indexes {
		if !x.Unique {
			continue
		}
		ok := true
		for _, c := range x.Columns {
			col := m.t.Column(c.Name)
			if col == nil || col.Nullable || col.Family == sqlschema.Unsupported {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
