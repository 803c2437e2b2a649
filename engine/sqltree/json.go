package sqltree

// The JSON filter expressions (Prisma's Json filters: path, string_*,
// array_*, comparisons). Each dialect spells them (Dialect.JSON*); the
// planner asks the capabilities JSONPathKeys and JSONContainment first,
// so a renderer never meets a form its database lacks.

// JSONPath is the value at a path inside the JSON expression X: Keys where
// the dialect takes a list of keys (Supports(JSONPathKeys): PostgreSQL's
// `#>`), Path (`$.a.b`) where it takes a JSON path string (MySQL, SQLite).
// An empty Keys or the Path "$" is the whole value. Text asks for the value
// as SQL text (a string unquoted) rather than as JSON; a path that is
// missing yields NULL either way.
type JSONPath struct {
	X    Expr
	Keys []string
	Path string
	Text bool
}

// JSONTypeIs is true when X, a JSON value, is of JSON type Type:
// JSONString, JSONNumber or JSONArray.
type JSONTypeIs struct {
	X    Expr
	Type string
}

// The JSON types a JSONTypeIs tests.
const (
	JSONString = "string"
	JSONNumber = "number"
	JSONArray  = "array"
)

// JSONArrayContains is true when the JSON array X contains V (bound JSON
// text): every element of V when V is an array, else V itself.
type JSONArrayContains struct {
	X Expr
	V any
}

// JSONArrayElem is the first (or, with Last, the last) element of the JSON
// array X, as JSON.
type JSONArrayElem struct {
	X    Expr
	Last bool
}

// JSONCompare compares the scalar at P (a JSONPath, Text unset) with the
// number or string V by Op (<, <=, >, >=), numbers as numbers and strings
// as strings, as Prisma's Json `lt`/`gt` do.
type JSONCompare struct {
	P  JSONPath
	Op string
	V  any
}

// JSONEq is true when the JSON value X equals V (bound JSON text): as JSON
// values, whatever their formatting (with Not: differs from it). A NULL X
// is neither.
type JSONEq struct {
	X   Expr
	V   any
	Not bool
}

func (JSONEq) isExpr()            {}
func (JSONPath) isExpr()          {}
func (JSONTypeIs) isExpr()        {}
func (JSONArrayContains) isExpr() {}
func (JSONArrayElem) isExpr()     {}
func (JSONCompare) isExpr()       {}

// JSONDialect is how a dialect spells the JSON filter expressions. In each
// method w writes SQL, x renders the JSON operand and arg binds an argument.
type JSONDialect interface {
	// JSONPath renders p; x renders p.X.
	JSONPath(w func(string), x func(), arg func(any), p JSONPath)
	// JSONEq renders x = v (x <> v with not) compared as JSON values.
	JSONEq(w func(string), x func(), arg func(any), v any, not bool)
	// JSONTypeIs renders the test that x is of JSON type typ.
	JSONTypeIs(w func(string), x func(), typ string)
	// JSONArrayContains renders the containment test of v in x; only
	// called when the dialect Supports(JSONContainment).
	JSONArrayContains(w func(string), x func(), arg func(any), v any)
	// JSONArrayElem renders x's first or last element.
	JSONArrayElem(w func(string), x func(), arg func(any), last bool)
	// JSONCompare renders the comparison of the value at a path with v;
	// path renders the JSONPath as JSON (false) or as text (true).
	JSONCompare(w func(string), path func(text bool), arg func(any), op string, v any)
}

func (r *renderer) jsonExpr(e Expr) bool {
	switch e := e.(type) {
	case JSONPath:
		r.d.JSONPath(r.w, func() { r.expr(e.X) }, r.param, e)
	case JSONEq:
		r.d.JSONEq(r.w, func() { r.expr(e.X) }, r.param, e.V, e.Not)
	case JSONTypeIs:
		r.d.JSONTypeIs(r.w, func() { r.expr(e.X) }, e.Type)
	case JSONArrayContains:
		r.d.JSONArrayContains(r.w, func() { r.expr(e.X) }, r.param, e.V)
	case JSONArrayElem:
		r.d.JSONArrayElem(r.w, func() { r.expr(e.X) }, r.param, e.Last)
	case JSONCompare:
		path := func(text bool) {
			p := e.P
			p.Text = text
			r.expr(p)
		}
		r.d.JSONCompare(r.w, path, r.param, e.Op, e.V)
	default:
		return false
	}
	return true
}
