package schema

// Qualify gives every model and enum written without @@schema, and the
// join tables of implicit many-to-many relations between such models, the
// database schema name, as if each had @@schema(name): the SQL built from
// them then names the schema on every table, as Prisma's does, instead of
// relying on the connection's search_path (which a connection through
// PgBouncer in transaction mode cannot set). Models and enums with their
// own @@schema keep it. The schema is changed in place: call it once,
// before any query reads it.
func (s *Schema) Qualify(name string) {
	if name == "" {
		return
	}
	for _, e := range s.Enums {
		if e.Schema == "" {
			e.Schema = name
		}
	}
	for _, m := range s.Models {
		for _, f := range m.Fields {
			// Side A's schema before A is qualified: "" means A had none.
			if r := f.Relation; r != nil && r.JoinTable != "" && r.JoinSchema == "" {
				r.JoinSchema = name
			}
		}
	}
	for _, m := range s.Models {
		if m.Schema == "" {
			m.Schema = name
		}
	}
}
