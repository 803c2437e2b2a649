// Package sqlschema is the neutral description of a database schema that
// migrations work on: the tables, columns, keys, indexes, foreign keys and
// enums either a Prisma schema asks for (engine/migrate calculates it) or a
// live database holds (each flavour's describer reads it). Two of them are
// diffed into Steps, which a flavour renders as SQL.
//
// Every name here is final (constraint names already defaulted and cut to
// the dialect's identifier limit) and every type is spelled as the dialect's
// SQL, so that a schema calculated from Prisma and one described from the
// database compare equal when they are the same. It imports nothing of the
// engine: no driver, no Prisma schema.
package sqlschema

import "strings"

// Schema is one database schema (a PostgreSQL schema, a MySQL database, a
// SQLite file).
type Schema struct {
	Enums  []*Enum  // PostgreSQL types; empty elsewhere (MySQL enums are column types)
	Tables []*Table // in creation order for a calculated schema, by name for a described one
	// Namespaces are the PostgreSQL schemas of a multi-schema datasource
	// (`schemas = [...]`), sorted: those the Prisma schema lists, or those
	// of the list the live database has. Empty otherwise: the tables then
	// live in the connection's one schema and their names stay unqualified.
	Namespaces []string `json:",omitempty"`
}

// Enum is a PostgreSQL enum type.
type Enum struct {
	Namespace string `json:",omitempty"` // its PostgreSQL schema in a multi-schema database, else ""
	Name      string
	Values    []string
}

// Table is a base table.
type Table struct {
	// Namespace is the table's PostgreSQL schema in a multi-schema
	// database (@@schema); "" for the connection's one schema.
	Namespace string `json:",omitempty"`
	Name      string
	Columns   []*Column
	PK        *PrimaryKey // nil when the table has none
	Indexes   []*Index    // unique and plain indexes, not the primary key
	FKs       []*ForeignKey
}

// Family is the kind of value a column holds, independent of its spelling.
// Casting rules (which type changes keep the data) are decided on families.
type Family int

const (
	Unsupported Family = iota
	String
	Int
	BigInt
	Float
	Decimal
	Boolean
	DateTime
	JSON
	Bytes
	EnumFamily
)

// scalars names the Prisma scalar type of each family that has one.
var scalars = map[Family]string{
	String: "String", Int: "Int", BigInt: "BigInt", Float: "Float", Decimal: "Decimal",
	Boolean: "Boolean", DateTime: "DateTime", JSON: "Json", Bytes: "Bytes",
}

// Scalar is the Prisma scalar type of a column of this family ("" for enums
// and unsupported types).
func (f Family) Scalar() string { return scalars[f] }

// Column is a table column. Type is the dialect's spelling of the type
// without the list suffix ("TEXT", "TIMESTAMP(3)", "VARCHAR(191)", `"Role"`,
// "ENUM('A', 'B')"); two columns have the same type when Type is equal.
type Column struct {
	Name          string
	Type          string
	Family        Family
	Enum          string // the enum's name when Family is EnumFamily
	EnumNamespace string `json:",omitempty"` // the enum's Namespace
	List          bool   // PostgreSQL arrays
	Nullable      bool
	AutoIncrement bool // SERIAL / AUTO_INCREMENT / SQLite's INTEGER PRIMARY KEY AUTOINCREMENT
	Default       *Default
	// PrismaDefault: the schema gives a default the client fills (cuid(),
	// uuid(), nanoid(), ulid()), which the database does not know. Only
	// the destructive change checks read it; a described column never has it.
	PrismaDefault bool
}

// DefaultKind tells how a column default is spelled.
type DefaultKind int

const (
	DefaultValue DefaultKind = iota // a literal, already rendered as SQL ('x', 7, true)
	DefaultNow                      // the current timestamp
	DefaultExpr                     // an expression taken verbatim (dbgenerated)
)

// Default is a column default as the database stores it.
type Default struct {
	Kind DefaultKind
	SQL  string // the rendered SQL (for DefaultNow: the dialect's spelling)
}

// PrimaryKey is a table's primary key. Name is empty where the dialect
// keeps no names for primary keys (SQLite, MySQL).
type PrimaryKey struct {
	Name    string
	Columns []string
}

// Index is a unique or plain index.
type Index struct {
	Name    string
	Unique  bool
	Columns []IndexColumn
	Using   string // index method as PostgreSQL spells it (gin, hash...); "" for the default (btree)
	Kind    string // "FULLTEXT" on MySQL; "" otherwise
	// ForForeignKey: the index InnoDB made by itself for the foreign key
	// of the same name (described on MySQL only). It goes with its key and
	// stays when the key is dropped; no schema declares it.
	ForForeignKey bool
}

// IndexColumn is one column of an index.
type IndexColumn struct {
	Name    string
	Desc    bool
	OpClass string // PostgreSQL operator class, "" for the default
}

// ForeignKey is a foreign key constraint. Actions are SQL keywords:
// CASCADE, RESTRICT, NO ACTION, SET NULL, SET DEFAULT.
type ForeignKey struct {
	Name         string
	Columns      []string
	RefNamespace string `json:",omitempty"` // the referenced table's Namespace
	RefTable     string
	RefColumns   []string
	OnDelete     string
	OnUpdate     string
}

// QualifiedName is what identifies a table or an enum within a database:
// its name, after its namespace and a dot when it has one. It is a key for
// matching, never SQL: renderers quote the two parts themselves.
func QualifiedName(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "." + name
}

// ID is the table's QualifiedName.
func (t *Table) ID() string { return QualifiedName(t.Namespace, t.Name) }

// ID is the enum's QualifiedName.
func (e *Enum) ID() string { return QualifiedName(e.Namespace, e.Name) }

// RefID is the referenced table's QualifiedName.
func (fk *ForeignKey) RefID() string { return QualifiedName(fk.RefNamespace, fk.RefTable) }

// EnumID is the QualifiedName of the column's enum ("" when it has none).
func (c *Column) EnumID() string {
	if c.Enum == "" {
		return ""
	}
	return QualifiedName(c.EnumNamespace, c.Enum)
}

// Table returns the table whose ID is id (its bare name outside
// multi-schema databases), or nil.
func (s *Schema) Table(id string) *Table {
	for _, t := range s.Tables {
		if t.ID() == id {
			return t
		}
	}
	return nil
}

// Enum returns the enum whose ID is id, or nil.
func (s *Schema) Enum(id string) *Enum {
	for _, e := range s.Enums {
		if e.ID() == id {
			return e
		}
	}
	return nil
}

// Column returns the column called name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Index returns the index called name, or nil.
func (t *Table) Index(name string) *Index {
	for _, x := range t.Indexes {
		if x.Name == name {
			return x
		}
	}
	return nil
}

// FK returns the foreign key called name, or nil.
func (t *Table) FK(name string) *ForeignKey {
	for _, fk := range t.FKs {
		if fk.Name == name {
			return fk
		}
	}
	return nil
}

// ColumnNames lists an index's column names in order.
func (x *Index) ColumnNames() []string {
	out := make([]string, len(x.Columns))
	for i, c := range x.Columns {
		out[i] = c.Name
	}
	return out
}

// Empty reports whether the schema holds no table and no enum.
func (s *Schema) Empty() bool { return s == nil || len(s.Tables)+len(s.Enums) == 0 }

// StringLiteral quotes s as a SQL string literal (standard doubling of quotes).
func StringLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// ScalarFamily is the family of a Prisma scalar type name ("String",
// "Int"...); Unsupported for anything else.
func ScalarFamily(scalar string) Family {
	switch scalar {
	case "String":
		return String
	case "Boolean":
		return Boolean
	case "Int":
		return Int
	case "BigInt":
		return BigInt
	case "Float":
		return Float
	case "Decimal":
		return Decimal
	case "DateTime":
		return DateTime
	case "Json":
		return JSON
	case "Bytes":
		return Bytes
	}
	return Unsupported
}

// NativeParts splits a native type attribute as written in a Prisma schema
// ("VarChar(255)", without "@db.") into its name and arguments.
func NativeParts(native string) (string, []string) {
	name, rest, ok := strings.Cut(native, "(")
	if !ok {
		return strings.TrimSpace(native), nil
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ")")
	var args []string
	for _, a := range strings.Split(rest, ",") {
		if a = strings.TrimSpace(a); a != "" {
			args = append(args, a)
		}
	}
	return strings.TrimSpace(name), args
}
