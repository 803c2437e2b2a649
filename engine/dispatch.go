package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/query"
)

// execute is query.Execute; a variable so engine tests can stand in for the
// query layer where they test transactions rather than queries.
var execute = query.Execute

// inTx reports a request naming an interactive transaction.
func inTx(params map[string]any) bool {
	id, _ := params["tx"].(string)
	return id != ""
}

// queryDB is what a request runs on: the pool, or the interactive
// transaction named by params["tx"].
func (e *Engine) queryDB(ctx context.Context, params map[string]any) (query.DB, *itx, error) {
	if id, ok := params["tx"].(string); ok && id != "" {
		x, err := e.lookupTx(id)
		if err != nil {
			return nil, nil, err
		}
		return e.txDB(x), x, nil
	}
	p, err := e.connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	return e.poolDB(p), nil, nil
}

func (e *Engine) queryExecute(ctx context.Context, params map[string]any) (any, error) {
	if e.sch == nil {
		return nil, perr.New(perr.Schema, nil, "the engine was opened without a schema: only raw queries can run")
	}
	model, _ := params["model"].(string)
	action, _ := params["action"].(string)
	args, err := argsParam(params)
	if err != nil {
		return nil, err
	}
	if e.replicas != nil && !inTx(params) && readActions[action] {
		if res, err, ok := e.readOnReplica(ctx, model, action, args); ok {
			return res, err
		}
	}
	db, x, err := e.queryDB(ctx, params)
	if err != nil {
		return nil, err
	}
	return e.executeOn(ctx, db, x, model, action, args)
}

// executeOn runs one request on db (x: its interactive transaction, if any).
func (e *Engine) executeOn(ctx context.Context, db query.DB, x *itx, model, action string, args map[string]any) (any, error) {
	done := e.metrics.operation(model, action)
	res, err := execute(ctx, e.sch, db, model, action, args)
	done()
	if err != nil {
		return nil, e.userErr(ctx, err, x, model)
	}
	return res, nil
}

// userErr makes sure an error leaving the engine is a *perr.Error: driver
// errors go through the catalogue, an expired transaction is P2028, and a
// request canceled by its caller is CANCELED.
func (e *Engine) userErr(ctx context.Context, err error, x *itx, model string) error {
	if x != nil {
		if xe := x.opErr(err); xe != err {
			return xe
		}
	}
	var pe *perr.Error
	if errors.As(err, &pe) {
		if ctx.Err() != nil && (pe.Code == perr.Internal || pe.Code == perr.Timeout) {
			return perr.FromDriver(ctx.Err(), perr.Op{})
		}
		return pe
	}
	return perr.FromDriver(err, perr.Op{Model: model, Names: e.names})
}

func argsParam(params map[string]any) (map[string]any, error) {
	switch a := params["args"].(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return a, nil
	default:
		return nil, perr.New(perr.Validation, map[string]any{"path": "args"}, "`args` must be a map, got %T", a)
	}
}

func (e *Engine) explain(params map[string]any) (any, error) {
	if e.sch == nil {
		return nil, perr.New(perr.Schema, nil, "the engine was opened without a schema")
	}
	model, _ := params["model"].(string)
	action, _ := params["action"].(string)
	args, err := argsParam(params)
	if err != nil {
		return nil, err
	}
	provider := e.provider
	if p, ok := params["provider"].(string); ok && p != "" {
		provider = p
	}
	return query.Explain(e.sch, model, action, args, provider)
}

// batch runs ops in one transaction (the interactive one named by "tx", or
// a new one) and returns their results in order. The first failure rolls
// the new transaction back and is returned with the op's index in meta.
func (e *Engine) batch(ctx context.Context, params map[string]any) (any, error) {
	if e.sch == nil {
		return nil, perr.New(perr.Schema, nil, "the engine was opened without a schema: only raw queries can run")
	}
	ops, ok := params["ops"].([]any)
	if !ok {
		return nil, perr.New(perr.Validation, map[string]any{"path": "ops"}, "`ops` must be a list of {model, action, args}")
	}
	type op struct {
		model, action string
		args          map[string]any
	}
	parsed := make([]op, len(ops))
	for i, o := range ops {
		m, ok := o.(map[string]any)
		if !ok {
			return nil, perr.New(perr.Validation, map[string]any{"path": fmt.Sprintf("ops[%d]", i)}, "ops[%d] must be a map {model, action, args}", i)
		}
		args, err := argsParam(m)
		if err != nil {
			return nil, err
		}
		parsed[i].model, _ = m["model"].(string)
		parsed[i].action, _ = m["action"].(string)
		parsed[i].args = args
	}
	var x *itx
	own := false
	if id, ok := params["tx"].(string); ok && id != "" {
		var err error
		if x, err = e.lookupTx(id); err != nil {
			return nil, err
		}
	} else {
		iso, _ := params["isolation_level"].(string)
		var err error
		if x, err = e.begin(ctx, iso, atomicWait); err != nil {
			return nil, err
		}
		own = true
	}
	db := e.txDB(x)
	results := make([]any, len(parsed))
	for i, o := range parsed {
		done := e.metrics.operation(o.model, o.action)
		res, err := execute(ctx, e.sch, db, o.model, o.action, o.args)
		done()
		if err != nil {
			pe := *e.userErr(ctx, err, x, o.model).(*perr.Error) // a copy: errors may be shared values
			if own {
				x.finish(context.WithoutCancel(ctx), txRolledBack)
			}
			meta := map[string]any{"batch_index": int64(i)}
			for k, v := range pe.Meta {
				meta[k] = v
			}
			pe.Meta = meta
			return nil, &pe
		}
		results[i] = res
	}
	if own {
		if err := x.finish(ctx, txCommitted); err != nil {
			return nil, e.userErr(ctx, err, nil, "")
		}
	}
	return results, nil
}
