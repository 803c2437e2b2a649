// Package plan is what a request will run, decided before anything runs: a
// tree of steps whose statements may use values that earlier steps read
// (Ref). Planning needs the schema and the dialect only (no connection, no
// clock, no id generator), so a plan can be printed (String) for goldens,
// checked without a database, and kept for reuse. engine/query builds plans
// from a request's arguments and runs them through a driver.
//
// Reads (findUnique, findFirst, findMany with select/include/_count, cursors
// and nested paging) are planned as a Read; every write (create, update,
// delete, upsert with their nested writes, and the many forms with limit
// and ...AndReturn) as a Write: statements in order whose bind arguments
// may be a Ref (a value an earlier step read) or a Slot (a value made as
// the write runs: the clock, a generated id), filled in when the plan runs;
// a step may match the keys an earlier step read (Keys), fail the write
// when it finds no row or a row (Missing, Exists), or choose between two
// lists of steps by whether an earlier step found a row (Branch).
package plan

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Ref stands for the values of a field that an earlier step reads. In a
// step's statement it is a bind argument's value (sqltree.Param{V: Ref})
// until the step runs, when the executor binds the values read. N tells
// apart the reads of one model in one write (a row and the related row of
// the same model a nested write creates), and is not printed.
type Ref struct {
	Model, Field string
	N            int
}

func (r Ref) String() string { return "$ref(" + r.Model + "." + r.Field + ")" }

// Slot stands for a value made when a write runs, not when it is planned:
// the clock (Gen "now()", for now() defaults and @updatedAt) or a default
// the engine generates for a field (Gen "uuid()", "cuid(2)", ...). Slots
// that are equal are one value: N tells apart the ids of different rows
// (each row of a createMany gets its own), and is not printed.
type Slot struct {
	Model, Field, Gen string
	N                 int
}

func (s Slot) String() string {
	if s.Field == "" {
		return "$" + s.Gen
	}
	return "$" + s.Gen + "[" + s.Model + "." + s.Field + "]"
}

// Read is a findMany-shaped read of one model: an optional cursor step,
// the statement, then the relations and relation counts of its rows (or,
// with Join, the statement alone).
type Read struct {
	Model  *schema.Model
	Cursor *Cursor // nil unless the request has a cursor
	// Select reads Fields, then any extra columns (a join-table key); Types
	// are the driver types of all its columns. A related read's Select
	// lacks the condition on its parents' keys (see Rel).
	Select *sqltree.Select
	Fields []*schema.Field
	Types  []driver.Type
	// Distinct rows are kept in memory (as Prisma does, so that it composes
	// with any order), then Take and Skip apply to them; without Distinct
	// they are in Select.
	Distinct   []*schema.Field
	Take, Skip *int64
	// Backwards (a negative take) reads in reverse order and reverses the rows.
	Backwards bool
	// Keep names the keys a row keeps in the result; the others were read
	// only to load relations.
	Keep   map[string]bool
	Rels   []*Rel
	Counts []*Count
	// Join is set when the relations are loaded by the relation-join
	// strategy: Select then reads them itself (see Join), and Rels and
	// Counts are empty.
	Join *Join
}

// Join is how a statement that loads relations as JSON reads back: after
// the Read's Fields, one JSON column per relation of Rels, then one count
// per relation of Counts. Each related row is a JSON object whose members
// are its Fields, then its own relations, then "_count".
type Join struct {
	Rels   []*JoinRel
	Counts []*schema.Field
}

// JoinRel is one relation read as JSON: an object (or null) for a to-one
// relation, an array of objects for a to-many one.
type JoinRel struct {
	Field  *schema.Field
	Fields []*schema.Field
	Join
}

// Cursor reads the ordering values of the row a page starts at; Cond
// turns them into the condition that keeps the rows at or after it.
type Cursor struct {
	Select *sqltree.Select
	Fields []*schema.Field
	Types  []driver.Type
	Cond   func(vals []any) sqltree.Expr
}

// Link is how a parent's rows find their related rows: the values of
// Parent (key fields of the parent model) are matched against Keys
// (columns of the related table, or of the join table of an implicit
// many-to-many relation, whose key then comes back as the read's first
// column after its Fields).
type Link struct {
	Field  *schema.Field // the parent's relation field
	Parent []*schema.Field
	Child  []*schema.Field // the related model's fields that hold Parent's values
	Keys   []sqltree.Expr
	M2M    bool
}

// Refs are the parent key values a linked step binds, as Refs.
func (l Link) Refs() []any {
	out := make([]any, len(l.Parent))
	for i, f := range l.Parent {
		out[i] = Ref{Model: l.Field.Model.Name, Field: f.Name}
	}
	return out
}

// Rel loads one selected relation of a Read's rows: Read.Select gets
// KeyIn(Keys, parent keys) added to its where, chunked under the
// dialect's bind limit.
type Rel struct {
	Link
	Read *Read
	// Limit and Offset go into the SQL when the rows have one parent key;
	// otherwise the related rows of each parent are paged in memory with
	// Cursor, Distinct, Take and Skip.
	Limit, Offset *int64
	Cursor        map[string]any
	Distinct      []*schema.Field
	Take, Skip    *int64 // a negative Take keeps the last rows
}

// Count counts the related rows of each parent under "_count".
type Count struct {
	Link
	Select *sqltree.Select // grouped by Keys; columns Keys then COUNT(*)
	Types  []driver.Type
}

// KeyIn is `col IN (...)` for one column, else an OR of AND-ed equalities,
// over key tuples.
func KeyIn(cols []sqltree.Expr, tuples [][]any) sqltree.Expr {
	if len(cols) == 1 {
		list := make([]sqltree.Expr, len(tuples))
		for i, t := range tuples {
			list[i] = sqltree.Param{V: t[0]}
		}
		return sqltree.In{X: cols[0], List: list}
	}
	or := sqltree.Or{}
	for _, t := range tuples {
		var and sqltree.And
		for i, c := range cols {
			and = append(and, sqltree.Eq(c, sqltree.Param{V: t[i]}))
		}
		or = append(or, and)
	}
	return or
}

// Keyed is s with the condition on the parent keys added (a copy; s is
// shared by every run of the plan).
func Keyed(s *sqltree.Select, keys []sqltree.Expr, tuples [][]any) *sqltree.Select {
	c := *s
	c.Columns = append([]sqltree.SelCol(nil), s.Columns...)
	c.Where = sqltree.Conj(KeyIn(keys, tuples), s.Where)
	return &c
}
