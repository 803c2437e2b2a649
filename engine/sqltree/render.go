package sqltree

import (
	"fmt"
	"strconv"
	"strings"
)

// Capability is an optional feature a dialect may have. Callers ask for
// capabilities, never for provider names.
type Capability int

const (
	// Returning: INSERT/UPDATE/DELETE ... RETURNING.
	Returning Capability = iota
	// ILike: a native case-insensitive LIKE operator.
	ILike
	// GlobMatch: LIKE ignores case, so case-sensitive matching uses GLOB.
	GlobMatch
	// NullsOrder: ORDER BY ... NULLS FIRST|LAST.
	NullsOrder
	// NullsLargest: without NULLS FIRST|LAST, NULL sorts after every value
	// ascending (PostgreSQL); without it, before (SQLite, MySQL).
	NullsLargest
	// FloatNaN: a floating-point column can store NaN (SQLite turns a bound
	// NaN into NULL, MySQL's DOUBLE refuses it).
	FloatNaN
	// FloatInfinity: a floating-point column can store +Inf and -Inf.
	FloatInfinity
	// FullTextSearch: a TextSearch can be rendered (Prisma's `search`
	// filter and `_relevance` order).
	FullTextSearch
	// FullTextIndexed: a TextSearch needs a full-text index over exactly
	// its columns (MySQL's MATCH outside MyISAM).
	FullTextIndexed
	// JSONPathKeys: a Json filter's `path` is a list of keys (PostgreSQL);
	// without it, a JSON path string such as `$.a.b` (MySQL, SQLite).
	JSONPathKeys
	// JSONContainment: a native test that a JSON array contains values
	// (PostgreSQL `@>`, MySQL JSON_CONTAINS).
	JSONContainment
	// LateralJoin: JOIN LATERAL (subquery), a derived table that refers
	// to the tables before it (PostgreSQL; MariaDB has none).
	LateralJoin
)

// Dialect is what differs between databases at the SQL text level. The
// implementations live in engine/dialect/{sqlite,postgres,mysql}.
type Dialect interface {
	// Provider is schema.SQLite, schema.PostgreSQL or schema.MySQL.
	Provider() string
	Supports(c Capability) bool
	// MaxParams is the bind-parameter limit of one statement.
	MaxParams() int
	QuoteIdent(name string) string
	// Placeholder returns the marker of the n-th (1-based) bind argument.
	Placeholder(n int) string
	// LimitOffset renders the LIMIT/OFFSET clause (with a leading space), or "".
	LimitOffset(limit, offset *int64) string
	// LikeEscape is appended after a LIKE pattern so that backslash escapes % and _.
	LikeEscape() string
	BoolLiteral(b bool) string
	IntDivOp() string
	// InsertVerb is "INSERT", or the variant that skips duplicates.
	InsertVerb(ignore bool) string
	// InsertSuffix follows the VALUES list (e.g. ON CONFLICT DO NOTHING).
	InsertSuffix(ignore bool) string
	// EmptyValues renders an INSERT of a row with every column defaulted.
	EmptyValues() string
	// JSONWrap is what goes around an expression so it compares as JSON.
	JSONWrap() (open, close string)
	// CheckedInt renders integer arithmetic whose result must fit a signed
	// integer of bits bits, failing the statement with the database's
	// out-of-range error otherwise. x renders the arithmetic; it may be
	// called more than once (each call binds its arguments again).
	CheckedInt(w func(string), x func(), bits int)
	// MatchLiteral renders a Like whose value the database cannot match
	// as a LIKE or GLOB pattern, and reports whether it did; false leaves
	// the Like to the renderer's pattern. x renders the matched expression
	// and arg binds an argument.
	MatchLiteral(w func(string), x func(), arg func(any), l Like) bool
	// BindList renders `x IN (values)` (NOT IN when l.Not) with the whole
	// list bound as one argument, and reports whether it did; false, for
	// values it cannot carry faithfully, leaves the list to one placeholder
	// per value. x renders the tested expression and arg binds an argument.
	BindList(w func(string), x func(), arg func(any), l List) bool
	// TextSearch renders a full-text match of t.Cols against t.Query, or
	// its relevance score when t.Rank. cols renders the columns separated
	// by sep and arg binds an argument. It is only asked of a dialect that
	// Supports(FullTextSearch): the planner refuses the others.
	TextSearch(w func(string), cols func(sep string), arg func(any), t TextSearch)
	JSONDialect
	JSONRowsDialect
}

// Render prints a statement for d and returns its SQL and bind arguments.
//
// A statement that would need more bind arguments than d.MaxParams() is
// printed again with every value list bound as one argument where the
// dialect can (Dialect.BindList), so that an `in` list of any length works
// as it does in Prisma; statements under the limit (all the goldens) keep
// one placeholder per value. What still does not fit is refused by the
// adapter (P2029).
func Render(d Dialect, s Stmt) (string, []any) {
	if pre, ok := s.(*Rendered); ok {
		return pre.SQL, pre.Args
	}
	r := &renderer{d: d}
	r.stmt(s)
	if len(r.args) <= d.MaxParams() {
		return r.b.String(), r.args
	}
	r = &renderer{d: d, bindLists: true}
	r.stmt(s)
	return r.b.String(), r.args
}

// RenderExpr prints one expression (for tests).
func RenderExpr(d Dialect, e Expr) (string, []any) {
	r := &renderer{d: d}
	r.expr(e)
	return r.b.String(), r.args
}

type renderer struct {
	d    Dialect
	b    strings.Builder
	args []any
	// bindLists asks the dialect to bind each In list as one argument.
	bindLists bool
}

func (r *renderer) w(s string)     { r.b.WriteString(s) }
func (r *renderer) ident(n string) { r.w(r.d.QuoteIdent(n)) }

func (r *renderer) stmt(s Stmt) {
	switch s := s.(type) {
	case *Select:
		r.sel(s)
	case *Insert:
		r.insert(s)
	case *Update:
		r.w("UPDATE ")
		r.tableName(s.Schema, s.Table)
		r.w(" SET ")
		for i, a := range s.Set {
			if i > 0 {
				r.w(", ")
			}
			r.ident(a.Col)
			r.w(" = ")
			r.expr(a.Value)
		}
		r.where(s.Where)
		r.returning(s.Returning)
	case *Delete:
		r.w("DELETE FROM ")
		r.tableName(s.Schema, s.Table)
		r.where(s.Where)
		r.returning(s.Returning)
	default:
		panic(fmt.Sprintf("sqltree: unknown statement %T", s))
	}
}

func (r *renderer) where(e Expr) {
	if e == nil {
		return
	}
	if a, ok := e.(And); ok && len(a) == 0 {
		return
	}
	r.w(" WHERE ")
	r.expr(e)
}

func (r *renderer) returning(cols []string) {
	if len(cols) == 0 {
		return
	}
	r.w(" RETURNING ")
	for i, c := range cols {
		if i > 0 {
			r.w(", ")
		}
		r.ident(c)
	}
}

func (r *renderer) insert(s *Insert) {
	r.w(r.d.InsertVerb(s.Ignore))
	r.w(" INTO ")
	r.tableName(s.Schema, s.Table)
	if len(s.Columns) == 0 {
		r.w(" ")
		r.w(r.d.EmptyValues())
	} else {
		r.w(" (")
		for i, c := range s.Columns {
			if i > 0 {
				r.w(", ")
			}
			r.ident(c)
		}
		r.w(") VALUES ")
		for i, row := range s.Rows {
			if i > 0 {
				r.w(", ")
			}
			r.w("(")
			for j, v := range row {
				if j > 0 {
					r.w(", ")
				}
				r.expr(v)
			}
			r.w(")")
		}
	}
	r.w(r.d.InsertSuffix(s.Ignore))
	r.returning(s.Returning)
}

// tableName is a table's name, after its schema when it has one.
func (r *renderer) tableName(schema, name string) {
	if schema != "" {
		r.ident(schema)
		r.w(".")
	}
	r.ident(name)
}

func (r *renderer) table(t Table) {
	r.tableName(t.Schema, t.Name)
	if t.Alias != "" && t.Alias != t.Name {
		r.w(" AS ")
		r.ident(t.Alias)
	}
}

func (r *renderer) sel(s *Select) {
	r.w("SELECT ")
	if s.Distinct {
		r.w("DISTINCT ")
	}
	for i, c := range s.Columns {
		if i > 0 {
			r.w(", ")
		}
		r.expr(c.X)
		if c.Alias != "" {
			r.w(" AS ")
			r.ident(c.Alias)
		}
	}
	r.from(s)
	if len(s.GroupBy) > 0 {
		r.w(" GROUP BY ")
		for i, g := range s.GroupBy {
			if i > 0 {
				r.w(", ")
			}
			r.expr(g)
		}
	}
	if s.Having != nil {
		if a, ok := s.Having.(And); !ok || len(a) > 0 {
			r.w(" HAVING ")
			r.expr(s.Having)
		}
	}
	if len(s.OrderBy) > 0 {
		r.w(" ORDER BY ")
		r.orderList(s.OrderBy)
	}
	r.w(r.d.LimitOffset(s.Limit, s.Offset))
}

// from renders s's FROM clause, its joins and its WHERE.
func (r *renderer) from(s *Select) {
	r.w(" FROM ")
	if s.FromSub != nil {
		r.w("(")
		r.sel(s.FromSub)
		r.w(") AS ")
		r.ident(s.From.Alias)
	} else {
		r.table(s.From)
	}
	for _, j := range s.Joins {
		if j.Lateral != nil {
			r.lateral(j)
			continue
		}
		if j.Left {
			r.w(" LEFT JOIN ")
		} else {
			r.w(" INNER JOIN ")
		}
		r.table(j.Table)
		r.w(" ON ")
		r.expr(j.On)
	}
	r.where(s.Where)
}

// orderList renders ORDER BY terms (without the keyword).
func (r *renderer) orderList(orders []Order) {
	for i, o := range orders {
		if i > 0 {
			r.w(", ")
		}
		if o.Nulls != "" && !r.d.Supports(NullsOrder) {
			// Without NULLS FIRST/LAST, sort on "is null" first.
			r.expr(IsNull{X: o.X})
			if o.Nulls == "first" {
				r.w(" DESC, ")
			} else {
				r.w(" ASC, ")
			}
		}
		r.expr(o.X)
		if o.Desc {
			r.w(" DESC")
		} else {
			r.w(" ASC")
		}
		if o.Nulls != "" && r.d.Supports(NullsOrder) {
			r.w(" NULLS " + strings.ToUpper(o.Nulls))
		}
	}
}

func (r *renderer) param(v any) {
	r.args = append(r.args, v)
	r.w(r.d.Placeholder(len(r.args)))
}

func (r *renderer) list(xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			r.w(", ")
		}
		r.expr(x)
	}
}

func (r *renderer) expr(e Expr) {
	switch e := e.(type) {
	case Col:
		if e.Table != "" {
			r.ident(e.Table)
			r.w(".")
		}
		r.ident(e.Name)
	case Param:
		r.param(e.V)
	case JSONValue:
		open, close := r.d.JSONWrap()
		r.w(open)
		r.expr(e.X)
		r.w(close)
	case Raw:
		r.w(string(e))
	case Bool:
		r.w(r.d.BoolLiteral(bool(e)))
	case Bin:
		r.expr(e.L)
		r.w(" " + e.Op + " ")
		r.expr(e.R)
	case IntDiv:
		r.expr(e.L)
		r.w(" " + r.d.IntDivOp() + " ")
		r.expr(e.R)
	case Checked:
		r.d.CheckedInt(r.w, func() { r.expr(e.X) }, e.Bits)
	case And:
		r.junction(e, " AND ", true)
	case Or:
		r.junction(e, " OR ", false)
	case Not:
		r.w("NOT (")
		r.expr(e.X)
		r.w(")")
	case NotTrue:
		r.w("(")
		r.expr(e.X)
		r.w(") IS NOT TRUE")
	case IsNull:
		r.expr(e.X)
		if e.Not {
			r.w(" IS NOT NULL")
		} else {
			r.w(" IS NULL")
		}
	case In:
		if len(e.List) == 0 {
			// IN () is a syntax error; the empty set matches nothing.
			r.w(r.d.BoolLiteral(e.Not))
			return
		}
		if r.bindLists && len(e.List) > 1 {
			if l, ok := listOf(e); ok && r.d.BindList(r.w, func() { r.expr(e.X) }, r.param, l) {
				return
			}
		}
		r.expr(e.X)
		if e.Not {
			r.w(" NOT IN (")
		} else {
			r.w(" IN (")
		}
		r.list(e.List)
		r.w(")")
	case InSelect:
		r.expr(e.X)
		if e.Not {
			r.w(" NOT IN (")
		} else {
			r.w(" IN (")
		}
		r.sel(e.Q)
		r.w(")")
	case Like:
		if r.d.MatchLiteral(r.w, func() { r.expr(e.X) }, r.param, e) {
			return
		}
		if !e.Insensitive && r.d.Supports(GlobMatch) {
			r.expr(e.X)
			r.w(" GLOB ")
			r.param(wrap(e.Kind, "*", globEscape(e.Value)))
			return
		}
		pat := wrap(e.Kind, "%", likeEscape(e.Value))
		if e.Insensitive && !r.d.Supports(ILike) {
			r.expr(Lower{e.X})
			r.w(" LIKE ")
			r.expr(Lower{Param{pat}})
		} else {
			r.expr(e.X)
			if e.Insensitive {
				r.w(" ILIKE ")
			} else {
				r.w(" LIKE ")
			}
			r.param(pat)
		}
		r.w(r.d.LikeEscape())
	case TextSearch:
		r.d.TextSearch(r.w, func(sep string) {
			for i, c := range e.Cols {
				if i > 0 {
					r.w(sep)
				}
				r.expr(c)
			}
		}, r.param, e)
	case Lower:
		r.w("LOWER(")
		r.expr(e.X)
		r.w(")")
	case Func:
		r.w(e.Name + "(")
		if e.Distinct {
			r.w("DISTINCT ")
		}
		if e.Star {
			r.w("*")
		}
		r.list(e.Args)
		r.w(")")
	case Exists:
		if e.Not {
			r.w("NOT ")
		}
		r.w("EXISTS (")
		r.sel(e.Q)
		r.w(")")
	case Sub:
		r.w("(")
		r.sel(e.Q)
		r.w(")")
	case Paren:
		r.w("(")
		r.expr(e.X)
		r.w(")")
	case nil:
		r.w(r.d.BoolLiteral(true))
	default:
		if r.jsonExpr(e) || r.jsonRowsExpr(e) {
			return
		}
		panic(fmt.Sprintf("sqltree: unknown expression %T", e))
	}
}

func (r *renderer) junction(xs []Expr, sep string, empty bool) {
	if len(xs) == 0 {
		r.w(r.d.BoolLiteral(empty))
		return
	}
	if len(xs) == 1 {
		r.expr(xs[0])
		return
	}
	r.w("(")
	for i, x := range xs {
		if i > 0 {
			r.w(sep)
		}
		r.expr(x)
	}
	r.w(")")
}

// Itoa formats a LIMIT/OFFSET count.
func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// wrap puts the wildcard around an escaped value per match kind.
func wrap(kind int, any, v string) string {
	switch kind {
	case StartsWith:
		return v + any
	case EndsWith:
		return any + v
	}
	return any + v + any
}

// likeEscape makes a value match literally in a LIKE pattern whose escape
// character is backslash.
func likeEscape(s string) string { return likeEscaper.Replace(s) }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// globEscape makes a value match literally in a GLOB pattern: the special
// characters are put in brackets (https://sqlite.org/lang_expr.html#glob).
func globEscape(s string) string { return globEscaper.Replace(s) }

var globEscaper = strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`)
