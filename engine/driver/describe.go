package driver

import (
	"context"
	"regexp"
)

// Description is what the database says of a statement it has prepared but
// not run: its parameters and its result columns, for typed raw SQL (`ppy
// generate --sql`, as Prisma's TypedSQL:
// https://www.prisma.io/docs/orm/prisma-client/using-raw-sql/typedsql).
type Description struct {
	Params  []Param
	Columns []Column
}

// Param is one bind parameter, in placeholder order.
type Param struct {
	// Name is the placeholder as written when the database names it
	// (SQLite "?1", ":id", "$1"), else "".
	Name string
	// Type is TypeUnknown where the database does not type parameters
	// (MySQL, SQLite).
	Type   Type
	DBType string // the database's own type name, "" when unknown
	Enum   *Enum  // the database enum type of the parameter (or of its list's elements), else nil
}

// Column is one result column.
type Column struct {
	Name   string
	Type   Type // TypeUnknown for an expression the database does not type
	DBType string
	Enum   *Enum // as Param.Enum
	// Nullable is false only when the database says the column cannot be
	// NULL: a NOT NULL table column read without an outer join (PostgreSQL,
	// SQLite), or the server's NOT_NULL flag (MySQL).
	Nullable bool
}

// Enum is a database enum type (PostgreSQL's CREATE TYPE ... AS ENUM) that
// a parameter or column has, itself or as its list's element; its Type is
// then TypeString (or TypeString | ListOf). Whoever holds the Prisma schema
// matches it to the schema's enum of that database name.
type Enum struct {
	Schema string // the type's schema (namespace)
	Name   string // the type's name in the database (the enum's @@map)
	// Current: Schema is the connection's own schema (current_schema()),
	// where an enum without @@schema lives.
	Current bool
}

// Describer is implemented by pools that can describe a statement without
// running it; all three adapters do.
type Describer interface {
	Describe(ctx context.Context, sql string) (Description, error)
}

// outerJoin matches a LEFT, RIGHT or FULL join: a NOT NULL column read
// through one may still come back NULL, and neither PostgreSQL nor SQLite
// says so in its statement description.
var outerJoin = regexp.MustCompile(`(?i)\b(left|right|full)\s+(outer\s+)?join\b`)

// HasOuterJoin reports whether sql joins a table that may be missing.
func HasOuterJoin(sql string) bool { return outerJoin.MatchString(sql) }

// TypeName is t by Prisma's scalar names ("Int", "DateTime", "String[]"),
// "Unknown" for TypeUnknown: the names ppy generate --sql writes and the
// @param annotations use.
func TypeName(t Type) string {
	list := t&ListOf != 0
	base := t &^ ListOf
	name := "Unknown"
	switch base {
	case TypeString:
		name = "String"
	case TypeInt:
		name = "Int"
	case TypeBigInt:
		name = "BigInt"
	case TypeFloat:
		name = "Float"
	case TypeDecimal:
		name = "Decimal"
	case TypeBool:
		name = "Boolean"
	case TypeDateTime:
		name = "DateTime"
	case TypeJSON:
		name = "Json"
	case TypeBytes:
		name = "Bytes"
	}
	if list && base != TypeUnknown {
		return name + "[]"
	}
	return name
}
