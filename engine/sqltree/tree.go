// Package sqltree is the neutral SQL syntax tree that the query planner builds
// and that a Dialect renders to text plus bind arguments.
//
// It knows nothing of connections, drivers or the Prisma schema: it must not
// import engine/driver adapters, database/sql or schema. A tree can be printed
// for any dialect with no database at hand.
package sqltree

// Expr is any SQL expression.
type Expr interface{ isExpr() }

// Col is a column, optionally qualified by a table name or alias.
type Col struct {
	Table string
	Name  string
}

// Param is a bind argument; the renderer numbers it.
type Param struct{ V any }

// JSONValue makes X (a JSON column or a bind argument holding JSON text)
// compare as a JSON value rather than as text: jsonb equality on PostgreSQL,
// JSON_EXTRACT on MySQL/MariaDB, json() normalisation on SQLite.
type JSONValue struct{ X Expr }

// Raw is a trusted SQL fragment produced by the planner (never user input).
type Raw string

// Bool is a boolean literal, rendered per dialect (TRUE or 1).
type Bool bool

// Bin is a binary operation such as "=", "<>", "<", "+", "*".
type Bin struct {
	L  Expr
	Op string
	R  Expr
}

// IntDiv is integer division; MySQL spells it DIV.
type IntDiv struct{ L, R Expr }

// Checked is integer arithmetic X (a Bin or IntDiv) whose result must fit
// a signed integer of Bits (32 or 64) bits: the statement fails instead of
// storing a wrapped, widened or floating-point result. PostgreSQL and MySQL
// raise on their own; the dialect adds a guard where the database does not
// (SQLite turns an overflowing integer result into a REAL).
type Checked struct {
	X    Expr
	Bits int
}

// And is a conjunction; an empty And is true.
type And []Expr

// Or is a disjunction; an empty Or is false.
type Or []Expr

// Not negates X with SQL's three-valued NOT: a NULL stays NULL, so rows where
// X is unknown are not added back.
type Not struct{ X Expr }

// NotTrue is `(X) IS NOT TRUE`: true when X is false or unknown.
type NotTrue struct{ X Expr }

// IsNull is `X IS NULL` or `X IS NOT NULL`.
type IsNull struct {
	X   Expr
	Not bool
}

// In is `X IN (list)`; an empty list matches nothing (NOT IN: everything).
type In struct {
	X    Expr
	List []Expr
	Not  bool
}

// InSelect is `X IN (subquery)`.
type InSelect struct {
	X   Expr
	Q   *Select
	Not bool
}

// Match kinds of a Like.
const (
	Contains = iota
	StartsWith
	EndsWith
)

// Like matches X against the literal Value as a substring, prefix or suffix.
// The renderer escapes the pattern's wildcards. Insensitive asks for a
// case-insensitive match (ILIKE or LOWER() on both sides); otherwise the
// match is case-sensitive where the dialect can say so (SQLite: GLOB, since
// its LIKE ignores ASCII case).
type Like struct {
	X           Expr
	Value       string
	Kind        int
	Insensitive bool
}

// TextSearch is a full-text match of Cols against Query, a query in the
// database's own syntax (PostgreSQL's to_tsquery, MySQL's boolean mode),
// or with Rank the match's relevance score, for ordering.
type TextSearch struct {
	Cols  []Expr
	Query string
	Rank  bool
}

// Lower is LOWER(X).
type Lower struct{ X Expr }

// Func is a function call such as COUNT, SUM, AVG, MIN, MAX, COALESCE.
// Star renders COUNT(*).
type Func struct {
	Name     string
	Args     []Expr
	Star     bool
	Distinct bool
}

// Exists is `EXISTS (subquery)` or `NOT EXISTS (...)`.
type Exists struct {
	Q   *Select
	Not bool
}

// Sub is a scalar subquery.
type Sub struct{ Q *Select }

// Paren wraps an expression in parentheses.
type Paren struct{ X Expr }

func (Col) isExpr()        {}
func (Param) isExpr()      {}
func (JSONValue) isExpr()  {}
func (Raw) isExpr()        {}
func (Bool) isExpr()       {}
func (Bin) isExpr()        {}
func (IntDiv) isExpr()     {}
func (Checked) isExpr()    {}
func (And) isExpr()        {}
func (Or) isExpr()         {}
func (Not) isExpr()        {}
func (NotTrue) isExpr()    {}
func (IsNull) isExpr()     {}
func (In) isExpr()         {}
func (InSelect) isExpr()   {}
func (Like) isExpr()       {}
func (Lower) isExpr()      {}
func (TextSearch) isExpr() {}
func (Func) isExpr()       {}
func (Exists) isExpr()     {}
func (Sub) isExpr()        {}
func (Paren) isExpr()      {}

// Stmt is a statement.
type Stmt interface{ isStmt() }

// Table is a table reference with an optional alias. Schema is the
// database schema the table lives in when the Prisma schema puts it in one
// (@@schema, multi-schema PostgreSQL): the reference is then qualified
// ("auth"."User"), and columns still name it by Name or Alias.
type Table struct {
	Schema string
	Name   string
	Alias  string
}

// Join is an INNER (or LEFT) JOIN.
type Join struct {
	Table Table
	On    Expr
	Left  bool
	// Lateral, when set, is joined instead of a table: a subquery (a Sub
	// or JSONRows) that may refer to the tables before it, named
	// Table.Alias, its one column named LateralCol. Only for a dialect
	// that Supports(LateralJoin).
	Lateral    Expr
	LateralCol string
}

// SelCol is one output column.
type SelCol struct {
	X     Expr
	Alias string
}

// Order is one ORDER BY term.
type Order struct {
	X    Expr
	Desc bool
	// Nulls is "first", "last" or "" (the database's default).
	Nulls string
}

// Select is a SELECT statement.
type Select struct {
	Distinct bool
	Columns  []SelCol
	From     Table
	FromSub  *Select // when set, FROM (FromSub) AS From.Alias
	Joins    []Join
	Where    Expr
	GroupBy  []Expr
	Having   Expr
	OrderBy  []Order
	Limit    *int64
	Offset   *int64
}

// Insert is INSERT ... VALUES with one or more rows.
type Insert struct {
	Schema    string // as Table.Schema
	Table     string
	Columns   []string
	Rows      [][]Expr
	Ignore    bool     // skip rows that violate a unique constraint
	Returning []string // column names; only when the dialect supports RETURNING
}

// Assign is one SET term of an UPDATE.
type Assign struct {
	Col   string
	Value Expr
}

// Update is UPDATE ... SET ... WHERE.
type Update struct {
	Schema    string // as Table.Schema
	Table     string
	Set       []Assign
	Where     Expr
	Returning []string
}

// Delete is DELETE FROM ... WHERE.
type Delete struct {
	Schema    string // as Table.Schema
	Table     string
	Where     Expr
	Returning []string
}

func (*Select) isStmt()   {}
func (*Insert) isStmt()   {}
func (*Update) isStmt()   {}
func (*Delete) isStmt()   {}
func (*Rendered) isStmt() {}

// Rendered is a statement already rendered for its dialect (a cached
// plan's): Render returns its text and arguments as they are.
type Rendered struct {
	SQL  string
	Args []any
}

// Eq is shorthand for L = R.
func Eq(l, r Expr) Expr { return Bin{L: l, Op: "=", R: r} }

// Conj ANDs expressions, flattening nested Ands and dropping empty ones
// (which are true), so that plans print without `TRUE AND ...` noise.
func Conj(xs ...Expr) Expr {
	var out And
	for _, x := range xs {
		switch t := x.(type) {
		case nil:
		case And:
			for _, y := range t {
				if a, ok := y.(And); ok && len(a) == 0 {
					continue
				}
				out = append(out, y)
			}
		default:
			out = append(out, x)
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	if out == nil {
		return And{}
	}
	return out
}
