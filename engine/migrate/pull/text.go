package pull

import (
	"fmt"
	"sort"
	"strings"
)

// The schema text and Prisma's warnings, once the models and enums are built.

func (r *renderer) text(header string) string {
	var b strings.Builder
	if h := strings.TrimSpace(header); h != "" {
		b.WriteString(h)
		b.WriteString("\n\n")
	}
	for _, m := range r.models {
		if m.prev != nil && m.prev.Doc != "" {
			writeDoc(&b, m.prev.Doc, "")
		}
		if m.ignore && (m.prev == nil || !strings.Contains(m.prev.Doc, "valid unique identifier")) {
			b.WriteString("/// The underlying table does not contain a valid unique identifier and can therefore currently not be handled by Prisma Client.\n")
		}
		if m.expressionIndex && m.prev == nil {
			b.WriteString("/// This model contains an expression index which requires additional setup for migrations. Visit https://pris.ly/d/expression-indexes for more info.\n")
		}
		fmt.Fprintf(&b, "model %s {\n", m.name)
		for _, f := range m.fields {
			writeDoc(&b, f.doc, "  ")
			fmt.Fprintf(&b, "  %s %s %s\n", f.name, f.typ, strings.Join(f.attrs, " "))
		}
		for _, f := range m.rels {
			writeDoc(&b, f.doc, "  ")
			attrs := f.attr
			if f.ignore {
				attrs += " @ignore"
			}
			fmt.Fprintf(&b, "  %s %s %s\n", f.name, f.typ, attrs)
		}
		if len(m.attrs) > 0 {
			b.WriteString("\n")
			for _, a := range m.attrs {
				fmt.Fprintf(&b, "  %s\n", a)
			}
		}
		b.WriteString("}\n\n")
	}
	for _, e := range r.enums {
		if e.prev != nil {
			writeDoc(&b, e.prev.Doc, "")
		}
		fmt.Fprintf(&b, "enum %s {\n", e.name)
		for _, v := range e.values {
			name, mapped := e.valueName(v)
			if mapped != "" || name != v {
				fmt.Fprintf(&b, "  %s @map(%s)\n", name, quote(v))
			} else {
				fmt.Fprintf(&b, "  %s\n", name)
			}
		}
		var attrs []string
		if e.name != e.dbName && r.prov != "mysql" {
			attrs = append(attrs, "@@map("+quote(e.dbName)+")")
			if e.prev != nil {
				r.remapEnums = append(r.remapEnums, quote(e.name))
			}
		}
		if a := schemaAttr(e.namespace); a != "" {
			attrs = append(attrs, a)
		}
		if len(attrs) > 0 {
			fmt.Fprintf(&b, "\n  %s\n", strings.Join(attrs, "\n  "))
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

func writeDoc(b *strings.Builder, doc, indent string) {
	if doc == "" {
		return
	}
	for _, line := range strings.Split(doc, "\n") {
		b.WriteString(indent + "/// " + line + "\n")
	}
}

// warnings are Prisma's introspection warnings, one paragraph per kind.
func (r *renderer) warnings() []string {
	var out []string
	add := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		out = append(out, title+"\n  - "+strings.Join(items, "\n  - "))
	}
	add("The following models were ignored as they do not have a valid unique identifier or id. This is currently not supported by Prisma Client:", r.noID)
	add("These fields are not supported by Prisma Client, because Prisma currently does not support their types:", r.unsupported)
	add("These fields were enriched with `@map` information taken from the previous Prisma schema:", r.remapFields)
	// Prisma lists the remapped models and enums by name.
	sort.Strings(r.remapModels)
	sort.Strings(r.remapEnums)
	add("These models were enriched with `@@map` information taken from the previous Prisma schema:", r.remapModels)
	add("These enums were enriched with `@@map` information taken from the previous Prisma schema:", r.remapEnums)
	add("These items were renamed due to their names being duplicates in the Prisma schema:", r.renamed)
	return out
}

// Warnings is the block Prisma prints after the write: "*** WARNING ***"
// and the paragraphs.
func Warnings(ws []string) string {
	if len(ws) == 0 {
		return ""
	}
	return "*** WARNING ***\n\n" + strings.Join(ws, "\n\n") + "\n"
}
