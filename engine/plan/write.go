package plan

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Write is a write of one model planned whole: its steps run in order, in
// one transaction when Atomic. A step's bind arguments may be Refs, bound
// by the steps before it, and Slots, made once when the plan runs.
type Write struct {
	Model  *schema.Model
	Atomic bool
	Steps  []Step
	// Result is what the write answers: the row one step reads (Keep names
	// the keys it keeps), or a count.
	Result Result
	Keep   map[string]bool
}

// Result is the shape of a write's answer.
type Result int

const (
	// ResultRow is the row of the step marked Reply.
	ResultRow Result = iota
	// ResultCount is {"count": n}: the rows the Reply steps affected, or the
	// first column of a Reply step that reads (a COUNT).
	ResultCount
	// ResultRows is every row the Reply steps read, in order.
	ResultRows
)

// Step is one statement of a Write, or a planned Read (a written row read
// back in the request's shape).
type Step struct {
	Stmt sqltree.Stmt
	Read *Read
	// Fields and Types are the columns Stmt returns (a SELECT, or a write's
	// RETURNING); nil when it returns none. The first row binds
	// Ref{Write.Model, field} for each of Fields.
	Fields []*schema.Field
	Types  []driver.Type
	// InsertID, when set, is bound to the key the database gave the row
	// Stmt inserted (no RETURNING: MySQL's last insert id).
	InsertID *Ref
	// Missing makes the write's error when the step reads no row (made
	// only then: most writes never need it).
	Missing func() error
	// Keys, when set, makes the step match only the rows whose key columns
	// hold a key an earlier step read.
	Keys *Keys
	// Branch, when set, is the step: it runs Then when an earlier step read
	// a row, else Else.
	Branch *Branch
	// Reply marks the step whose answer is the write's (see Result).
	Reply bool
}

// Branch chooses between two lists of steps by whether step Found (of the
// Write's top-level steps) read a row. A Keys inside either names a
// top-level step too.
type Branch struct {
	Found      int
	Then, Else []Step
}

// Keys are the key tuples an earlier step read (the values of its Fields
// in each of its rows), matched against Cols (KeyIn) in a later step's
// WHERE. No rows read matches nothing.
type Keys struct {
	Step int
	Cols []sqltree.Expr
}

// String prints the statements of w in the order they run, rendered for d,
// each with its bind arguments (Refs and Slots by name), between
// "-- BEGIN" and "-- COMMIT" when they run in one transaction.
func (w *Write) String(d sqltree.Dialect) string {
	var b strings.Builder
	if w.Atomic {
		b.WriteString("-- BEGIN\n")
	}
	w.print(&b, d, w.Steps)
	if w.Atomic {
		b.WriteString("-- COMMIT\n")
	}
	return b.String()
}

func (w *Write) print(b *strings.Builder, d sqltree.Dialect, steps []Step) {
	for _, s := range steps {
		if br := s.Branch; br != nil {
			b.WriteString("-- if statement " + sqltree.Itoa(int64(br.Found+1)) + " read a row:\n")
			w.print(b, d, br.Then)
			b.WriteString("-- else:\n")
			w.print(b, d, br.Else)
			b.WriteString("-- end if\n")
			continue
		}
		var keys sqltree.Expr
		if s.Keys != nil {
			keys = KeyIn(s.Keys.Cols, [][]any{w.refs(s.Keys.Step)})
		}
		if s.Read != nil {
			s.Read.write(b, d, WithWhere(s.Read.Select, keys).(*sqltree.Select), "")
			continue
		}
		Statement(b, d, WithWhere(s.Stmt, keys))
	}
}

// refs are the Refs of the fields step i reads.
func (w *Write) refs(i int) []any {
	out := make([]any, len(w.Steps[i].Fields))
	for j, f := range w.Steps[i].Fields {
		out[j] = Ref{Model: w.Model.Name, Field: f.Name}
	}
	return out
}

// WithWhere is a copy of s (a SELECT, UPDATE or DELETE) whose WHERE also
// holds e; s itself when e is nil.
func WithWhere(s sqltree.Stmt, e sqltree.Expr) sqltree.Stmt {
	if e == nil {
		return s
	}
	switch t := s.(type) {
	case *sqltree.Select:
		c := *t
		c.Where = sqltree.Conj(e, t.Where)
		return &c
	case *sqltree.Update:
		c := *t
		c.Where = sqltree.Conj(e, t.Where)
		return &c
	case *sqltree.Delete:
		c := *t
		c.Where = sqltree.Conj(e, t.Where)
		return &c
	}
	return s
}
