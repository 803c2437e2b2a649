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
func Apply(ctx context.Context, f flavour.Flavour, pool driver.Pool, namespace string, m Migration) error {
	t := Table{F: f, Q: pool}
	id, err := t.Start(ctx, m.Name, m.Checksum())
	if err != nil {
		return err
	}
	if aerr := RunScript(ctx, f, pool, namespace, m.Name, string(m.Script)); aerr != nil {
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
// Statement.TransactionControl; without, they run as written. The script
// runs inside the flavour's guard for the namespace (see InTransaction).
func RunScript(ctx context.Context, f flavour.Flavour, pool driver.Pool, namespace, name, script string) error {
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
	err := InTransaction(ctx, f, pool, namespace, func(tx driver.Tx) error {
		for _, s := range stmts {
			if s.Empty() || s.TransactionControl() {
				continue
			}
			if _, err := tx.Exec(ctx, s.SQL, nil); err != nil {
				return applyErr(name, s.SQL, err, true)
			}
		}
		return nil
	})
	var ae *ApplyError
	if err != nil && !errors.As(err, &ae) && !errors.Is(err, context.Canceled) {
		return applyErr(name, "COMMIT", err, true)
	}
	return err
}

// InTransaction runs run in a transaction on one connection, inside the
// flavour's guard: its Before statement ahead of the transaction and After
// once it ended (SQLite: foreign keys off, which a transaction cannot
// switch, and which a redefined table would trip), its Setup first inside
// it (PostgreSQL: the search_path of the namespace), and its Check last
// (SQLite: foreign_key_check must find no row, else the transaction rolls
// back).
func InTransaction(ctx context.Context, f flavour.Flavour, pool driver.Pool, namespace string, run func(driver.Tx) error) error {
	g := f.Guard(namespace)
	if g.Before != "" {
		// SQLite: Pool.Exec and Begin share the one writer connection.
		if _, err := pool.Exec(ctx, g.Before, nil); err != nil {
			return err
		}
		defer pool.Exec(context.WithoutCancel(ctx), g.After, nil) //nolint:errcheck // best effort
	}
	tx, err := pool.Begin(ctx, driver.TxOptions{})
	if err != nil {
		return fmt.Errorf("cannot start a transaction: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if g.Setup != "" {
		if _, err := tx.Exec(ctx, g.Setup, nil); err != nil {
			return err
		}
	}
	if err := run(tx); err != nil {
		return err
	}
	if g.Check != "" {
		cols, rows, err := tx.QueryRaw(ctx, g.Check, nil)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			return fmt.Errorf("%d rows would break a foreign key (first: %v = %v); nothing was changed", len(rows), cols, rows[0])
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	done = true
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
