package studio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// maxTake bounds a page: the studio never loads a whole table.
const maxTake = 500

// countCap bounds counts (sidebar, totals): a count stops after this many
// rows (a take on count is a LIMIT in a subquery), so a large table costs
// no full scan; the page shows "100000+".
const countCap = 100000

// maxBody bounds a request body (a batch of edits with a few Bytes values).
const maxBody = 32 << 20

// apiFunc answers one API call with a JSON-encodable value or an error.
type apiFunc func(ctx context.Context, body map[string]any) (any, error)

// api wraps f: decodes the JSON body, encodes the answer, and turns errors
// into {error: {code, message, meta, field, index}} with status 400 (the
// request's fault) or 500.
func (s *Server) api(f apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body := map[string]any{}
		if r.Method == http.MethodPost {
			// Integers stay exact (int64): the engine takes them for Int and BigInt.
			raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
			m, ok := exec.DecodeJSON(raw).(map[string]any)
			if err != nil || !ok {
				writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "BAD_REQUEST", "message": "the request body is not a JSON object"}})
				return
			}
			body = m
		}
		out, err := f(r.Context(), body)
		if err != nil {
			status, e := s.errorBody(err)
			writeJSON(w, status, map[string]any{"error": e})
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// errorBody turns an engine error into the API's error object, naming the
// field it concerns when the engine's meta says which.
func (s *Server) errorBody(err error) (int, map[string]any) {
	var pe *perr.Error
	if !errors.As(err, &pe) {
		return http.StatusInternalServerError, map[string]any{"code": perr.Internal, "message": err.Error()}
	}
	out := map[string]any{"code": pe.Code, "message": pe.Message, "meta": pe.Meta}
	status := http.StatusBadRequest
	if pe.Code == perr.Internal || pe.Code == perr.ConnectFailed {
		status = http.StatusInternalServerError
	}
	if i, ok := pe.Meta["batch_index"].(int64); ok {
		out["index"] = i
	}
	model, _ := pe.Meta["modelName"].(string)
	if f := s.errorField(model, pe.Meta); f != "" {
		out["field"] = f
	}
	return status, out
}

// errorField is the model field an error's meta points at: a validation
// path ("data.email"), a unique target (["email"]) or a foreign key's
// field_name (a column or constraint name).
func (s *Server) errorField(model string, meta map[string]any) string {
	if p, ok := meta["path"].(string); ok && p != "" {
		parts := strings.Split(p, ".")
		if len(parts) > 1 && (parts[0] == "data" || parts[0] == "where") {
			return parts[1]
		}
		return parts[0]
	}
	switch t := meta["target"].(type) {
	case []string:
		if len(t) > 0 {
			return t[0]
		}
	case []any:
		if len(t) > 0 {
			f, _ := t[0].(string)
			return f
		}
	}
	if name, ok := meta["field_name"].(string); ok && model != "" {
		if m := s.model(model); m != nil {
			for _, f := range m.Fields {
				if f.Kind != schema.RelationField && (f.DBName == name || f.Name == name || strings.Contains(name, "_"+f.DBName+"_")) {
					return f.Name
				}
			}
		}
	}
	return ""
}

func (s *Server) model(name string) *schema.Model {
	for _, m := range s.sch.Models {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// execute is one query.execute request; log, when set, collects its SQL.
func (s *Server) execute(ctx context.Context, model, action string, args map[string]any) (any, []abi.LogEntry, error) {
	ctx, log := engine.WithQueryLog(ctx)
	res, err := s.eng.Handle(ctx, abi.MethodQueryExecute, map[string]any{"model": model, "action": action, "args": args})
	return res, log.Entries(), err
}

// count counts a model's rows under where, up to countCap; capped reports
// that there are more.
func (s *Server) count(ctx context.Context, model string, where any) (n int64, capped bool, err error) {
	args := map[string]any{"take": int64(countCap + 1)}
	if where != nil {
		args["where"] = where
	}
	res, _, err := s.execute(ctx, model, "count", args)
	if err != nil {
		return 0, false, err
	}
	n, _ = res.(int64)
	if n > countCap {
		return countCap, true, nil
	}
	return n, false, nil
}

// models lists the schema's models with their row counts, docs and fields.
func (s *Server) models(ctx context.Context, _ map[string]any) (any, error) {
	var out []any
	for _, m := range s.sch.Models {
		if m.Ignored {
			continue
		}
		desc := describeModel(m)
		if n, capped, err := s.count(ctx, m.Name, nil); err == nil {
			desc["count"], desc["countCapped"] = n, capped
		} else {
			var pe *perr.Error
			if errors.As(err, &pe) && pe.Code == perr.ConnectFailed {
				return nil, err
			}
			desc["countError"] = err.Error()
		}
		out = append(out, desc)
	}
	return map[string]any{"provider": s.provider, "models": out}, nil
}

// rows is one page of a model: findMany with where/orderBy/take/skip, the
// total count under the same where, the Python call and the SQL it ran.
func (s *Server) rows(ctx context.Context, body map[string]any) (any, error) {
	name, _ := body["model"].(string)
	m := s.model(name)
	if m == nil {
		return nil, perr.New(perr.Validation, map[string]any{"path": "model"}, "unknown model %q", name)
	}
	args := map[string]any{}
	for _, k := range []string{"where", "orderBy"} {
		if v, ok := body[k]; ok && v != nil && !isEmpty(v) {
			args[k] = v
		}
	}
	take, _ := body["take"].(int64)
	if take <= 0 || take > maxTake {
		take = 50
	}
	args["take"] = take
	if skip, _ := body["skip"].(int64); skip > 0 {
		args["skip"] = skip
	}
	if inc := relationInclude(m); len(inc) > 0 {
		args["include"] = inc
	}
	res, log, err := s.execute(ctx, name, "findMany", args)
	if err != nil {
		return nil, err
	}
	total, capped, err := s.count(ctx, name, args["where"])
	if err != nil {
		return nil, err
	}
	list, _ := res.([]any)
	for _, r := range list {
		if row, ok := r.(map[string]any); ok {
			wireRow(m, row)
		}
	}
	sql := make([]string, len(log))
	for i, e := range log {
		sql[i] = e.SQL
	}
	return map[string]any{"rows": list, "total": total, "totalCapped": capped, "python": PythonCall(m, "findMany", args), "sql": sql}, nil
}

// save runs a batch of edits in one transaction (batch.execute): all of
// them or none. Each op is {op: create|update|delete, model, where?, data?}.
func (s *Server) save(ctx context.Context, body map[string]any) (any, error) {
	ops, _ := body["ops"].([]any)
	reqs, err := batchRequests(ops)
	if err != nil {
		return nil, err
	}
	res, err := s.eng.Handle(ctx, abi.MethodBatchExecute, map[string]any{"ops": reqs})
	if err != nil {
		return nil, err
	}
	list, _ := res.([]any)
	for i, r := range list {
		op, _ := ops[i].(map[string]any)
		name, _ := op["model"].(string)
		if row, ok := r.(map[string]any); ok && s.model(name) != nil {
			wireRow(s.model(name), row)
		}
	}
	return map[string]any{"results": list, "saved": len(list)}, nil
}

// batchRequests turns the page's ops, {op: create|update|delete, model,
// where?, data?}, into batch.execute's {model, action, args}.
func batchRequests(ops []any) ([]any, error) {
	if len(ops) == 0 {
		return nil, perr.New(perr.Validation, map[string]any{"path": "ops"}, "nothing to save: `ops` is empty")
	}
	reqs := make([]any, len(ops))
	for i, o := range ops {
		op, _ := o.(map[string]any)
		model, _ := op["model"].(string)
		kind, _ := op["op"].(string)
		args := map[string]any{}
		switch kind {
		case "create":
			args["data"] = op["data"]
		case "update":
			args["where"], args["data"] = op["where"], op["data"]
		case "delete":
			args["where"] = op["where"]
		default:
			return nil, perr.New(perr.Validation, map[string]any{"path": fmt.Sprintf("ops[%d].op", i), "batch_index": int64(i)},
				"ops[%d]: unknown op %q (create, update or delete)", i, kind)
		}
		reqs[i] = map[string]any{"model": model, "action": kind, "args": args}
	}
	return reqs, nil
}

// python is POST /api/python {ops}: the pending edits as the client code
// that makes them, in one transaction as the save does.
func (s *Server) python(_ context.Context, body map[string]any) (any, error) {
	ops, _ := body["ops"].([]any)
	reqs, err := batchRequests(ops)
	if err != nil {
		return nil, err
	}
	return map[string]any{"python": PythonBatch(reqs)}, nil
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	return false
}

// relationInclude is what the grid's relation cells show: the _count of
// every to-many relation, and each to-one relation's display field (see
// displayField), so a cell names the related record. One batched query per
// relation, as the client's include runs it.
func relationInclude(m *schema.Model) map[string]any {
	inc := map[string]any{}
	counts := map[string]any{}
	for _, f := range m.Fields {
		if f.Kind != schema.RelationField || f.Ignored {
			continue
		}
		if f.List {
			counts[f.Name] = true
		} else if d := displayField(f.Relation.Model); d != "" {
			inc[f.Name] = map[string]any{"select": map[string]any{d: true}}
		}
	}
	if len(counts) > 0 {
		inc["_count"] = map[string]any{"select": counts}
	}
	return inc
}

// wireRow makes a row's values safe for JavaScript: BigInt as a decimal
// string (a JS number rounds past 2^53). Decimal is already a string,
// DateTime encodes as RFC 3339 and Bytes as base64.
func wireRow(m *schema.Model, row map[string]any) {
	for _, f := range m.Fields {
		if f.Kind != schema.ScalarField || f.Type != schema.BigInt {
			continue
		}
		switch t := row[f.Name].(type) {
		case int64:
			row[f.Name] = strconv.FormatInt(t, 10)
		case []any:
			for i, v := range t {
				if n, ok := v.(int64); ok {
					t[i] = strconv.FormatInt(n, 10)
				}
			}
		}
	}
}
