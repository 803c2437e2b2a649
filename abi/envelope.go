package abi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vmihailenco/msgpack/v5"
)

// Request is one envelope sent by Python: {"method": str, "params": map},
// plus "log": true when the reply must carry the request's SQL statements
// even though the engine was not opened with log_queries (tracing asks
// for them per request).
type Request struct {
	Method string
	Params map[string]any
	Log    bool
}

// Reply is the engine's answer. Exactly one of Ok (possibly nil: a findUnique
// that found nothing) or Error is meaningful: Error != nil means failure.
// On the wire it is {"ok": payload} or {"error": {...}}, plus "log" when the
// engine was opened with log_queries or the request asked for it, and the
// request ran SQL.
type Reply struct {
	Ok    any
	Error *ErrorBody
	Log   []LogEntry
}

// ErrorBody is the wire form of a *perr.Error. abi does not import perr so
// that the wire contract stays a leaf package; pybridge does the mapping.
type ErrorBody struct {
	Code    string
	Message string
	Meta    map[string]any
}

// LogEntry is one SQL statement a request ran, encoded as [sql,
// duration_ms, start_unix_ns] (tracing places its span with the start), or
// [sql, duration_ms] when the start is not known.
type LogEntry struct {
	SQL         string
	DurationMS  float64
	StartUnixNS int64 // 0: unknown
}

var (
	_ msgpack.CustomEncoder = Reply{}
	_ msgpack.CustomEncoder = LogEntry{}
)

// EncodeMsgpack writes the reply with its keys sorted (error, log, ok), the
// same rule the encoder applies to every map, so fixtures are byte-stable.
func (r Reply) EncodeMsgpack(enc *msgpack.Encoder) error {
	n := 1
	if len(r.Log) > 0 {
		n++
	}
	if err := enc.EncodeMapLen(n); err != nil {
		return err
	}
	if r.Error != nil {
		if err := enc.EncodeString("error"); err != nil {
			return err
		}
		if err := r.Error.encode(enc); err != nil {
			return err
		}
	}
	if len(r.Log) > 0 {
		if err := enc.EncodeString("log"); err != nil {
			return err
		}
		if err := enc.Encode(r.Log); err != nil {
			return err
		}
	}
	if r.Error == nil {
		if err := enc.EncodeString("ok"); err != nil {
			return err
		}
		var keys [][]string
		return encodeValue(enc, r.Ok, &keys, 0)
	}
	return nil
}

func (e *ErrorBody) encode(enc *msgpack.Encoder) error {
	meta := e.Meta
	if meta == nil {
		// Python reads err.meta as a dict; never hand it None.
		meta = map[string]any{}
	}
	return enc.Encode(map[string]any{"code": e.Code, "message": e.Message, "meta": meta})
}

// EncodeMsgpack writes the entry as a three-element array, or two when
// the start is unknown.
func (l LogEntry) EncodeMsgpack(enc *msgpack.Encoder) error {
	n := 3
	if l.StartUnixNS == 0 {
		n = 2
	}
	if err := enc.EncodeArrayLen(n); err != nil {
		return err
	}
	if err := enc.EncodeString(l.SQL); err != nil {
		return err
	}
	if err := enc.EncodeFloat64(l.DurationMS); err != nil {
		return err
	}
	if n == 3 {
		return enc.EncodeInt(l.StartUnixNS)
	}
	return nil
}

// DecodeRequest parses an envelope. Params are decoded loosely (see Decode):
// ints arrive as int64 (uint64 above MaxInt64), maps as map[string]any.
// Unknown top-level keys are ignored so a newer Python can add optional ones.
func DecodeRequest(b []byte) (Request, error) {
	v, err := Decode(b)
	if err != nil {
		return Request{}, fmt.Errorf("request envelope: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Request{}, fmt.Errorf("request envelope: expected a map, got %s", typeName(v))
	}
	method, ok := m["method"].(string)
	if !ok || method == "" {
		return Request{}, fmt.Errorf("request envelope: \"method\" must be a non-empty string, got %s", typeName(m["method"]))
	}
	req := Request{Method: method}
	switch l := m["log"].(type) {
	case nil:
	case bool:
		req.Log = l
	default:
		return Request{}, fmt.Errorf("request envelope: \"log\" must be a bool, got %s", typeName(l))
	}
	switch p := m["params"].(type) {
	case nil:
		req.Params = map[string]any{}
	case map[string]any:
		req.Params = p
	default:
		return Request{}, fmt.Errorf("request envelope: \"params\" of %s must be a map, got %s", method, typeName(p))
	}
	return req, nil
}

// EncodeRequest is the inverse of DecodeRequest (used by Go tests and tools).
func EncodeRequest(req Request) ([]byte, error) {
	params := req.Params
	if params == nil {
		params = map[string]any{}
	}
	env := map[string]any{"method": req.Method, "params": params}
	if req.Log {
		env["log"] = true
	}
	return Encode(env)
}

// EncodeReply encodes a reply for the wire.
func EncodeReply(r Reply) ([]byte, error) { return Encode(r) }

// DecodeReply parses a reply (used by Go tests and tools; Python has its own).
func DecodeReply(b []byte) (Reply, error) {
	v, err := Decode(b)
	if err != nil {
		return Reply{}, fmt.Errorf("reply: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Reply{}, fmt.Errorf("reply: expected a map, got %s", typeName(v))
	}
	var r Reply
	if logs, ok := m["log"].([]any); ok {
		for i, l := range logs {
			pair, ok := l.([]any)
			if !ok || len(pair) < 2 || len(pair) > 3 {
				return Reply{}, fmt.Errorf("reply: log[%d]: expected [sql, duration_ms, start_unix_ns?]", i)
			}
			sql, _ := pair[0].(string)
			entry := LogEntry{SQL: sql, DurationMS: toFloat(pair[1])}
			if len(pair) == 3 {
				entry.StartUnixNS, _ = pair[2].(int64)
			}
			r.Log = append(r.Log, entry)
		}
	}
	if e, ok := m["error"]; ok {
		em, ok := e.(map[string]any)
		if !ok {
			return Reply{}, fmt.Errorf("reply: \"error\" must be a map, got %s", typeName(e))
		}
		body := &ErrorBody{}
		body.Code, _ = em["code"].(string)
		body.Message, _ = em["message"].(string)
		body.Meta, _ = em["meta"].(map[string]any)
		r.Error = body
		return r, nil
	}
	var present bool
	if r.Ok, present = m["ok"]; !present {
		return Reply{}, fmt.Errorf("reply: neither \"ok\" nor \"error\" present")
	}
	return r, nil
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	}
	return 0
}

// Method describes one envelope method: its name (area.verb) and params.
type Method struct {
	Name   string
	Params string // human-readable summary of the params map
}

// Envelope method names. Adding one is compatible; renaming or removing one
// bumps Version. Retired names are reserved, never reused.
const (
	MethodQueryExecute = "query.execute"
	MethodQueryRaw     = "query.raw"
	MethodQueryExplain = "query.explain"
	// MethodQueryDescribe: a statement's parameters and result columns as
	// the database describes them, without running it (ppy generate --sql).
	MethodQueryDescribe = "query.describe"
	MethodTxBegin       = "tx.begin"
	MethodTxCommit      = "tx.commit"
	MethodTxRollback    = "tx.rollback"
	MethodTxAbandon     = "tx.abandon"
	MethodBatchExecute  = "batch.execute"
	MethodEnginePing    = "engine.ping"
	// MethodEngineMetrics: the engine's counters, gauges and histograms.
	MethodEngineMetrics = "engine.metrics"
	// MethodConfigResolve and MethodURLRedact need no engine: cp_call
	// serves them before one is open.
	MethodConfigResolve = "config.resolve"
	MethodURLRedact     = "url.redact"
	// The debug methods are answered only by a library built with
	// -tags caspian_debug (the Python bridge tests load one); the shipped
	// library treats them as unknown, so they are not in Methods.
	MethodDebugPanic = "debug.panic" // {message?}: panics inside the engine
	MethodDebugSleep = "debug.sleep" // {ms}: ms after sleeping, or CANCELED
)

// Methods is the method table of the shipped library, sorted by name. The
// engine dispatches through it (engine.Handle, engine.Call), and its tests
// fail when a method here has no handler or a handler no entry here.
var Methods = []Method{
	{MethodBatchExecute, "{ops: [{model, action, args}]} -> list of results, in one transaction"},
	{MethodConfigResolve, "{cwd, env: {str: str}, schema?, root?, package_dir?, schema_text?} -> " +
		"{root, config_path, env_files, schema_path, migrations_path, url, url_source, provider, url_error, " +
		"shadow_url, seed_import, seed_auto_run, migrations_seed, log_level} (cp_call; no engine)"},
	{MethodEngineMetrics, "{} -> {counters, gauges, histograms}: Prisma's $metrics.json() shape, each a list of " +
		"{key, labels, value, description}; a histogram value is {buckets: [[ms, n]], sum, count} (engine/metrics.go)"},
	{MethodEnginePing, "{} -> \"pong\""},
	{MethodQueryDescribe, "{sql} -> {params: [{name, type, db_type, enum?}], columns: [{name, type, db_type, nullable, enum?}]}: " +
		"type by Prisma's scalar names (\"Int\", \"DateTime\", \"String[]\"), \"Unknown\" where the database " +
		"does not say (MySQL and SQLite parameters, untyped expressions); enum: the schema's enum a PostgreSQL " +
		"enum value (or list element) is, its type then String; a statement the database rejects is P2010"},
	{MethodQueryExecute, "{model, action, args, tx?} -> row map, list, count or nil"},
	{MethodQueryExplain, "{model, action, args} -> SQL text"},
	{MethodQueryRaw, "{sql, args: [], kind: \"query\"|\"execute\", tx?, arg_types?: [type]} -> {columns, rows: [[...]]} or affected count; " +
		"arg_types (typed SQL) by Prisma's scalar names: a list argument of a \"T[]\" type is bound as a database array, other lists and maps as JSON"},
	{MethodTxAbandon, "{token} -> nil: the client gave up on the tx.begin that carried token (its caller was " +
		"canceled, so the reply with the id may be lost): the transaction is rolled back now, or as soon as that " +
		"begin completes, which then answers CANCELED; never fails for an unknown token"},
	{MethodTxBegin, "{isolation_level?, max_wait_ms?, timeout_ms?, token?} -> tx id; token: a client-chosen string " +
		"(unique per begin, at most 200 bytes) that tx.abandon can name; a begin whose request is canceled " +
		"rolls back instead of answering"},
	{MethodTxCommit, "{tx} -> nil"},
	{MethodTxRollback, "{tx} -> nil"},
	{MethodURLRedact, "{url} -> {masked, secrets}: the URL with its password masked, and the strings to remove " +
		"from any message (cp_call; no engine)"},
}

// LookupMethod reports whether name is in the method table.
func LookupMethod(name string) (Method, bool) {
	i := sort.Search(len(Methods), func(i int) bool { return Methods[i].Name >= name })
	if i < len(Methods) && Methods[i].Name == name {
		return Methods[i], true
	}
	return Method{}, false
}

// MethodNames lists the table's names, for error messages.
func MethodNames() string {
	names := make([]string, len(Methods))
	for i, m := range Methods {
		names[i] = m.Name
	}
	return strings.Join(names, ", ")
}
