package pull

import (
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// A multi-schema database (a PostgreSQL datasource with `schemas`, read by
// migrate.Describe) has every table and enum qualified by its schema.
// Prisma's introspection then writes @@schema on each model and enum,
// orders them by schema before name, and names a model or enum whose
// database name another schema uses too <schema>_<name> (with @@map and a
// warning), since Prisma names are global:
// https://www.prisma.io/docs/orm/prisma-schema/data-model/multi-schema

// multiSchema reports whether live was described over several schemas.
func multiSchema(live *sqlschema.Schema) bool {
	for _, t := range live.Tables {
		if t.Namespace != "" {
			return true
		}
	}
	for _, e := range live.Enums {
		if e.Namespace != "" {
			return true
		}
	}
	return false
}

// less orders tables and enums by schema, then name.
func less(ns1, name1, ns2, name2 string) bool {
	if ns1 != ns2 {
		return ns1 < ns2
	}
	return name1 < name2
}

// schemaAttr is the @@schema attribute of a table or enum in namespace ns
// ("" outside multi-schema databases).
func schemaAttr(ns string) string {
	if ns == "" {
		return ""
	}
	return "@@schema(" + quote(ns) + ")"
}

// duplicateNames are the database names of tables (or enums) that more
// than one schema uses.
func duplicateNames[T any](items []T, key func(T) (ns, name string)) map[string]bool {
	seen := map[string]string{}
	dup := map[string]bool{}
	for _, it := range items {
		ns, name := key(it)
		if first, ok := seen[name]; ok && first != ns {
			dup[name] = true
		}
		seen[name] = ns
	}
	return dup
}

// renameDuplicates gives the new models and enums whose database name is
// used in another schema too the name <schema>_<name>, as Prisma does.
func (r *renderer) renameDuplicates() {
	dupTables := duplicateNames(r.models, func(m *model) (string, string) { return m.t.Namespace, m.t.Name })
	for _, m := range r.models {
		if m.prev == nil && dupTables[m.t.Name] {
			m.name = typeName(m.t.Namespace + "_" + m.t.Name)
			r.renamed = append(r.renamed, fmt.Sprintf("Type: \"model\", name: %q", m.name))
		}
	}
	dupEnums := duplicateNames(r.live.Enums, func(e *sqlschema.Enum) (string, string) { return e.Namespace, e.Name })
	for _, e := range r.enums {
		if e.prev == nil && dupEnums[e.dbName] {
			e.name = typeName(e.namespace + "_" + e.dbName)
			r.renamed = append(r.renamed, fmt.Sprintf("Type: \"enum\", name: %q", e.name))
		}
	}
	sort.Strings(r.renamed)
}

// sortedSchemas rewrites the `schemas` list of the header's datasource in
// sorted order, as Prisma writes it back after introspecting them; the
// rest of the header stays as the user wrote it.
func sortedSchemas(header string) string {
	f := ast.Parse(header, "schema.prisma")
	for _, b := range f.Blocks {
		c, ok := b.(*ast.Config)
		if !ok || c.Keyword != "datasource" {
			continue
		}
		for _, p := range c.Properties {
			arr, ok := p.Value.(*ast.ArrayExpr)
			if p.Key.Name != "schemas" || !ok {
				continue
			}
			var names []string
			for _, e := range arr.Elems {
				s, ok := e.(*ast.StringLit)
				if !ok {
					return header // not a list of names: validation says so
				}
				names = append(names, s.Value)
			}
			sort.Strings(names)
			for i, n := range names {
				names[i] = quote(n)
			}
			sp := arr.Span
			if sp.Start.Offset < 0 || sp.End.Offset > len(header) || sp.Start.Offset >= sp.End.Offset {
				return header
			}
			return header[:sp.Start.Offset] + "[" + strings.Join(names, ", ") + "]" + header[sp.End.Offset:]
		}
	}
	return header
}

// CrossSchemaReference is why Prisma refuses to pull a multi-schema
// database in which a table of a listed schema has a foreign key into a
// schema that is not listed (the relation could not be written), or "".
// The database is the CLI's P4002 (inconsistent schema).
func CrossSchemaReference(live *sqlschema.Schema) string {
	if !multiSchema(live) {
		return ""
	}
	read := map[string]bool{}
	for _, n := range live.Namespaces {
		read[n] = true
	}
	tables := append([]*sqlschema.Table(nil), live.Tables...)
	sort.SliceStable(tables, func(i, j int) bool {
		return less(tables[i].Namespace, tables[i].Name, tables[j].Namespace, tables[j].Name)
	})
	for _, t := range tables {
		for _, fk := range t.FKs {
			if fk.RefNamespace != "" && !read[fk.RefNamespace] {
				return fmt.Sprintf("Cross schema references are only allowed when the target schema is listed in the schemas property of your datasource. `%s` points to `%s` in constraint `%s`. Please add `%s` to your `schemas` property and run this command again.",
					t.ID(), fk.RefID(), fk.Name, fk.RefNamespace)
			}
		}
	}
	return ""
}
