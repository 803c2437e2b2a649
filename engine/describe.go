package engine

import (
	"context"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
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
		ps[i] = map[string]any{"name": p.Name, "type": driver.TypeName(p.Type), "db_type": p.DBType}
	}
	cols := make([]any, len(desc.Columns))
	for i, c := range desc.Columns {
		cols[i] = map[string]any{"name": c.Name, "type": driver.TypeName(c.Type), "db_type": c.DBType, "nullable": c.Nullable}
	}
	return map[string]any{"params": ps, "columns": cols}, nil
}
