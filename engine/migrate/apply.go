package migrate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/history"

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
	err := history.InTransaction(ctx, fl, pool, namespace, func(tx driver.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s, nil); err != nil {
				return &ScriptError{Statement: firstLine(s), Err: err, RolledBack: fl.Caps().TransactionalDDL}
			}
		}
		return nil
	})
	var se *ScriptError
	if err != nil && !errors.As(err, &se) {
		return fmt.Errorf("cannot apply the schema changes: %w", err)
	}
	return err
}

// Reset empties the database (the namespace, and the schemas of a
// multi-schema datasource) the way `migrate reset` and
// `db push --force-reset` do, atomically where DDL allows.
func Reset(ctx context.Context, pool driver.Pool, fl flavour.Flavour, namespace string, namespaces ...string) error {
	return history.InTransaction(ctx, fl, pool, namespace, func(tx driver.Tx) error {
		if err := fl.ResetDatabase(ctx, tx, namespace); err != nil {
			return err
		}
		for _, n := range namespaces {
			if n == namespace {
				continue
			}
			if err := fl.ResetDatabase(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// firstLine names a statement by its first line, without a dangling " (".
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSuffix(line, " (")
}
