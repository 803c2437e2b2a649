package codegen

import "github.com/caspian-prisma/caspian-prisma/schema"

// clientView is the part of the schema the client shows. Prisma leaves
// @@ignore'd models and @ignore'd fields (relation fields pointing at an
// ignored model are ignored too) out of the client, though their tables
// and columns stay in the database; a unique criterion over an ignored
// field cannot be used to find a record either. The schema itself is not
// changed: the view copies the models it trims.
func clientView(sch *schema.Schema) *schema.Schema {
	trimmed := false
	for _, m := range sch.Models {
		trimmed = trimmed || m.Ignored
		for _, f := range m.Fields {
			trimmed = trimmed || f.Ignored
		}
	}
	if !trimmed {
		return sch
	}
	view := *sch
	view.Models = make([]*schema.Model, 0, len(sch.Models))
	for _, m := range sch.Models {
		if m.Ignored {
			continue
		}
		mc := *m
		mc.Fields = make([]*schema.Field, 0, len(m.Fields))
		shown := map[string]bool{}
		for _, f := range m.Fields {
			if !f.Ignored {
				mc.Fields = append(mc.Fields, f)
				shown[f.Name] = true
			}
		}
		mc.Uniques = nil
		for _, u := range m.Uniques {
			if allShown(u.Fields, shown) {
				mc.Uniques = append(mc.Uniques, u)
			}
		}
		if mc.PrimaryKey != nil && !allShown(mc.PrimaryKey.Fields, shown) {
			mc.PrimaryKey = nil
		}
		view.Models = append(view.Models, &mc)
	}
	return &view
}

func allShown(fields []string, shown map[string]bool) bool {
	for _, n := range fields {
		if !shown[n] {
			return false
		}
	}
	return true
}
