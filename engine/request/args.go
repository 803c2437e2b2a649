package request

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/names"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Args holds a request's top-level arguments under Prisma's camelCase names.
type Args map[string]any

// Canon is Prisma's key for k (engine/names holds the snake_case
// spellings the Python API accepts; model field names are never rewritten).
func Canon(k string) string { return names.Canonical(k) }

// CanonOps returns a copy of an operator dict with its keys canonical.
func CanonOps(mp map[string]any) map[string]any {
	out := make(map[string]any, len(mp))
	for k, v := range mp {
		out[Canon(k)] = v
	}
	return out
}

var readArgs = []string{"where", "orderBy", "take", "skip", "cursor", "distinct", "select", "include", "omit", "relationLoadStrategy"}
var shapeArgs = []string{"select", "include", "omit"}

// loadArgs are shapeArgs with relationLoadStrategy, for the single-record
// actions that take it in Prisma (not createManyAndReturn and
// updateManyAndReturn).
var loadArgs = []string{"select", "include", "omit", "relationLoadStrategy"}

// AggregateKinds are the aggregate arguments, in the order results list them.
var AggregateKinds = []string{"_count", "_sum", "_avg", "_min", "_max"}

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var allowedArgs = map[string][]string{
	"findUnique":          join([]string{"where"}, loadArgs),
	"findUniqueOrThrow":   join([]string{"where"}, loadArgs),
	"findFirst":           readArgs,
	"findFirstOrThrow":    readArgs,
	"findMany":            readArgs,
	"create":              join([]string{"data"}, loadArgs),
	"createMany":          {"data", "skipDuplicates"},
	"createManyAndReturn": join([]string{"data", "skipDuplicates"}, shapeArgs),
	"update":              join([]string{"where", "data"}, loadArgs),
	"updateMany":          {"where", "data", "limit"},
	"updateManyAndReturn": join([]string{"where", "data", "limit"}, shapeArgs),
	"upsert":              join([]string{"where", "create", "update", "data"}, loadArgs),
	"delete":              join([]string{"where"}, loadArgs),
	"deleteMany":          {"where", "limit"},
	"count":               {"where", "orderBy", "take", "skip", "cursor", "select"},
	"aggregate":           join([]string{"where", "orderBy", "take", "skip", "cursor"}, AggregateKinds),
	"groupBy":             join([]string{"by", "where", "having", "orderBy", "take", "skip"}, AggregateKinds),
}

var topAliases = map[string]string{"order_by": "orderBy", "order": "orderBy", "skip_duplicates": "skipDuplicates", "relation_load_strategy": "relationLoadStrategy"}

// normalize renames aliases and rejects unknown arguments.
func normalize(m *schema.Model, action string, argv map[string]any) (Args, error) {
	allowed := allowedArgs[action]
	out := Args{}
	keys := SortedKeys(argv)
	for _, k := range keys {
		v := argv[k]
		name := k
		if c, ok := topAliases[k]; ok {
			name = c
		}
		if !Contains(allowed, name) {
			return nil, perr.Validationf(m.Name, k, "unknown argument `%s` for %s; expected one of %v", k, action, allowed)
		}
		if v == nil && name != "where" {
			continue // Python passes None for arguments left out
		}
		out[name] = v
	}
	if action == "upsert" {
		if d, ok := out["data"].(map[string]any); ok {
			for _, k := range []string{"create", "update"} {
				if _, has := out[k]; !has && d[k] != nil {
					out[k] = d[k]
				}
			}
			delete(out, "data")
		}
	}
	return out, nil
}

// Contains reports whether xs holds s.
func Contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// SortedKeys are mp's keys in order, so that errors and SQL are the same run to run.
func SortedKeys(mp map[string]any) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// AsMap requires v to be a dict.
func AsMap(m *schema.Model, path string, v any) (map[string]any, error) {
	mp, ok := v.(map[string]any)
	if !ok {
		return nil, perr.Validationf(m.Name, path, "expected an object (dict), got %s", TypeName(v))
	}
	return mp, nil
}

// AsList accepts a list, or a single dict as a one-element list.
func AsList(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case []map[string]any:
		out := make([]any, len(t))
		for i := range t {
			out[i] = t[i]
		}
		return out
	case nil:
		return nil
	}
	return []any{v}
}

// AsInt requires an integer (a float with no fraction is one).
func AsInt(m *schema.Model, path string, v any) (int64, error) {
	switch t := v.(type) {
	case int64:
		if t == math.MinInt64 {
			// Its negation (a backwards take) does not exist.
			return 0, perr.Validationf(m.Name, path, "%d is out of range; expected an integer between -%d and %d", t, int64(math.MaxInt64), int64(math.MaxInt64))
		}
		return t, nil
	case int:
		return int64(t), nil
	case int32:
		return int64(t), nil
	case uint64:
		if t <= 1<<62 {
			return int64(t), nil
		}
	case float64:
		if t == float64(int64(t)) {
			return int64(t), nil
		}
	}
	return 0, perr.Validationf(m.Name, path, "expected an integer, got %s", TypeName(v))
}

// AsBool requires a boolean.
func AsBool(m *schema.Model, path string, v any) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, perr.Validationf(m.Name, path, "expected a boolean, got %s", TypeName(v))
	}
	return b, nil
}

// FieldNames lists a model's field names for "available" hints.
func FieldNames(m *schema.Model) []string {
	out := make([]string, len(m.Fields))
	for i, f := range m.Fields {
		out[i] = f.Name
	}
	return out
}

// Index is the argument path of a list's i-th item.
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// JoinPath is the argument path b under a.
func JoinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// TypeName names v's kind for "expected ..., got ..." messages.
func TypeName(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case int, int32, int64, uint64:
		return "an integer"
	case float64, float32:
		return "a float"
	case string:
		return "a string"
	case []byte:
		return "bytes"
	case time.Time:
		return "a datetime"
	case abi.Decimal:
		return "a Decimal"
	case abi.NullSentinel:
		return string(t)
	case []any:
		return "a list"
	case map[string]any:
		return "an object (dict)"
	}
	return fmt.Sprintf("%T", v)
}
