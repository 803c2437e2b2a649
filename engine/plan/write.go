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
	// Model is the model whose table Stmt acts on (its errors name it);
	// nil for the Write's own.
	Model *schema.Model
	// Fields and Types are the columns Stmt returns (a SELECT, or a write's
	// RETURNING); nil when it returns none. The first row binds
	// Ref{Model, field, N} for each of Fields.
	Fields []*schema.Field
	Types  []driver.Type
	N      int
	// ID, when not 0, keeps the rows the step reads for a later Branch or
	// Keys that names it.
	ID int
	// InsertID, when set, is bound to the key the database gave the row
	// Stmt inserted (no RETURNING: MySQL's last insert id).
	InsertID *Ref
	// Missing makes the write's error when the step reads no row, or, for
	// a step that reads nothing, when it affects none (made only then:
	// most writes never need it). Exists makes it when the step reads a
	// row.
	Missing, Exists func() error
	// Keys, when set, makes the step match only the rows whose key columns
	// hold a key an earlier step read.
	Keys *Keys
	// Branch, when set, is the step: it runs Then when an earlier step read
	// a row, else Else.
	Branch *Branch
	// Reply marks the step whose answer is the write's (see Result).
	Reply bool
}

// Branch chooses between two lists of steps by whether the step whose ID
// is Found read a row.
type Branch struct {
	Found      int
	Then, Else []Step
}

// Keys are the key tuples the step whose ID is Step read (the values of
// its Fields in each of its rows), matched against Cols (KeyIn) in a later
// step's WHERE. No rows read matches nothing.
type Keys struct {
	Step int
	Cols []sqltree.Expr
}

// ModelOf is the model step s acts on in w.
func (w *Write) ModelOf(s *Step) *schema.Model {
	if s.Model != nil {
		return s.Model
	}
	return w.Model
}

// String prints the statements of w in the order they run, rendered for d,
// each with its bind arguments (Refs and Slots by name), between
// "-- BEGIN" and "-- COMMIT" when they run in one transaction. A Branch
// names the step it tests by its statement's number in what is printed.
func (w *Write) String(d sqltree.Dialect) string {
	p := &writePrinter{w: w, d: d, nums: map[int]int{}}
	if w.Atomic {
		p.b.WriteString("-- BEGIN\n")
	}
	p.print(w.Steps)
	if w.Atomic {
		p.b.WriteString("-- COMMIT\n")
	}
	return p.b.String()
}

type writePrinter struct {
	w    *Write
	d    sqltree.Dialect
	b    strings.Builder
	n    int         // statements printed
	nums map[int]int // step ID -> its statement's number
}

func (p *writePrinter) print(steps []Step) {
	b := &p.b
	for i := range steps {
		s := &steps[i]
		if br := s.Branch; br != nil {
			b.WriteString("-- if statement " + sqltree.Itoa(int64(p.nums[br.Found])) + " read a row:\n")
			p.print(br.Then)
			b.WriteString("-- else:\n")
			p.print(br.Else)
			b.WriteString("-- end if\n")
			continue
		}
		var keys sqltree.Expr
		if s.Keys != nil {
			keys = KeyIn(s.Keys.Cols, [][]any{p.w.refs(s.Keys.Step)})
		}
		if s.ID != 0 {
			p.nums[s.ID] = p.n + 1
		}
		before := b.Len()
		if s.Read != nil {
			s.Read.write(b, p.d, WithWhere(s.Read.Select, keys).(*sqltree.Select), "")
		} else {
			Statement(b, p.d, WithWhere(s.Stmt, keys))
		}
		p.n += strings.Count(b.String()[before:], "\n  -- params: ")
	}
}

// step is the step whose ID is id, anywhere in steps.
func step(steps []Step, id int) *Step {
	for i := range steps {
		s := &steps[i]
		if s.ID == id {
			return s
		}
		if br := s.Branch; br != nil {
			if f := step(br.Then, id); f != nil {
				return f
			}
			if f := step(br.Else, id); f != nil {
				return f
			}
		}
	}
	return nil
}

// refs are the Refs of the fields the step whose ID is id reads.
func (w *Write) refs(id int) []any {
	s := step(w.Steps, id)
	if s == nil {
		return nil
	}
	m := w.ModelOf(s)
	out := make([]any, len(s.Fields))
	for j, f := range s.Fields {
		out[j] = Ref{Model: m.Name, Field: f.Name, N: s.N}
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
