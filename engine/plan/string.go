package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
)

// String prints the statements of r in the order they run, rendered for d,
// each with its bind arguments; values earlier steps read print as
// $ref(Model.field).
func (r *Read) String(d sqltree.Dialect) string {
	var b strings.Builder
	r.write(&b, d, r.Select, "")
	return b.String()
}

// write prints r with s as its statement, note after it.
func (r *Read) write(b *strings.Builder, d sqltree.Dialect, s *sqltree.Select, note string) {
	s = r.cursorOn(b, d, s)
	Statement(b, d, s)
	b.WriteString(note)
	for _, rel := range r.Rels {
		note := ""
		if rel.Limit != nil {
			note = "  -- with one parent row: LIMIT " + sqltree.Itoa(*rel.Limit)
			if rel.Offset != nil {
				note += " OFFSET " + sqltree.Itoa(*rel.Offset)
			}
			note += "\n"
		}
		rel.Read.write(b, d, Keyed(rel.Read.Select, rel.Keys, [][]any{rel.Refs()}), note)
	}
	for _, c := range r.Counts {
		Statement(b, d, Keyed(c.Select, c.Keys, [][]any{c.Refs()}))
	}
}

// cursorOn prints r's cursor read, when it has one, and returns s with the
// cursor's condition on the Refs of what that read reads.
func (r *Read) cursorOn(b *strings.Builder, d sqltree.Dialect, s *sqltree.Select) *sqltree.Select {
	if r.Cursor == nil {
		return s
	}
	Statement(b, d, r.Cursor.Select)
	vals := make([]any, len(r.Cursor.Fields))
	for i, f := range r.Cursor.Fields {
		vals[i] = Ref{Model: r.Model.Name, Field: f.Name}
	}
	c := *s
	c.Where = sqltree.Conj(s.Where, r.Cursor.Cond(vals))
	return &c
}

// Statement prints one statement for d and its bind arguments, as the
// goldens show them.
func Statement(b *strings.Builder, d sqltree.Dialect, s sqltree.Stmt) {
	sql, args := sqltree.Render(d, s)
	PrintSQL(b, sql, args)
}

// PrintSQL prints rendered SQL and its bind arguments, as the goldens show them.
func PrintSQL(b *strings.Builder, sql string, args []any) {
	b.WriteString(sql)
	b.WriteString("\n  -- params: [")
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(FormatArg(a))
	}
	b.WriteString("]\n")
}

// FormatArg prints a bind argument readably.
func FormatArg(a any) string {
	switch t := a.(type) {
	case nil:
		return "NULL"
	case string:
		return fmt.Sprintf("%q", t)
	case time.Time:
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	case []byte:
		return fmt.Sprintf("x'%x'", t)
	case driver.JSON:
		return "json:" + string(t)
	case Ref:
		return t.String()
	case Slot:
		return t.String()
	}
	return fmt.Sprintf("%v", a)
}
