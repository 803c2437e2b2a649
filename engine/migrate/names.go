package migrate

import (
	"strings"
	"unicode/utf8"
)

// Identifier length limits, from the databases' documentation:
// PostgreSQL NAMEDATALEN-1 = 63 bytes
// (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS),
// MySQL 64 characters (https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html).
// SQLite has no limit; Prisma uses a large one so names are never cut.
const (
	MaxIdentPostgres = 63
	MaxIdentMySQL    = 64
	MaxIdentSQLite   = 10000
)

// untruncated is Prisma's default constraint name before any truncation:
// <table>_<col1>_<col2>..<suffix>.
func untruncated(table string, columns []string, suffix string) string {
	return table + "_" + strings.Join(columns, "_") + suffix
}

// constraintName is Prisma's default name for an index, unique constraint or
// foreign key: the table and column part is cut so that the whole name, with
// its suffix, fits the dialect's limit (longnames.from-empty.postgresql.sql:
// 59 bytes + "_key" = 63).
func constraintName(table string, columns []string, suffix string, limit int) string {
	return truncate(table+"_"+strings.Join(columns, "_"), limit-len(suffix)) + suffix
}

// pkName is Prisma's default primary key name, <table>_pkey, cut the same way.
func pkName(table string, limit int) string {
	return truncate(table, limit-len("_pkey")) + "_pkey"
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// joinIndexName names the join table's (A, B) and B indexes: the table name
// is cut so that the suffix always fits ("_AB_unique", "_AB_pkey", "_B_index").
func joinIndexName(table, suffix string, limit int) string {
	return truncate(table, limit-len(suffix)) + suffix
}
