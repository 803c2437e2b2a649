// Package mysql is the MySQL/MariaDB dialect: how the neutral SQL tree is
// spelled for MySQL (https://dev.mysql.com/doc/refman/8.0/en/sql-statements.html).
// It must not import a driver.
package mysql

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Dialect is the MySQL dialect.
type Dialect struct{}

func (Dialect) Provider() string { return schema.MySQL }

func (Dialect) Supports(c sqltree.Capability) bool {
	switch c {
	case sqltree.Returning: // MySQL has none (MariaDB only for INSERT/DELETE)
		return false
	case sqltree.NullsOrder: // emulated with IS NULL
		return false
	case sqltree.ILike:
		return false
	case sqltree.FloatNaN, sqltree.FloatInfinity:
		// DOUBLE is finite only (https://dev.mysql.com/doc/refman/8.0/en/floating-point-types.html).
		return false
	case sqltree.FullTextSearch, sqltree.FullTextIndexed: // MATCH ... AGAINST over a FULLTEXT index
		return true
	case sqltree.JSONContainment:
		return true
	}
	return false
}

func (Dialect) MaxParams() int { return driver.MaxParamsMySQL }

func (Dialect) QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func (Dialect) Placeholder(int) string { return "?" }

// LimitOffset: MySQL needs a LIMIT before OFFSET; the documented idiom for
// "no limit" is the largest unsigned 64-bit number.
func (Dialect) LimitOffset(limit, offset *int64) string {
	var s string
	if limit != nil {
		s = " LIMIT " + strconv.FormatInt(*limit, 10)
	} else if offset != nil {
		s = " LIMIT 18446744073709551615"
	}
	if offset != nil {
		s += " OFFSET " + strconv.FormatInt(*offset, 10)
	}
	return s
}

// LikeEscape: backslash is MySQL's default LIKE escape.
func (Dialect) LikeEscape() string { return "" }

func (Dialect) BoolLiteral(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

func (Dialect) IntDivOp() string { return "DIV" }

func (Dialect) InsertVerb(ignore bool) string {
	if ignore {
		return "INSERT IGNORE"
	}
	return "INSERT"
}

func (Dialect) InsertSuffix(bool) string { return "" }

func (Dialect) EmptyValues() string { return "() VALUES ()" }

// JSONWrap: MySQL compares JSON values; MariaDB (JSON is text) normalises both sides.
func (Dialect) JSONWrap() (string, string) { return "JSON_EXTRACT(", ", '$')" }

// CheckedInt: BIGINT arithmetic raises 1690 (ER_DATA_OUT_OF_RANGE) on
// overflow, and strict mode refuses an out-of-range INT (1264).
func (Dialect) CheckedInt(_ func(string), x func(), _ int) { x() }

// MatchLiteral: LIKE takes any value once its wildcards are escaped.
func (Dialect) MatchLiteral(func(string), func(), func(any), sqltree.Like) bool { return false }

// BindList: MySQL has no array parameter, and needs none: the adapter
// interpolates arguments into the statement text (go-sql-driver's
// interpolateParams), so the server's 65535-placeholder limit of prepared
// statements never applies.
func (Dialect) BindList(func(string), func(), func(any), sqltree.List) bool { return false }

// TextSearch is MATCH ... AGAINST in boolean mode, as Prisma's: the query
// uses its operators (`+`, `-`, `*`, `"..."`), and the same expression is
// the relevance score. InnoDB needs a FULLTEXT index over exactly the
// columns (FullTextIndexed), which the planner checks in the schema.
// https://dev.mysql.com/doc/refman/8.0/en/fulltext-boolean.html
func (Dialect) TextSearch(w func(string), cols func(string), arg func(any), t sqltree.TextSearch) {
	w("MATCH (")
	cols(", ")
	w(") AGAINST (")
	arg(t.Query)
	w(" IN BOOLEAN MODE)")
}
