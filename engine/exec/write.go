package exec

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Write runs a planned write: each step in order (in one transaction
// when the plan says so), binding what each reads for the steps after it.
func (x *Runner) Write(w *plan.Write) (any, error) {
	x.env = &bindings{sch: x.Sch, vals: map[any]any{}}
	defer func() { x.env = nil }()
	var out row
	var count int64
	run := func() error {
		for i := range w.Steps {
			s := &w.Steps[i]
			switch {
			case s.Read != nil:
				rows, err := x.Read(s.Read)
				if err != nil {
					return err
				}
				if len(rows) == 0 {
					if s.Missing != nil {
						return s.Missing
					}
					continue
				}
				if s.Reply {
					out = rows[0]
				}
			case s.Types != nil:
				raw, err := x.Query(w.Model, s.Stmt, s.Types)
				if err != nil {
					return err
				}
				if len(raw) == 0 {
					if s.Missing != nil {
						return s.Missing
					}
					continue
				}
				for j, f := range s.Fields {
					x.env.vals[plan.Ref{Model: w.Model.Name, Field: f.Name}] = raw[0][j]
				}
				switch {
				case s.Reply && w.Result == plan.ResultCount:
					count = ToInt64(raw[0][0])
				case s.Reply:
					out = decodeRow(s.Fields, raw[0])
				}
			default:
				res, err := x.Exec(w.Model, s.Stmt)
				if err != nil {
					return err
				}
				if s.InsertID != nil {
					x.env.vals[*s.InsertID] = res.LastInsertID
				}
				if s.Reply {
					count += res.RowsAffected
				}
			}
		}
		return nil
	}
	var err error
	if w.Atomic {
		err = x.Atomic(run)
	} else {
		err = run()
	}
	if err != nil {
		return nil, err
	}
	if w.Result == plan.ResultCount {
		return map[string]any{"count": count}, nil
	}
	if w.Keep != nil {
		Shape(w.Keep, []row{out})
	}
	return out, nil
}

// bindings are the values of a running plan's Refs and Slots.
type bindings struct {
	sch  *schema.Schema
	vals map[any]any // plan.Ref or plan.Slot -> value
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
			v, ok := b.vals[t]
			if !ok {
				s, isSlot := t.(plan.Slot)
				if !isSlot {
					return nil, perr.New(perr.Internal, nil, "plan binds %v before a step read it", t)
				}
				var err error
				if v, err = fillSlot(b.sch, s); err != nil {
					return nil, err
				}
				b.vals[t] = v
			}
			out[i] = v
		}
	}
	if out == nil {
		return args, nil
	}
	return out, nil
}
