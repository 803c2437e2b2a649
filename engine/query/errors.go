package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dbErr turns a driver error into a user-facing *perr.Error through the one
// catalogue (perr.FromDriver), so a database failure reads the same whether
// the query layer or the engine maps it: the kind picks the code, and the
// schema turns tables, columns and constraints into models and fields (a
// nested write failing on another model's constraint names that model).
// m is the model the statement ran on, nil when unknown.
func (x *exec) dbErr(m *schema.Model, err error) error {
	op := perr.Op{Names: perr.SchemaNames(x.sch)}
	if m != nil {
		op.Model = m.Name
	}
	return perr.FromDriver(err, op)
}
