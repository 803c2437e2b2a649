// Package history is Prisma Migrate's migration history: the migrations
// folder (<timestamp>_<name>/migration.sql and migration_lock.toml, byte
// compatible with Prisma's), the _prisma_migrations table (the same rows,
// checksums and timestamps Prisma writes and reads) and the operations
// built on both: apply pending migrations (migrate deploy), diagnose the
// history (migrate status), mark a migration applied or rolled back
// (migrate resolve) and reset the database (migrate reset).
//
// It works through engine/driver's interfaces and the dialect's
// flavour.Flavour; it never compares provider names, imports no driver and
// does not describe or diff schemas (sqlschema) beyond asking the flavour
// whether a database is empty.
//
// Beyond Prisma, where the dialect has transactional DDL (SQLite,
// PostgreSQL) each migration script runs inside one transaction, so a
// failing migration leaves the database as it was before it; the failure
// is then recorded outside that transaction.
package history

import (
	"fmt"
	"strings"
)

// Error is a Prisma user-facing error (P3005, P3009, P3018...).
type Error struct {
	Code    string
	Message string
	Err     error // the underlying error, when there is one
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }
func (e *Error) Unwrap() error { return e.Err }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Prisma's user-facing messages (libs/user-facing-errors, schema_engine.rs).
const (
	msgSchemaNotEmpty = "The database schema is not empty. Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline"
	msgFoundFailed    = "migrate found failed migrations in the target database, new migrations will not be applied. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n"
)

func failedDetails(rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		logs := ""
		if l := strings.TrimSpace(r.Logs); l != "" {
			logs = " with the following logs:\n" + l
		}
		fmt.Fprintf(&b, "The `%s` migration started at %s failed%s\n", r.Name, chronoUTC(r.StartedAt), logs)
	}
	return b.String()
}
