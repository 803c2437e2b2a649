package plan

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Aggregate is count, aggregate or groupBy: one statement, whose rows
// Shape turns into the answer (Prisma's _count/_sum/... maps). When
// take, skip or a cursor limit the rows first, Select reads FROM the
// subquery Rows.Select, and Rows may have a cursor step to run first.
type Aggregate struct {
	Model  *schema.Model
	Rows   *Read           // nil unless Select reads from a subquery
	Select *sqltree.Select // nil when nothing is asked: nothing to read
	Types  []driver.Type
	// Shape makes the answer of the rows read (nil when the cursor's row
	// was not found: nothing to aggregate).
	Shape func(rows [][]any) any
}

// String prints a's statements in the order they run, rendered for d.
func (a *Aggregate) String(d sqltree.Dialect) string {
	var b strings.Builder
	s := a.Select
	if s == nil {
		return ""
	}
	if a.Rows != nil && a.Rows.Cursor != nil {
		outer := *s
		outer.FromSub = a.Rows.cursorOn(&b, d, a.Rows.Select)
		s = &outer
	}
	Statement(&b, d, s)
	return b.String()
}
