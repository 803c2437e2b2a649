package migrate

import (
	"context"
	"sort"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Namespaces are the database schemas a Prisma schema spreads over: its
// datasource's `schemas` where the database has namespaces, else none (the
// connection's one schema).
func Namespaces(sch *schema.Schema, fl flavour.Flavour) []string {
	if sch == nil || sch.Datasource == nil || !fl.Caps().Namespaces {
		return nil
	}
	return sch.Datasource.Schemas
}

// Describe reads the live database as Calculate spells a schema: the
// connection's namespace when namespaces is empty, else each listed
// namespace with every table, enum, enum column and foreign key target
// qualified by its own, so that a multi-schema database diffs against its
// Prisma schema (and a second push finds nothing to do).
func Describe(ctx context.Context, fl flavour.Flavour, q driver.Querier, namespace string, namespaces []string) (*sqlschema.Schema, error) {
	if len(namespaces) == 0 {
		s, err := fl.Describe(ctx, q, namespace)
		if s != nil {
			s.Namespaces = nil // one schema: nothing to create by name
		}
		return s, err
	}
	out := &sqlschema.Schema{}
	sorted := append([]string(nil), namespaces...)
	sort.Strings(sorted)
	for _, n := range sorted {
		s, err := fl.Describe(ctx, q, n)
		if err != nil {
			return nil, err
		}
		out.Namespaces = append(out.Namespaces, s.Namespaces...)
		for _, e := range s.Enums {
			e.Namespace = n
			out.Enums = append(out.Enums, e)
		}
		for _, t := range s.Tables {
			t.Namespace = n
			for _, c := range t.Columns {
				if c.Enum != "" && c.EnumNamespace == "" {
					c.EnumNamespace, c.Type = n, fl.Quote(n)+"."+c.Type
				}
			}
			for _, fk := range t.FKs {
				if fk.RefNamespace == "" {
					fk.RefNamespace = n
				}
			}
			out.Tables = append(out.Tables, t)
		}
	}
	return out, nil
}
