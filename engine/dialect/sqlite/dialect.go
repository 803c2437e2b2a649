// Package sqlite is the SQLite dialect: how the neutral SQL tree is spelled
// for SQLite (https://sqlite.org/lang.html). It must not import a driver.
package sqlite

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Dialect is the SQLite dialect.
type Dialect struct{}

func (Dialect) Provider() string { return schema.SQLite }

func (Dialect) Supports(c sqltree.Capability) bool {
	switch c {
	case sqltree.Returning: // since SQLite 3.35
		return true
	case sqltree.NullsOrder: // since SQLite 3.30
		return true
	case sqltree.ILike:
		return false
	case sqltree.GlobMatch: // LIKE is case-insensitive for ASCII
		return true
	case sqltree.FloatNaN: // a bound NaN is stored as NULL (https://sqlite.org/floatingpoint.html)
		return false
	case sqltree.FloatInfinity: // REAL holds IEEE 754 infinities
		return true
	}
	return false
}

func (Dialect) MaxParams() int { return driver.MaxParamsSQLite }

func (Dialect) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func (Dialect) Placeholder(int) string { return "?" }

// LimitOffset: SQLite needs a LIMIT before OFFSET; -1 means no limit.
func (Dialect) LimitOffset(limit, offset *int64) string {
	var s string
	if limit != nil {
		s = " LIMIT " + strconv.FormatInt(*limit, 10)
	} else if offset != nil {
		s = " LIMIT -1"
	}
	if offset != nil {
		s += " OFFSET " + strconv.FormatInt(*offset, 10)
	}
	return s
}

// LikeEscape: SQLite's LIKE has no default escape character.
func (Dialect) LikeEscape() string { return ` ESCAPE '\'` }

func (Dialect) BoolLiteral(b bool) string {
	if b {
		return "1"
	}
	return "0"
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

// JSONWrap: json() minifies both sides the same way.
func (Dialect) JSONWrap() (string, string) { return "json(", ")" }

// CheckedInt: SQLite turns an integer result that overflows 64 bits into a
// REAL (https://sqlite.org/lang_expr.html#operators), which an INTEGER
// column then keeps, and its INTEGER holds 64 bits whatever the declared
// type. The guard fails such a result with SQLite's own "integer overflow"
// error, which abs() raises for the smallest integer; CASE evaluates only
// the branch taken, so the error is raised only on overflow. A NULL result
// stays NULL.
func (Dialect) CheckedInt(w func(string), x func(), bits int) {
	w("CASE WHEN ")
	if bits == 32 {
		x()
		w(" NOT BETWEEN -2147483648 AND 2147483647")
	} else {
		w("typeof(")
		x()
		w(") = 'real'")
	}
	w(" THEN abs(-9223372036854775807 - 1) ELSE ")
	x()
	w(" END")
}

// MatchLiteral compares bytes with instr() and substr() when a LIKE or GLOB
// pattern would not match the value literally: SQLite reads patterns as C
// strings, so a NUL byte ends the pattern early (and widens the match), and
// a pattern longer than SQLITE_MAX_LIKE_PATTERN_LENGTH fails the statement
// (https://sqlite.org/limits.html#max_like_pattern_length). Escaping can
// triple a value, hence the third. Other values keep GLOB/LIKE, which an
// index can serve. CAST AS BLOB makes substr() count bytes; LOWER() folds
// ASCII only, as SQLite's LIKE does.
func (Dialect) MatchLiteral(w func(string), x func(), arg func(any), l sqltree.Like) bool {
	if !strings.ContainsRune(l.Value, 0) && len(l.Value) <= driver.MaxLikePatternSQLite/3 {
		return false
	}
	blob := func(f func()) {
		w("CAST(")
		if l.Insensitive {
			w("LOWER(")
		}
		f()
		if l.Insensitive {
			w(")")
		}
		w(" AS BLOB)")
	}
	val := func() { arg(l.Value) }
	n := strconv.Itoa(len(l.Value))
	switch l.Kind {
	case sqltree.StartsWith:
		w("substr(")
		blob(x)
		w(", 1, " + n + ") = ")
		blob(val)
	case sqltree.EndsWith:
		w("substr(")
		blob(x)
		w(", -" + n + ") = ")
		blob(val)
	default:
		w("instr(")
		blob(x)
		w(", ")
		blob(val)
		w(") > 0")
	}
	return true
}

// BindList binds a long IN list as one JSON array read back with json_each
// (https://sqlite.org/json1.html#jeach), whose values are the INTEGER, REAL
// and TEXT values the plain list binds: the adapter writes each value as
// it would bind it (DateTime and Decimal as their text, Boolean as 1/0 via
// true/false), so they compare exactly as one placeholder per value does,
// with the same affinity (the json_each column has none, as a bound
// argument). Bytes travel as hex and come back with unhex(); so does text
// JSON cannot carry byte for byte (a NUL byte, invalid UTF-8), cast back
// to TEXT. Infinities are written 9e999, as SQLite's own JSON writes them.
func (Dialect) BindList(w func(string), x func(), arg func(any), l sqltree.List) bool {
	elem := "value"
	for _, v := range l.Values {
		switch v := v.(type) {
		case int64, bool, time.Time, driver.Decimal:
		case float64:
			if math.IsNaN(v) { // never bound: SQLite stores NaN as NULL
				return false
			}
		case string:
			if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
				elem = "CAST(unhex(value) AS TEXT)"
			}
		case []byte:
			elem = "unhex(value)"
		default:
			return false
		}
	}
	vals := l.Values
	if elem == "CAST(unhex(value) AS TEXT)" {
		vals = make([]any, len(l.Values))
		for i, v := range l.Values {
			s, ok := v.(string)
			if !ok { // text and other values in one list: not from one field
				return false
			}
			vals[i] = []byte(s)
		}
	}
	if l.Lower {
		elem = "LOWER(" + elem + ")"
	}
	x()
	if l.Not {
		w(" NOT IN (SELECT " + elem + " FROM json_each(")
	} else {
		w(" IN (SELECT " + elem + " FROM json_each(")
	}
	arg(driver.List(vals))
	w("))")
	return true
}

// TextSearch: SQLite's full-text search is FTS5 virtual tables, which a
// Prisma schema does not declare; the planner refuses `search` and
// `_relevance` here (Supports(FullTextSearch) is false), so this is never
// reached.
func (Dialect) TextSearch(func(string), func(string), func(any), sqltree.TextSearch) {
	panic("sqlite: full-text search is refused by the planner")
}
