package query

import (
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dbErr turns a driver error into a user-facing *perr.Error through the one
// catalogue (perr.FromDriver), so a database failure reads the same whether
// the query layer or the engine maps it: the kind picks the code, and the
// schema turns tables, columns and constraints into models and fields (a
// nested write failing on another model's constraint names that model).
// m is the model the statement ran on, nil when unknown.
func (x *planner) dbErr(m *schema.Model, err error) error {
	op := perr.Op{Names: perr.SchemaNames(x.sch)}
	if m != nil {
		op.Model = m.Name
	}
	pe := perr.FromDriver(err, op)
	if pe.Code == perr.ParamLimit {
		x.nameLists(pe)
	}
	x.badSearch(pe, err)
	return pe
}

// valueList is a list argument of the request (an `in`/`notIn` list, the
// items of an OR/AND), kept to name it when a statement has more bind
// parameters than the database takes (P2029).
type valueList struct {
	path string
	n    int
}

// noteList records a list argument of n values at path.
func (x *planner) noteList(path string, n int) {
	if n > 1 {
		x.lists = append(x.lists, valueList{path, n})
	}
}

// nameLists says which arguments made the statement too large: long `in`
// lists are bound as one argument where the dialect can, so what is left
// over the limit is a list it could not carry that way (an OR of many
// filters, values the dialect refuses to pack) and the user must split it.
func (x *planner) nameLists(pe *perr.Error) {
	if len(x.lists) == 0 {
		return
	}
	ls := append([]valueList(nil), x.lists...)
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].n > ls[j].n })
	if len(ls) > 3 {
		ls = ls[:3]
	}
	names := make([]string, len(ls))
	paths := make([]string, len(ls))
	for i, l := range ls {
		names[i] = fmt.Sprintf("`%s` (%d values)", l.path, l.n)
		paths[i] = l.path
	}
	pe.Message += " The longest lists of the request: " + strings.Join(names, ", ") + "."
	if pe.Meta == nil {
		pe.Meta = map[string]any{}
	}
	pe.Meta["path"] = paths[0]
	pe.Meta["paths"] = paths
}
