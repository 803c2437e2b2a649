// Package schema parses and resolves the Prisma schema language into a model
// that every later stage reads: codegen, query planning and migrations.
//
// Parse reads one file, ParseFiles a folder's worth (one namespace). They
// validate as Prisma 7's engine does and report what it reports: the same
// messages, spans and order, which Diagnostics.Prisma lays out byte for byte
// as `prisma validate` prints them. The corpus test (testdata/corpus) holds
// that to Prisma's own outputs.
//
// It knows nothing of SQL drivers or connections and must not import them.
package schema

import (
	"strconv"
	"time"
)

// ScalarType is one of Prisma's built-in scalar types.
type ScalarType string

const (
	String   ScalarType = "String"
	Boolean  ScalarType = "Boolean"
	Int      ScalarType = "Int"
	BigInt   ScalarType = "BigInt"
	Float    ScalarType = "Float"
	Decimal  ScalarType = "Decimal"
	DateTime ScalarType = "DateTime"
	Json     ScalarType = "Json"
	Bytes    ScalarType = "Bytes"
)

// Provider names as written in a datasource block, normalised.
const (
	SQLite     = "sqlite"
	PostgreSQL = "postgresql" // "postgres" is accepted and normalised to this
	MySQL      = "mysql"
)

// Pos is a position in a schema file, for diagnostics.
type Pos struct {
	File string
	Line int // 1-based
	Col  int // 1-based
}

// Schema is a parsed, resolved and validated schema.
type Schema struct {
	Datasource *Datasource
	Generators []*Generator
	Enums      []*Enum
	Models     []*Model
	Source     string // the schema text it was built from (files joined by newlines)
	// Files are the schema files as given to ParseFiles (one for Parse).
	Files []File
	// Warnings are what Prisma reports as warnings on a valid schema.
	Warnings Diagnostics
}

// Datasource is the `datasource` block. URL is empty when the block has none
// (as Prisma 7 writes it); URLEnv names the variable of `url = env("X")`.
type Datasource struct {
	Name     string
	Provider string // normalised: SQLite, PostgreSQL or MySQL
	URL      string
	URLEnv   string
	Pos      Pos
	// Config keeps the other keys (directUrl, relationMode, ...) as written:
	// string values unquoted, env("X") as `env("X")`.
	Config map[string]string
	// Schemas are the database schemas of `schemas = [...]` (multi-schema
	// PostgreSQL), as written; nil when the datasource has none. Every
	// model and enum then names one of them with @@schema.
	// https://www.prisma.io/docs/orm/prisma-schema/data-model/multi-schema
	Schemas []string
}

// Generator is a `generator` block; Config keeps every key as written.
type Generator struct {
	Name     string
	Provider string
	Output   string
	Config   map[string]string
	Pos      Pos
}

type Enum struct {
	Name   string
	DBName string // @@map or Name
	Schema string // @@schema("name"), "" when not written
	Values []*EnumValue
	Doc    string // from /// comments
	Pos    Pos
}

type EnumValue struct {
	Name   string
	DBName string // @map or Name
	Doc    string
}

type FieldKind int

const (
	ScalarField FieldKind = iota
	EnumField
	RelationField
)

// Model is a `model` block. Fields are in declaration order.
type Model struct {
	Name       string
	DBName     string // @@map or Name
	Doc        string
	Fields     []*Field
	PrimaryKey *PrimaryKey // never nil after validation, except on views and ignored models
	// Schema is the database schema of @@schema("name") (multi-schema
	// PostgreSQL); "" when not written.
	Schema string
	// UnsupportedFields are the `Unsupported("...")` fields, kept out of
	// Fields because the client cannot read or write them.
	UnsupportedFields []*Field
	// IsView is true for a `view` block: read-only, no table to create.
	IsView bool
	// Ignored is true for a model with @@ignore: the client leaves it out
	// and migrations leave its table alone.
	Ignored bool
	Uniques []*Index // single-field @unique and @@unique, in declaration order
	Indexes []*Index // @@index
	Pos     Pos
}

// PrimaryKey is from @id (one field) or @@id (compound).
type PrimaryKey struct {
	Name   string   // Prisma name used in compound where keys: "a_b" unless name: given
	DBName string   // map: argument, or "" for the default constraint name
	Fields []string // field names
	// Implicit is true when the model has no @id/@@id and this key is its
	// first unique criterion made of required fields, which Prisma uses to
	// identify records. There is no PRIMARY KEY constraint in the database.
	Implicit bool
}

// Index is a unique constraint or an index.
type Index struct {
	Name   string   // Prisma name (name:), compound where key; default joins fields with "_"
	DBName string   // map: argument or the default Prisma constraint name (Model_a_b_key / _idx)
	Fields []string // field names
	Unique bool
	// The index arguments that change the DDL, kept so migrate can render
	// and diff them (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#index);
	// nil/"" when not written. Sort and Ops are parallel to Fields.
	Type string   // type: argument as written ("BTree", "Hash", "Gin", ...); "FullText" for @@fulltext
	Sort []string // "" / "Asc" / "Desc" from field(sort: X)
	Ops  []string // PostgreSQL operator class as written, e.g. "JsonbPathOps" from field(ops: X)
}

type Field struct {
	Name       string
	DBName     string // @map or Name (relation fields: Name)
	Doc        string
	Kind       FieldKind
	Type       ScalarType // for ScalarField; for EnumField: String
	TypeName   string     // as written: "String", "Role", "Post"
	Enum       *Enum      // for EnumField
	List       bool       // []
	Optional   bool       // ?
	ID         bool       // @id on the field
	Unique     bool       // @unique on the field
	UpdatedAt  bool       // @updatedAt
	Default    *Default
	Relation   *Relation // for RelationField
	NativeType string    // @db.X(args) as written without "@db.", e.g. "VarChar(255)"; "" if none
	// Unsupported holds the database type of an `Unsupported("...")` field
	// (Kind is ScalarField, Type is ""); such fields are listed in
	// Model.UnsupportedFields, not Model.Fields.
	Unsupported string
	// Ignored is true for a field with @ignore (and for relation fields
	// pointing at an ignored model): the client leaves it out.
	Ignored bool
	Model   *Model // the model that declares this field
	Pos     Pos
}

// Required reports whether a value must be given on create: not optional,
// not a list, no default, not @updatedAt.
func (f *Field) Required() bool {
	return f.Kind != RelationField && !f.Optional && !f.List && f.Default == nil && !f.UpdatedAt
}

// ScalarList reports whether f is a list of scalars or enums (String[], …).
func (f *Field) ScalarList() bool { return f.List && f.Kind != RelationField }

// Element is a scalar list's element: a copy of f without the list modifier.
func (f *Field) Element() *Field {
	e := *f
	e.List = false
	return &e
}

// NormTime makes a DateTime UTC with millisecond precision, the precision
// every provider stores, so that a value matches itself after a round trip.
func NormTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

type DefaultKind int

const (
	DefaultLiteral       DefaultKind = iota // Value holds string, int64, float64, bool, or enum value name (string)
	DefaultAutoincrement                    // database-generated
	DefaultNow
	DefaultCuid   // Arg 1 or 2
	DefaultUUID   // Arg 4 or 7
	DefaultNanoid // Arg = length (0 means 21)
	DefaultUlid
	DefaultDbGenerated // Value holds the SQL expression string ("" if none)
)

type Default struct {
	Kind  DefaultKind
	Value any
	Arg   int
}

// Generator is a default the client fills in as the schema writes it
// (uuid(7), cuid(), nanoid(16), ulid()), or "" for any other default.
func (d *Default) Generator() string {
	if d == nil {
		return ""
	}
	switch d.Kind {
	case DefaultUUID:
		if d.Arg == 7 {
			return "uuid(7)"
		}
		return "uuid()"
	case DefaultCuid:
		if d.Arg == 2 {
			return "cuid(2)"
		}
		return "cuid()"
	case DefaultNanoid:
		if d.Arg > 0 {
			return "nanoid(" + strconv.Itoa(d.Arg) + ")"
		}
		return "nanoid()"
	case DefaultUlid:
		return "ulid()"
	}
	return ""
}

type RelationKind int

const (
	OneToOne   RelationKind = iota // this side or the other holds a unique FK
	OneToMany                      // this field is a list; the other side holds the FK
	ManyToOne                      // this side holds the FK to a single record
	ManyToMany                     // implicit m-n via join table
)

// Relation describes a relation field from its own model's point of view.
type Relation struct {
	Name       string // relation name: given, or Prisma's default "ModelAToModelB" (sorted)
	Kind       RelationKind
	Model      *Model   // the related model
	Back       *Field   // the opposite relation field on Model
	Fields     []string // FK fields on this model when this side holds the FK (else nil)
	References []string // referenced fields on Model, parallel to Fields
	OnDelete   string   // "Cascade","Restrict","NoAction","SetNull","SetDefault"; "" = Prisma default
	OnUpdate   string
	// DBName is the foreign key constraint name on the FK-holding side:
	// the map: argument or Prisma's default "<Table>_<cols>_fkey"; "" elsewhere.
	DBName string
	// Implicit many-to-many only: join table "_" + Name, and the column that
	// points at this side's model ("A" for the model whose name sorts first, else "B").
	JoinTable   string
	JoinSchema  string // JoinTable's database schema (multi-schema): side A's model's
	JoinColumn  string // this side's column in JoinTable
	OtherColumn string // the related model's column in JoinTable
}

// HoldsFK reports whether this side of the relation stores the foreign key.
func (r *Relation) HoldsFK() bool { return len(r.Fields) > 0 }

// Model returns the model with the given name, or nil.
func (s *Schema) Model(name string) *Model {
	for _, m := range s.Models {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Enum returns the enum with the given name, or nil.
func (s *Schema) Enum(name string) *Enum {
	for _, e := range s.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Field returns the field with the given name, or nil.
func (m *Model) Field(name string) *Field {
	for _, f := range m.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// ScalarFields returns the non-relation fields (scalars and enums) in order.
func (m *Model) ScalarFields() []*Field {
	out := make([]*Field, 0, len(m.Fields))
	for _, f := range m.Fields {
		if f.Kind != RelationField {
			out = append(out, f)
		}
	}
	return out
}

// IDFields returns the primary key fields in key order.
func (m *Model) IDFields() []*Field {
	out := make([]*Field, 0, len(m.PrimaryKey.Fields))
	for _, n := range m.PrimaryKey.Fields {
		out = append(out, m.Field(n))
	}
	return out
}
