package history

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
)

// ApplyError is a script that failed; it becomes Prisma's P3018.
type ApplyError struct {
	Migration  string
	Code       string // the database's code: SQLSTATE, MySQL error number, SQLite extended result code
	Message    string // the database's message
	Statement  string // the statement that failed
	RolledBack bool   // the script ran in a transaction that was rolled back
}

func (e *ApplyError) Error() string { return e.Message }

// P3018 is Prisma's message for a failed migration.
func (e *ApplyError) P3018() *Error {
	code := e.Code
	if code == "" {
		code = "none"
	}
	return &Error{Code: "P3018", Err: e, Message: fmt.Sprintf("A migration failed to apply. New migrations cannot be applied before the error is recovered from. "+
		"Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n"+
		"Migration name: %s\n\nDatabase error code: %s\n\nDatabase error:\n%s\n", e.Migration, code, e.detail())}
}

// detail is the database error with the failing statement and, beyond
// Prisma, what happened to the rest of the script.
func (e *ApplyError) detail() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if e.Statement != "" {
		fmt.Fprintf(&b, "\n\nFailed statement:\n%s", e.Statement)
	}
	if e.RolledBack {
		b.WriteString("\n\nThe migration ran in a transaction that was rolled back: none of its statements are applied.")
	} else {
		b.WriteString("\n\nThe statements before the failed one stay applied (this database cannot roll back DDL).")
	}
	return b.String()
}

// Apply runs one migration: a started row, the script, then the finished
// row; on failure the row keeps the error in logs and finished_at NULL.
// Where the flavour has transactional DDL the script runs in one
// transaction, so a failure applies none of it; the row is written outside
// that transaction (Prisma runs scripts without one: beyond Prisma).
func Apply(ctx context.Context, f flavour.Flavour, pool driver.Pool, m Migration) error {
	t := Table{F: f, Q: pool}
	id, err := t.Start(ctx, m.Name, m.Checksum())
	if err != nil {
		return err
	}
	if aerr := RunScript(ctx, f, pool, m.Name, string(m.Script)); aerr != nil {
		var ae *ApplyError
		if !errors.As(aerr, &ae) {
			return aerr
		}
		p := ae.P3018()
		if err := t.Fail(ctx, id, p.Message); err != nil {
			return errors.Join(p, err)
		}
		return p
	}
	return t.Finish(ctx, id)
}

// RunScript runs a migration script statement by statement (the MySQL
// adapter refuses multi-statement strings, and a statement-level error
// names the statement). With transactional DDL it runs in one transaction
// and the script's own BEGIN/COMMIT statements are left out, see
// Statement.TransactionControl; without, they run as written.
func RunScript(ctx context.Context, f flavour.Flavour, pool driver.Pool, name, script string) error {
	stmts := Split(script, f.BackslashEscapes())
	if !f.Caps().TransactionalDDL {
		for _, s := range stmts {
			if s.Empty() {
				continue
			}
			if _, err := pool.Exec(ctx, s.SQL, nil); err != nil {
				return applyErr(name, s.SQL, err, false)
			}
		}
		return nil
	}
	tx, err := pool.Begin(ctx, driver.TxOptions{})
	if err != nil {
		return fmt.Errorf("cannot start a transaction for migration %s: %w", name, err)
	}
	for _, s := range stmts {
		if s.Empty() || s.TransactionControl() {
			continue
		}
		if _, err := tx.Exec(ctx, s.SQL, nil); err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			return applyErr(name, s.SQL, err, true)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return applyErr(name, "COMMIT", err, true)
	}
	return nil
}

func applyErr(name, stmt string, err error, rolledBack bool) error {
	ae := &ApplyError{Migration: name, Message: err.Error(), Statement: stmt, RolledBack: rolledBack}
	var de *driver.Error
	if errors.As(err, &de) {
		ae.Code = de.Code
		ae.Message = de.Message
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return ae
}
