package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// queryRaw runs user SQL: kind "query" returns {"columns": [...], "rows":
// [[...], ...]} (typed values, JSON columns decoded) so the caller keeps the
// SELECT's column order, which a map would lose; "execute" the affected count.
// Database failures are P2010 with the native code and message.
func (e *Engine) queryRaw(ctx context.Context, params map[string]any) (any, error) {
	sql, _ := params["sql"].(string)
	if sql == "" {
		return nil, perr.New(perr.Validation, map[string]any{"path": "sql"}, "query_raw needs a SQL string")
	}
	args, err := rawArgs(params["args"], params["arg_types"])
	if err != nil {
		return nil, err
	}
	kind, _ := params["kind"].(string)
	db, x, err := e.queryDB(ctx, params)
	if err != nil {
		return nil, err
	}
	action := "queryRaw"
	if kind == "execute" {
		action = "executeRaw"
	}
	defer e.metrics.operation("", action)()
	fail := func(err error) error {
		if x != nil {
			if xe := x.opErr(err); xe != err {
				return xe
			}
		}
		if ctx.Err() != nil {
			return perr.FromDriver(ctx.Err(), perr.Op{})
		}
		return perr.FromDriver(err, perr.Op{Raw: true, Names: e.names})
	}
	switch kind {
	case "execute":
		res, err := db.Exec(driver.WithUserSQL(ctx), sql, args)
		if err != nil {
			return nil, fail(err)
		}
		return res.RowsAffected, nil
	case "", "query":
		var (
			cols []string
			rows [][]any
			ok   bool
		)
		if e.replicas != nil && x == nil {
			cols, rows, err, ok = e.rawOnReplica(ctx, sql, args)
		}
		if !ok {
			cols, rows, err = db.QueryRaw(ctx, sql, args)
		}
		if err != nil {
			return nil, fail(err)
		}
		outCols := make([]any, len(cols))
		for i, c := range cols {
			outCols[i] = c
		}
		outRows := make([]any, len(rows))
		for i, r := range rows {
			vals := make([]any, len(r))
			for j, v := range r {
				vals[j] = rawValue(v)
			}
			outRows[i] = vals
		}
		return map[string]any{"columns": outCols, "rows": outRows}, nil
	}
	return nil, perr.New(perr.Validation, map[string]any{"path": "kind"}, "`kind` must be \"query\" or \"execute\", got %q", kind)
}

// rawArgs converts decoded msgpack arguments to driver values: lists and
// maps are sent as JSON text (a Json parameter), times in UTC. types are
// typed SQL's parameter types (Prisma's names; nil for query_raw): a list
// for a "T[]" parameter is bound as a database array (a PostgreSQL
// scalar list, enum arrays included), as Prisma binds it.
func rawArgs(v, types any) ([]any, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, perr.New(perr.Validation, map[string]any{"path": "args"}, "`args` must be a list, got %T", v)
	}
	typeList, _ := types.([]any)
	out := make([]any, len(list))
	for i, a := range list {
		if l, ok := a.([]any); ok && i < len(typeList) {
			if t, _ := typeList[i].(string); strings.HasSuffix(t, "[]") {
				out[i] = driver.List(l)
				continue
			}
		}
		switch a := a.(type) {
		case []any, map[string]any:
			b, err := json.Marshal(a)
			if err != nil {
				return nil, perr.New(perr.Validation, map[string]any{"path": fmt.Sprintf("args[%d]", i)},
					"argument %d cannot be sent as JSON: %v", i+1, err)
			}
			out[i] = driver.JSON(b)
		case uint64:
			if a > math.MaxInt64 {
				return nil, perr.New(perr.Validation, map[string]any{"path": fmt.Sprintf("args[%d]", i)},
					"argument %d (%d) does not fit in a 64-bit signed integer", i+1, a)
			}
			out[i] = int64(a)
		case time.Time:
			out[i] = a.UTC()
		default:
			out[i] = a
		}
	}
	return out, nil
}

// rawValue turns JSON text into Python-ready values; the rest is returned
// as the adapter typed it.
func rawValue(v any) any {
	j, ok := v.(driver.JSON)
	if !ok {
		return v
	}
	return exec.DecodeJSON([]byte(j))
}
