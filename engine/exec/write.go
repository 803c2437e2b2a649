package exec

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Write runs a planned write: each step in order (in one transaction
// when the plan says so), binding what each reads for the steps after it.
func (x *Runner) Write(w *plan.Write) (any, error) {
	r := &writeRun{x: x, w: w}
	r.env.sch = x.Sch
	x.env = &r.env
	defer func() { x.env = nil }()
	var err error
	if w.Atomic {
		err = x.Atomic(r.run)
	} else {
		err = r.run()
	}
	if err != nil {
		return nil, err
	}
	switch w.Result {
	case plan.ResultCount:
		return map[string]any{"count": r.count}, nil
	case plan.ResultRows:
		if w.Keep != nil {
			Shape(w.Keep, r.rows)
		}
		return ListOf(r.rows), nil
	}
	if len(r.rows) == 0 {
		return nil, nil
	}
	if w.Keep != nil {
		Shape(w.Keep, r.rows[:1])
	}
	return r.rows[0], nil
}

// writeRun is a Write running: what its steps read, and its answer.
type writeRun struct {
	x     *Runner
	w     *plan.Write
	env   bindings
	read  map[int][][]any // the rows each step with an ID read, as the driver gave them
	rows  []row           // the Reply steps' rows
	count int64
}

func (r *writeRun) run() error { return r.steps(r.w.Steps, true) }

// steps runs steps in order; top says they are the Write's own.
func (r *writeRun) steps(steps []plan.Step, top bool) error {
	for j := range steps {
		// What the Write's last step reads binds nothing: no step comes after it.
		last := top && j == len(steps)-1
		if err := r.step(&steps[j], last); err != nil {
			return err
		}
	}
	return nil
}

// step runs s (last: the Write's last step).
func (r *writeRun) step(s *plan.Step, last bool) error {
	x, w := r.x, r.w
	if br := s.Branch; br != nil {
		if len(r.read[br.Found]) > 0 {
			return r.steps(br.Then, false)
		}
		return r.steps(br.Else, false)
	}
	var keys sqltree.Expr
	if s.Keys != nil {
		keys = plan.KeyIn(s.Keys.Cols, r.read[s.Keys.Step])
	}
	m := w.ModelOf(s)
	switch {
	case s.Read != nil:
		p := s.Read
		if keys != nil {
			c := *p
			c.Select = plan.WithWhere(p.Select, keys).(*sqltree.Select)
			p = &c
		}
		rows, err := x.Read(p)
		if err != nil {
			return err
		}
		if len(rows) == 0 && s.Missing != nil {
			return s.Missing()
		}
		if s.Reply {
			r.rows = append(r.rows, rows...)
		}
	case s.Types != nil:
		raw, err := x.Query(m, plan.WithWhere(s.Stmt, keys), s.Types)
		if err != nil {
			return err
		}
		if s.ID != 0 {
			if r.read == nil {
				r.read = map[int][][]any{}
			}
			r.read[s.ID] = raw
		}
		if len(raw) == 0 {
			if s.Missing != nil {
				return s.Missing()
			}
			return nil
		}
		if s.Exists != nil {
			return s.Exists()
		}
		if !last {
			for j, f := range s.Fields {
				r.env.set(plan.Ref{Model: m.Name, Field: f.Name, N: s.N}, raw[0][j])
			}
		}
		switch {
		case s.Reply && w.Result == plan.ResultCount:
			r.count = ToInt64(raw[0][0])
		case s.Reply:
			for _, v := range raw {
				r.rows = append(r.rows, decodeRow(s.Fields, v))
			}
		}
	default:
		res, err := x.Exec(m, plan.WithWhere(s.Stmt, keys))
		if err != nil {
			return err
		}
		if res.RowsAffected == 0 && s.Missing != nil {
			return s.Missing()
		}
		if s.InsertID != nil {
			r.env.set(*s.InsertID, res.LastInsertID)
		}
		if s.Reply {
			r.count += res.RowsAffected
		}
	}
	return nil
}

// bindings are the values of a running plan's Refs and Slots: a few, so a
// list searched in order.
type bindings struct {
	sch  *schema.Schema
	vals []binding
}

type binding struct{ key, val any } // key: a plan.Ref or plan.Slot

func (b *bindings) get(k any) (any, bool) {
	for _, v := range b.vals {
		if v.key == k {
			return v.val, true
		}
	}
	return nil, false
}

func (b *bindings) set(k, v any) {
	for i := range b.vals {
		if b.vals[i].key == k {
			b.vals[i].val = v
			return
		}
	}
	b.vals = append(b.vals, binding{k, v})
}

// bind returns args with each Ref and Slot replaced by its value (a copy
// when there is any); a Slot's value is made the first time it is bound.
func (b *bindings) bind(args []any) ([]any, error) {
	var out []any
	for i, a := range args {
		switch t := a.(type) {
		case plan.Ref, plan.Slot:
			if out == nil {
				out = append([]any(nil), args...)
			}
			v, ok := b.get(t)
			if !ok {
				s, isSlot := t.(plan.Slot)
				if !isSlot {
					return nil, perr.New(perr.Internal, nil, "plan binds %v before a step read it", t)
				}
				var err error
				if v, err = fillSlot(b.sch, s); err != nil {
					return nil, err
				}
				b.set(t, v)
			}
			out[i] = v
		}
	}
	if out == nil {
		return args, nil
	}
	return out, nil
}
