package studio

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// describeModel is a model as the page needs it: fields with their types,
// docs, defaults and relations (the keys to follow a relation both ways).
func describeModel(m *schema.Model) map[string]any {
	var fields []any
	for _, f := range m.Fields {
		if f.Ignored {
			continue
		}
		fields = append(fields, describeField(f))
	}
	d := map[string]any{"name": m.Name, "dbName": m.DBName, "doc": m.Doc, "fields": fields, "isView": m.IsView, "display": displayField(m)}
	if m.PrimaryKey != nil && len(m.PrimaryKey.Fields) > 0 {
		d["pk"] = map[string]any{"name": m.PrimaryKey.Name, "fields": m.PrimaryKey.Fields}
	} else {
		d["readOnly"] = true // no key to name a row by
	}
	return d
}

// displayField is the field that names a record in a relation cell: a
// required String called name, title or label, else the first unique
// String (an email), else an optional name/title/label, else "" (the key
// is shown).
func displayField(m *schema.Model) string {
	isText := func(f *schema.Field) bool {
		return f.Kind == schema.ScalarField && f.Type == schema.String && !f.List && !f.Ignored && !f.ID
	}
	named := func(f *schema.Field) bool {
		n := strings.ToLower(f.Name)
		return n == "name" || n == "title" || n == "label"
	}
	for _, pass := range []func(f *schema.Field) bool{
		func(f *schema.Field) bool { return named(f) && !f.Optional },
		func(f *schema.Field) bool { return f.Unique },
		named,
	} {
		for _, f := range m.Fields {
			if isText(f) && pass(f) {
				return f.Name
			}
		}
	}
	return ""
}

func describeField(f *schema.Field) map[string]any {
	d := map[string]any{
		"name": f.Name, "type": string(f.Type), "typeName": f.TypeName, "doc": f.Doc,
		"list": f.List, "optional": f.Optional, "id": f.ID, "unique": f.Unique,
		"updatedAt": f.UpdatedAt, "required": f.Required(), "nativeType": f.NativeType,
	}
	switch f.Kind {
	case schema.ScalarField:
		d["kind"] = "scalar"
	case schema.EnumField:
		d["kind"] = "enum"
		values := make([]string, len(f.Enum.Values))
		for i, v := range f.Enum.Values {
			values[i] = v.Name
		}
		d["values"] = values
	case schema.RelationField:
		d["kind"] = "relation"
		r := f.Relation
		rel := map[string]any{"model": r.Model.Name, "fields": r.Fields, "references": r.References, "name": r.Name, "display": displayField(r.Model)}
		if r.Back != nil {
			rel["back"] = map[string]any{"name": r.Back.Name, "fields": r.Back.Relation.Fields, "references": r.Back.Relation.References}
		}
		d["relation"] = rel
	}
	if f.Default != nil {
		d["default"] = defaultText(f.Default)
	}
	return d
}

// defaultText is the @default as the schema writes it.
func defaultText(def *schema.Default) string {
	if g := def.Generator(); g != "" {
		return g
	}
	switch def.Kind {
	case schema.DefaultAutoincrement:
		return "autoincrement()"
	case schema.DefaultNow:
		return "now()"
	case schema.DefaultDbGenerated:
		return "dbgenerated()"
	}
	switch v := def.Value.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(def.Value)
}
