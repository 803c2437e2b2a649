package pull

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Enums: a PostgreSQL enum type (by its schema and name) or a MySQL ENUM
// column (named <table>_<column>) becomes an enum block; the previous
// schema's enum, when one matches, gives its name and value names.

func (r *renderer) prevEnumIndex(e *enum) int {
	if e.prev != nil && r.prev != nil {
		for i, pe := range r.prev.Enums {
			if pe == e.prev {
				return i
			}
		}
	}
	return 1 << 30
}

// addEnum registers an enum by its schema (multi-schema databases) and
// database name; prev is the previous schema's enum when a field tells
// which one it was.
func (r *renderer) addEnum(namespace, dbName string, values []string, prev *schema.Enum) *enum {
	id := sqlschema.QualifiedName(namespace, dbName)
	if e := r.byEnum[id]; e != nil {
		return e
	}
	if prev == nil && r.prev != nil && r.prov == "postgresql" {
		for _, pe := range r.prev.Enums {
			if pe.DBName == dbName && (!r.multi || pe.Schema == namespace) {
				prev = pe
			}
		}
	}
	if prev != nil && r.prov == "mysql" {
		// Several ENUM columns of the previous schema share one enum.
		for _, e := range r.enums {
			if e.prev == prev && strings.Join(e.values, "\x00") == strings.Join(values, "\x00") {
				r.byEnum[id] = e
				return e
			}
		}
	}
	e := &enum{namespace: namespace, dbName: dbName, values: values, prev: prev}
	if prev != nil {
		e.name = prev.Name
	} else {
		e.name = typeName(dbName)
	}
	r.byEnum[id] = e
	r.enums = append(r.enums, e)
	return e
}

// valueName is the Prisma name of an enum's database value.
func (e *enum) valueName(v string) (name, mapped string) {
	if e.prev != nil {
		for _, pv := range e.prev.Values {
			if pv.DBName == v || (pv.DBName == "" && pv.Name == v) {
				if pv.Name != v {
					return pv.Name, v
				}
				return v, ""
			}
		}
	}
	if v == "" {
		return "EMPTY_ENUM_VALUE", v
	}
	if needsSanitation(v) {
		return sanitize(v), v
	}
	return v, ""
}
