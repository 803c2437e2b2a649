package engine

import (
	"context"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// queryDescribe answers query.describe: the database's own description of
// one statement (parameters, result columns), read by preparing it on the
// primary. It is what ppy generate --sql types the generated functions with.
func (e *Engine) queryDescribe(ctx context.Context, params map[string]any) (any, error) {
	sql, _ := params["sql"].(string)
	if sql == "" {
		return nil, perr.New(perr.Validation, map[string]any{"path": "sql"}, "query.describe needs a SQL string")
	}
	p, err := e.connect(ctx)
	if err != nil {
		return nil, err
	}
	d, ok := p.(driver.Describer)
	if !ok {
		return nil, perr.New(perr.Validation, nil, "this database adapter cannot describe a statement")
	}
	desc, err := d.Describe(ctx, sql)
	if err != nil {
		if ctx.Err() != nil {
			return nil, perr.FromDriver(ctx.Err(), perr.Op{})
		}
		return nil, perr.FromDriver(err, perr.Op{Raw: true, Names: e.names})
	}
	ps := make([]any, len(desc.Params))
	for i, p := range desc.Params {
		m := map[string]any{"name": p.Name, "type": driver.TypeName(p.Type), "db_type": p.DBType}
		if en := e.schemaEnum(p.Enum); en != nil {
			m["enum"] = en.Name
		}
		ps[i] = m
	}
	cols := make([]any, len(desc.Columns))
	for i, c := range desc.Columns {
		m := map[string]any{"name": c.Name, "type": driver.TypeName(c.Type), "db_type": c.DBType, "nullable": c.Nullable}
		if en := e.schemaEnum(c.Enum); en != nil {
			m["enum"] = en.Name
		}
		cols[i] = m
	}
	return map[string]any{"params": ps, "columns": cols}, nil
}

// schemaEnum is the schema's enum that the database enum type d is: the
// one of that database name (@@map) in d's schema (@@schema, or the
// connection's schema for an enum without one), as Prisma's TypedSQL
// types such values with the enum. nil when there is none, and for an
// enum whose values are renamed with @map: the database holds the mapped
// names, which the client's enum does not know, so those stay strings.
func (e *Engine) schemaEnum(d *driver.Enum) *schema.Enum {
	if d == nil || e.sch == nil {
		return nil
	}
	for _, en := range e.sch.Enums {
		if en.DBName != d.Name || (en.Schema == "" && !d.Current) || (en.Schema != "" && en.Schema != d.Schema) {
			continue
		}
		for _, v := range en.Values {
			if v.DBName != v.Name {
				return nil
			}
		}
		return en
	}
	return nil
}
