package perr

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// SchemaNames implements Names from a resolved schema: database tables,
// columns and constraint names back to models and fields. The query layer
// and the engine both pass it to FromDriver, so an error reads the same
// wherever it is mapped.
func SchemaNames(sch *schema.Schema) Names {
	if sch == nil {
		return nil
	}
	return schemaNames{sch}
}

type schemaNames struct{ sch *schema.Schema }

func (n schemaNames) model(table string) *schema.Model {
	if table == "" {
		return nil
	}
	for _, m := range n.sch.Models {
		if m.DBName == table {
			return m
		}
	}
	// MySQL on a case-insensitive file system may report lowered names.
	for _, m := range n.sch.Models {
		if strings.EqualFold(m.DBName, table) {
			return m
		}
	}
	return nil
}

func (n schemaNames) Model(table string) string {
	if m := n.model(table); m != nil {
		return m.Name
	}
	return ""
}

func (n schemaNames) Fields(table string, columns []string) []string {
	m := n.model(table)
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c
		if m == nil {
			continue
		}
		for _, f := range m.ScalarFields() {
			if f.DBName == c {
				out[i] = f.Name
				break
			}
		}
	}
	return out
}

// Constraint finds the model and fields of a constraint. table may be empty
// (MariaDB does not name it) or a model name (the request's model, a hint);
// the hinted model is searched first, then every model, since a nested
// write can fail on another model's constraint.
func (n schemaNames) Constraint(table, name string) (string, []string, bool) {
	hint := n.model(table)
	if hint == nil && table != "" {
		hint = n.sch.Model(table)
	}
	if hint != nil {
		if fs, ok := constraintFields(hint, name, true); ok {
			return hint.Name, fs, true
		}
	}
	for _, m := range n.sch.Models {
		if fs, ok := constraintFields(m, name, false); ok {
			return m.Name, fs, true
		}
	}
	return "", nil, false
}

// constraintFields returns the fields of m's unique, primary key or foreign
// key constraint called name; only says m is known to be the failing model.
func constraintFields(m *schema.Model, name string, only bool) ([]string, bool) {
	for _, u := range m.Uniques {
		if u.DBName == name {
			return append([]string(nil), u.Fields...), true
		}
	}
	if pk := m.PrimaryKey; pk != nil {
		// PostgreSQL's default is "<Table>_pkey"; MySQL calls every primary
		// key "PRIMARY", so that needs to know the model.
		if pk.DBName == name || (pk.DBName == "" && name == m.DBName+"_pkey") || (name == "PRIMARY" && only) {
			return append([]string(nil), pk.Fields...), true
		}
	}
	for _, f := range m.Fields {
		if f.Relation != nil && f.Relation.DBName == name && f.Relation.HoldsFK() {
			return append([]string(nil), f.Relation.Fields...), true
		}
	}
	return nil, false
}
