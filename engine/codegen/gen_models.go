package codegen

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// modelsPy is models.py: one BaseModel subclass per model, with an
// annotation per field so a type checker knows `user.email` is a str. The
// class attributes (__prisma_*__) tell the runtime which fields are relations
// and enums, the only ones it converts.
func (g *gen) modelsPy() string {
	var w pyWriter
	for _, m := range g.sch.Models {
		w.line("")
		w.line("")
		g.modelClass(&w, m)
	}
	body := w.String()

	var h strings.Builder
	h.WriteString(g.header())
	h.WriteString(`"""Model classes: one per model of the schema. Queries return instances of them.` + "\n\n")
	h.WriteString("A field the query did not select, or a relation it did not include, reads as\n")
	h.WriteString("None; ``to_dict()`` returns only the fields the query returned.\n")
	h.WriteString(`"""` + "\n")
	h.WriteString("from __future__ import annotations\n\n")
	std := ""
	if usedNames(body, "datetime") != nil {
		std += "from datetime import datetime\n"
	}
	if usedNames(body, "Decimal") != nil {
		std += "from decimal import Decimal\n"
	}
	std += importLine("typing", usedNames(body, "Any", "Dict", "List", "Optional"))
	h.WriteString(std)
	h.WriteString("\nfrom caspian_prisma.models import BaseModel\n")
	if enums := g.enumNames(); len(enums) > 0 {
		h.WriteString("\n" + importLine(".enums", usedNames(body, enums...)))
	}
	h.WriteString("\n")
	var all pyWriter
	names := make([]string, len(g.sch.Models))
	for i, m := range g.sch.Models {
		names[i] = m.Name
	}
	all.allList(names)
	h.WriteString(all.String())
	h.WriteString(body)
	return h.String()
}

func (g *gen) enumNames() []string {
	out := make([]string, len(g.sch.Enums))
	for i, e := range g.sch.Enums {
		out[i] = e.Name
	}
	return out
}

func (g *gen) modelClass(w *pyWriter, m *schema.Model) {
	w.line("class %s(BaseModel):", m.Name)
	w.in()
	doc := m.Doc
	if doc == "" {
		doc = fmt.Sprintf("A %s record (table %s).", m.Name, pyStr(m.DBName))
	}
	w.docstring(doc)
	w.line("")
	w.line("__prisma_model__ = %s", pyStr(m.Name))
	var fields, rels, enums []string
	for _, f := range m.Fields {
		fields = append(fields, pyStr(f.Name))
		switch f.Kind {
		case schema.RelationField:
			rels = append(rels, fmt.Sprintf("%s: %s", pyStr(f.Name), pyStr(f.Relation.Model.Name)))
		case schema.EnumField:
			enums = append(enums, fmt.Sprintf("%s: %s", pyStr(f.Name), f.TypeName))
		}
	}
	if len(fields) == 1 {
		w.line("__prisma_fields__ = (%s,)", fields[0])
	} else {
		w.line("__prisma_fields__ = (%s)", strings.Join(fields, ", "))
	}
	if len(rels) > 0 {
		w.line("__prisma_relations__ = {%s}", strings.Join(rels, ", "))
	}
	if len(enums) > 0 {
		w.line("__prisma_enums__ = {%s}", strings.Join(enums, ", "))
	}
	w.line("")
	for _, f := range m.Fields {
		if !isPyName(f.Name) {
			w.line("# %s is not a Python name: read it with getattr(record, %s).", pyStr(f.Name), pyStr(f.Name))
			continue
		}
		w.line("%s: %s", f.Name, fieldOutput(f))
		if f.Doc != "" {
			w.docstring(f.Doc)
		}
	}
	w.out()
}

// enumsPy is enums.py: a str-valued enum per schema enum. Members are named
// and valued by the Prisma name (what the engine returns), not the @map.
func (g *gen) enumsPy() string {
	var w pyWriter
	w.b.WriteString(g.header())
	w.docstring("Enums of the schema. Each member is a str equal to its value, and inputs\naccept the plain strings as well.")
	w.line("from __future__ import annotations")
	w.line("")
	if len(g.sch.Enums) > 0 {
		w.line("from caspian_prisma.models import PrismaEnum")
		w.line("")
	}
	w.allList(g.enumNames())
	for _, e := range g.sch.Enums {
		w.line("")
		w.line("")
		w.line("class %s(PrismaEnum):", e.Name)
		w.in()
		doc := e.Doc
		if doc == "" {
			doc = fmt.Sprintf("The %s enum of the schema.", e.Name)
		}
		w.docstring(doc)
		w.line("")
		for _, v := range e.Values {
			name := v.Name
			if !isPyName(name) || name == "name" || name == "value" {
				name += "_"
			}
			w.line("%s = %s", name, pyStr(v.Name))
			if v.Doc != "" {
				w.docstring(v.Doc)
			}
		}
		w.out()
	}
	return w.String()
}
