package sqlschema

// Step is one change between two schemas, as prisma-engines'
// SqlMigrationStep: the differ produces them, a flavour renders them.
// Steps are sorted by Kind, then in the order the differ met them.
type Step struct {
	Kind  StepKind
	Table string // the table concerned ("" for enum steps)
	// Namespace is the table's Namespace; for CreateSchema the schema to
	// create ("" for the connection's own).
	Namespace string

	Enum *Enum // CreateEnum, DropEnum; AlterEnum: the new enum
	// AlterEnum: the old enum, the values added and removed, and the
	// columns that use it (table and column, with the new column).
	PrevEnum      *Enum
	AddedValues   []string
	RemovedValues []string
	EnumUsages    []EnumUsage

	Create   *Table      // CreateTable
	Index    *Index      // CreateIndex, DropIndex; RenameIndex, RedefineIndex: the new index
	NewTable bool        // CreateIndex: the index belongs to a table created by this migration
	PrevName string      // RenameIndex, RedefineIndex, RenameForeignKey: the old name
	FK       *ForeignKey // AddForeignKey, DropForeignKey; RenameForeignKey: the new key
	Changes  []Change    // AlterTable
	Redefine []Redefine  // RedefineTables (SQLite)
}

// StepKind orders the steps as Prisma does (sql_migration.rs): all drops of
// constraints first, then tables, then indexes, then foreign keys.
type StepKind int

const (
	CreateSchema StepKind = iota
	CreateEnum
	AlterEnum
	DropForeignKey
	DropIndex
	AlterTable
	DropTable
	DropEnum
	CreateTable
	RedefineTables
	CreateIndex
	RenameForeignKey
	AddForeignKey
	RenameIndex
	RedefineIndex
)

// Label is the comment Prisma writes above the step ("-- CreateTable").
func (k StepKind) Label() string {
	return [...]string{"CreateSchema", "CreateEnum", "AlterEnum", "DropForeignKey", "DropIndex", "AlterTable",
		"DropTable", "DropEnum", "CreateTable", "RedefineTables", "CreateIndex", "RenameForeignKey", "AddForeignKey",
		"RenameIndex", "RedefineIndex"}[k]
}

// EnumUsage is a column whose type is an altered enum.
type EnumUsage struct {
	Namespace string
	Table     string
	Column    *Column // the column as it will be
}

// ChangeKind is what an AlterTable clause does.
type ChangeKind int

const (
	DropPrimaryKey ChangeKind = iota
	DropColumn
	AddColumn
	AlterColumn
	DropAndAddColumn // the type cannot be cast: the column is dropped and added again
	AddPrimaryKey
	RenamePrimaryKey // same columns, another constraint name
)

// Change is one clause of an AlterTable step.
type Change struct {
	Kind ChangeKind
	From *Column // DropColumn, AlterColumn, DropAndAddColumn
	To   *Column // AddColumn, AlterColumn, DropAndAddColumn
	// AlterColumn: what differs.
	TypeChanged, NullChanged, DefaultChanged, AutoIncrementChanged bool
	// DropPrimaryKey: the old key; AddPrimaryKey: the new; RenamePrimaryKey: the new (From names the old)
	PK     *PrimaryKey
	PrevPK *PrimaryKey // RenamePrimaryKey: the old key
}

// Redefine is one table rebuilt by a SQLite RedefineTables step: created
// anew as To, filled from From with the columns both have.
type Redefine struct {
	From, To *Table
	// Copied are the columns copied over, by their new name, sorted.
	Copied []string
}

// Statement is one rendered step: its label ("CreateTable") and its SQL,
// which may hold several statements, each ending in ";" but the last
// (RedefineTables). SQL carries no trailing semicolon.
type Statement struct {
	Label string
	SQL   string
}

// Caps are what a database can do, asked by the differ and the commands
// instead of the provider's name.
type Caps struct {
	// AlterColumns: a column's type, nullability and default can be
	// changed, columns dropped and required columns added in place. SQLite
	// cannot: the table is redefined.
	AlterColumns bool
	// AddForeignKeys: foreign keys are added and dropped by ALTER TABLE.
	// SQLite declares them inside CREATE TABLE only.
	AddForeignKeys bool
	// EnumTypes: enums are named types of their own (PostgreSQL).
	EnumTypes bool
	// NamedPrimaryKeys: primary keys carry a constraint name (PostgreSQL).
	NamedPrimaryKeys bool
	// TransactionalDDL: DDL runs inside a transaction and rolls back.
	TransactionalDDL bool
	// Namespaces: tables live in a named schema created with CREATE SCHEMA.
	Namespaces bool
	// EmbeddedFile: the database is a file that opening creates (SQLite),
	// not a database on a server.
	EmbeddedFile bool
	// ShadowInMemory: the shadow database is an in-memory database.
	ShadowInMemory bool
	// IntegerPKAutoIncrements: a single-column Int primary key is always
	// AUTOINCREMENT, with or without @default(autoincrement()) (SQLite's
	// rowid; types.from-empty.sqlite.sql).
	IntegerPKAutoIncrements bool
	// RenameIndexes: an index is renamed in place; SQLite drops and
	// creates it again (RedefineIndex).
	RenameIndexes bool
	// RenameForeignKeys: a foreign key constraint is renamed in place
	// (PostgreSQL); elsewhere it is dropped and added again.
	RenameForeignKeys bool
	// SetDefaultIsRestrict: ON DELETE/UPDATE SET DEFAULT is accepted and
	// stored as RESTRICT (InnoDB), so the two compare equal.
	SetDefaultIsRestrict bool
	// ForeignKeysNeedIndexes: a foreign key needs an index on its columns;
	// the database makes one named like the key when none exists and
	// refuses to drop the last one (InnoDB).
	ForeignKeysNeedIndexes bool
	// DropIndexesOfDroppedTables: a dropped table's indexes are dropped
	// first, each in its own step (SQLite, as Prisma writes it).
	DropIndexesOfDroppedTables bool
	// JoinTablePrimaryKey: implicit many-to-many tables key (A, B) with a
	// primary key instead of a unique index (PostgreSQL since Prisma 6).
	JoinTablePrimaryKey bool
}

// Guard is what a script's connection runs around the script's
// transaction: Before ahead of it, After once it ended, Setup first inside
// it, and Check inside it before commit (a query that must return no row).
// "" means nothing.
type Guard struct {
	Before, After, Setup, Check string
}
