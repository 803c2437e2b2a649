package migrate

import (
	"context"
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
)

// ScriptError is a statement of a script that failed.
type ScriptError struct {
	Statement string // the statement, or the step label when it holds several
	Err       error
	// RolledBack: nothing of the script stayed (DDL in a transaction).
	RolledBack bool
}

func (e *ScriptError) Error() string {
	undo := "nothing was changed (the statements run in one transaction)"
	if !e.RolledBack {
		undo = "the statements before it stay applied (the database cannot roll back DDL)"
	}
	return fmt.Sprintf("`%s` failed: %v; %s", e.Statement, e.Err, undo)
}

func (e *ScriptError) Unwrap() error { return e.Err }

// Apply runs statements in order, in one transaction where the database
// rolls DDL back (SQLite, PostgreSQL): a failure then leaves the database as
// it was. The statements run in the namespace (the PostgreSQL schema). MySQL
// commits each DDL statement implicitly; the statements still share one
// connection, so session settings hold throughout.
func Apply(ctx context.Context, pool driver.Pool, fl flavour.Flavour, namespace string, stmts []string) error {
	return inScript(ctx, pool, fl, namespace, func(tx driver.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s, nil); err != nil {
				return &ScriptError{Statement: firstLine(s), Err: err, RolledBack: fl.Caps().TransactionalDDL}
			}
		}
		return nil
	})
}

// Reset empties the database (the namespace) the way `migrate reset` and
// `db push --force-reset` do, atomically where DDL allows.
func Reset(ctx context.Context, pool driver.Pool, fl flavour.Flavour, namespace string) error {
	return inScript(ctx, pool, fl, namespace, func(tx driver.Tx) error {
		return fl.ResetDatabase(ctx, tx, namespace)
	})
}

// inScript runs run in a transaction on one connection, inside the
// flavour's guard.
func inScript(ctx context.Context, pool driver.Pool, fl flavour.Flavour, namespace string, run func(driver.Tx) error) error {
	g := fl.Guard(namespace)
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
			return &ScriptError{Statement: g.Check, RolledBack: fl.Caps().TransactionalDDL,
				Err: fmt.Errorf("%d rows would break a foreign key (first: %v = %v)", len(rows), cols, rows[0])}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("cannot commit the schema changes: %w", err)
	}
	done = true
	return nil
}

// firstLine names a statement by its first line, without a dangling " (".
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSuffix(line, " (")
}
