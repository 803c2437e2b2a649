// Package postgres is the PostgreSQL dialect: how the neutral SQL tree is
// spelled for PostgreSQL (https://www.postgresql.org/docs/current/sql.html).
// It must not import a driver.
package postgres

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Dialect is the PostgreSQL dialect.
type Dialect struct{}

func (Dialect) Provider() string { return schema.PostgreSQL }

func (Dialect) Supports(c sqltree.Capability) bool {
	switch c {
	case sqltree.Returning:
		return true
	case sqltree.NullsOrder: // native
		return true
	case sqltree.NullsLargest: // https://www.postgresql.org/docs/current/queries-order.html
		return true
	case sqltree.ILike:
		return true
	case sqltree.FloatNaN, sqltree.FloatInfinity: // double precision has NaN and ±Infinity
		return true
	case sqltree.FullTextSearch: // to_tsvector / to_tsquery, no index needed
		return true
	case sqltree.JSONPathKeys:
		return true
	case sqltree.JSONContainment:
		return true
	case sqltree.LateralJoin:
		return true
	}
	return false
}

func (Dialect) MaxParams() int { return driver.MaxParamsPostgres }

func (Dialect) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func (Dialect) Placeholder(n int) string { return "$" + strconv.Itoa(n) }

// LimitOffset: PostgreSQL accepts OFFSET without LIMIT.
func (Dialect) LimitOffset(limit, offset *int64) string {
	var s string
	if limit != nil {
		s = " LIMIT " + strconv.FormatInt(*limit, 10)
	}
	if offset != nil {
		s += " OFFSET " + strconv.FormatInt(*offset, 10)
	}
	return s
}

// LikeEscape: backslash is PostgreSQL's default LIKE escape.
func (Dialect) LikeEscape() string { return "" }

func (Dialect) BoolLiteral(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

func (Dialect) IntDivOp() string { return "/" }

func (Dialect) InsertVerb(bool) string { return "INSERT" }

func (Dialect) InsertSuffix(ignore bool) string {
	if ignore {
		return " ON CONFLICT DO NOTHING"
	}
	return ""
}

func (Dialect) EmptyValues() string { return "DEFAULT VALUES" }

// JSONWrap: jsonb equality ignores formatting and key order.
func (Dialect) JSONWrap() (string, string) { return "CAST(", " AS jsonb)" }

// CheckedInt: integer arithmetic raises 22003 (numeric_value_out_of_range)
// on overflow, and so does storing a bigint result in an integer column.
func (Dialect) CheckedInt(_ func(string), x func(), _ int) { x() }

// MatchLiteral: LIKE takes any value once its wildcards are escaped.
func (Dialect) MatchLiteral(func(string), func(), func(any), sqltree.Like) bool { return false }

// BindList binds a long IN list as one array: `x = ANY($n)` (`x <> ALL($n)`
// for NOT IN), whose parameter PostgreSQL types as an array of x's type,
// as it types each placeholder of a plain list after x; the three-valued
// results are the same (a NULL x matches neither). The adapter sends the
// array as text (an array literal), which works for enum columns too. A
// case-insensitive list lowers each value in SQL, as the plain list does.
// https://www.postgresql.org/docs/current/functions-comparisons.html
func (Dialect) BindList(w func(string), x func(), arg func(any), l sqltree.List) bool {
	x()
	switch {
	case l.Lower && l.Not:
		w(" NOT IN (SELECT LOWER(v) FROM unnest(CAST(")
	case l.Lower:
		w(" IN (SELECT LOWER(v) FROM unnest(CAST(")
	case l.Not:
		w(" <> ALL(")
	default:
		w(" = ANY(")
	}
	arg(driver.List(l.Values))
	if l.Lower {
		w(" AS text[])) AS v)")
	} else {
		w(")")
	}
	return true
}

// TextSearch is Prisma's full-text search: the columns joined by spaces as
// one document, matched against (or ranked by) a to_tsquery query, whose
// syntax the user writes (`&`, `|`, `!`, `<->`). Both use the server's
// default_text_search_config, as Prisma does.
// https://www.postgresql.org/docs/current/textsearch-controls.html
func (Dialect) TextSearch(w func(string), cols func(string), arg func(any), t sqltree.TextSearch) {
	if t.Rank {
		w("ts_rank(")
	}
	w("to_tsvector(concat_ws(' ', ")
	cols(", ")
	w("))")
	if t.Rank {
		w(", ")
	} else {
		w(" @@ ")
	}
	w("to_tsquery(")
	arg(t.Query)
	w(")")
	if t.Rank {
		w(")")
	}
}
