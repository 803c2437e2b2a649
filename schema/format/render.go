package format

import (
	"sort"
	"strings"
)

// renderer writes lines with the current block indentation.
type renderer struct {
	b      strings.Builder
	indent int
	width  int
}

// write starts a line with the indentation when the line is new, as
// Prisma's renderer does (even for an empty string).
func (r *renderer) write(s string) {
	out := r.b.String()
	if len(out) == 0 || out[len(out)-1] == '\n' {
		r.b.WriteString(strings.Repeat(" ", r.indent*r.width))
	}
	r.b.WriteString(s)
}

func (r *renderer) endLine() { r.b.WriteByte('\n') }

// row is one line of a table: aligned columns plus a suffix that does not
// take part in the alignment (a trailing comment, or a whole comment line).
// An interleaved row is text copied as it is.
type row struct {
	cols        []string
	suffix      string
	interleaved bool
	text        string
}

// table aligns the columns of consecutive rows: each column but a row's
// last is padded to the widest cell of that column plus one space.
type table struct {
	rows []*row
}

func (t *table) newRow() { t.rows = append(t.rows, &row{}) }

func (t *table) last() *row { return t.rows[len(t.rows)-1] }

// col returns the cell at index i of the current row, creating it; like
// Prisma, asking for a column drops any cells after it.
func (t *table) col(i int) *string {
	r := t.last()
	if r.interleaved {
		return &r.text
	}
	for len(r.cols) < i+1 {
		r.cols = append(r.cols, "")
	}
	r.cols = r.cols[:i+1]
	return &r.cols[i]
}

func (t *table) suffix(s string) { r := t.last(); r.suffix += s }

func (t *table) interleave(s string) { t.rows = append(t.rows, &row{interleaved: true, text: s}) }

func (t *table) render(r *renderer) {
	var widths []int
	for _, rw := range t.rows {
		if rw.interleaved {
			continue
		}
		for len(rw.cols) > 0 && rw.cols[len(rw.cols)-1] == "" {
			rw.cols = rw.cols[:len(rw.cols)-1]
		}
		for i, c := range rw.cols {
			for len(widths) <= i {
				widths = append(widths, 0)
			}
			if len(c) > widths[i] {
				widths[i] = len(c)
			}
		}
	}
	for _, rw := range t.rows {
		if rw.interleaved {
			r.write(rw.text)
			r.endLine()
			continue
		}
		for i, c := range rw.cols {
			r.write(c)
			if i < len(rw.cols)-1 {
				r.write(strings.Repeat(" ", widths[i]-len(c)+1))
			}
		}
		if rw.suffix != "" {
			if len(rw.cols) > 0 {
				r.write(" ")
			}
			r.write(rw.suffix)
		}
		r.endLine()
	}
	t.rows = nil
}

// reformat renders one parsed file in Prisma's layout.
func reformat(nodes []topNode, width int) string {
	r := &renderer{width: width}
	i := 0
	for i < len(nodes) && nodes[i].kind == topEmpty {
		i++
	}
	for ; i < len(nodes); i++ {
		n := nodes[i]
		switch n.kind {
		case topBlock:
			renderBlock(n.block, r)
		case topComment:
			t := &table{}
			commentRows(n.comment, t)
			t.render(r)
		case topEmpty:
			if i+1 < len(nodes) {
				r.endLine()
			}
		case topRaw:
			r.write(n.raw)
		}
	}
	out := r.b.String()
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

func renderBlock(b *block, r *renderer) {
	r.write(b.keyword)
	r.write(" ")
	r.write(b.name)
	r.write(" {")
	r.endLine()
	r.indent++

	items := b.items
	for len(items) > 0 && items[0].kind == itemEmpty {
		items = items[1:]
	}
	type blockAttr struct {
		comment *commentBlock
		it      *item
	}
	var attrs []blockAttr
	t := &table{}
	var pending *commentBlock
	next := func(i int) itemKind {
		if i < len(items) {
			return items[i].kind
		}
		return -1
	}
	for i := 0; ; i++ {
		ate := false
		if next(i) == itemEmpty {
			ate = true
			i++
			switch next(i) {
			case -1, itemBlockAttr, itemComment:
			default:
				t.render(r)
				t.newRow()
			}
		}
		if i >= len(items) {
			break
		}
		it := items[i]
		switch it.kind {
		case itemComment:
			if next(i+1) == itemBlockAttr {
				pending = it.comment
			} else {
				if ate {
					t.render(r)
					t.newRow()
				}
				commentRows(it.comment, t)
			}
		case itemField:
			renderField(it, t)
		case itemKeyValue:
			t.newRow()
			*t.col(0) += it.name
			if it.value != nil {
				*t.col(1) += "= " + renderExpr(it.value)
			}
			if it.trailing != "" {
				t.suffix(it.trailing)
			}
		case itemEnumValue:
			t.newRow()
			*t.col(0) += it.name
			for _, a := range it.attrs {
				*t.col(1) += "@" + renderAttrBody(a)
			}
			if it.trailing != "" {
				t.suffix(it.trailing)
			}
		case itemBlockAttr:
			attrs = append(attrs, blockAttr{pending, it})
			pending = nil
		case itemRaw:
			t.interleave(it.raw)
		}
	}
	t.render(r)
	if len(attrs) > 0 {
		t.newRow()
	}
	sort.SliceStable(attrs, func(i, j int) bool {
		return attrOrder(attrs[i].it.attrs[0].path) < attrOrder(attrs[j].it.attrs[0].path)
	})
	for _, a := range attrs {
		if a.comment != nil {
			commentRows(a.comment, t)
		}
		t.newRow()
		*t.col(0) += "@" + "@" + renderAttrBody(a.it.attrs[0])
		if a.it.trailing != "" {
			t.suffix(a.it.trailing)
		}
	}
	t.render(r)
	r.indent--
	r.write("}")
	r.endLine()
}

func renderField(it *item, t *table) {
	t.newRow()
	*t.col(0) += it.name
	if it.typ != nil {
		*t.col(1) += it.typ.base + it.typ.arity
	}
	if it.trailing != "" {
		t.suffix(it.trailing)
	}
	attrs := append([]*attribute(nil), it.attrs...)
	sort.SliceStable(attrs, func(i, j int) bool { return attrOrder(attrs[i].path) < attrOrder(attrs[j].path) })
	w := t.col(2)
	for i, a := range attrs {
		*w += "@" + renderAttrBody(a)
		if i < len(attrs)-1 {
			*w += " "
		}
	}
}

// attrOrder is the position Prisma's formatter sorts an attribute to; the
// sort is stable, so unknown attributes keep their order at the end.
func attrOrder(path string) int {
	for i, p := range []string{"id", "unique", "default", "updatedAt", "index", "fulltext", "map", "relation", "ignore"} {
		if p == path {
			return i
		}
	}
	return 1 << 30
}

func renderAttrBody(a *attribute) string {
	if a.args == nil {
		return a.path
	}
	return a.path + renderArgs(a.args)
}

func renderArgs(l *argList) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, a := range l.args {
		if i > 0 {
			b.WriteString(", ")
		}
		if a.name != "" {
			b.WriteString(a.name)
			b.WriteString(": ")
		}
		if a.value != nil {
			b.WriteString(renderExpr(a.value))
		}
	}
	b.WriteByte(')')
	return b.String()
}

func renderExpr(e *expr) string {
	switch e.kind {
	case exprCall:
		return e.text + renderArgs(e.args)
	case exprArray:
		parts := make([]string, len(e.elems))
		for i, el := range e.elems {
			parts[i] = renderExpr(el)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case exprObject:
		parts := make([]string, len(e.elems))
		for i, el := range e.elems {
			parts[i] = e.keys[i] + ": " + renderExpr(el)
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	default:
		return e.text
	}
}

// commentRows adds one suffix-only row per comment line; a block comment
// is rewritten in the canonical `/**`, ` * line`, ` */` shape.
func commentRows(c *commentBlock, t *table) {
	for _, l := range c.lines {
		switch l.kind {
		case 0:
			t.newRow()
			t.suffix("//" + l.content)
		case 1:
			t.newRow()
			t.suffix("///" + l.content)
		case 2:
			t.newRow()
			t.suffix("/**")
			inner := l.content[2 : len(l.content)-2]
			for _, line := range splitLines(inner) {
				line = strings.TrimSpace(line)
				if rest, ok := strings.CutPrefix(line, "*"); ok {
					line = strings.TrimLeft(rest, " \t\n\r\v\f")
				}
				if line != "" {
					t.newRow()
					t.suffix(" * " + line)
				}
			}
			t.newRow()
			t.suffix(" */")
		}
	}
}

// splitLines splits like Rust's str::lines: on "\n", dropping a "\r"
// before it, with no empty last line for a trailing newline.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
