package migrate

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// PushOptions are `db push`'s flags.
type PushOptions struct {
	// AcceptDataLoss runs changes that lose data (dropped columns or
	// tables, risky casts); without it Push refuses them with ErrDataLoss.
	AcceptDataLoss bool
	// ForceReset empties the database (on PostgreSQL the whole schema with
	// its types) before creating the schema's tables.
	ForceReset bool
	// Schema is the PostgreSQL schema (?schema= in the URL); "" = "public".
	Schema string
}

// PushResult says what Push did.
type PushResult struct {
	AlreadyInSync bool     // nothing to do
	Reset         bool     // the database was emptied first (ForceReset)
	Dropped       []string // tables dropped by the reset
	Steps         []Step   // statements run, in order
	Warnings      Warnings // what the change risks, measured on the database
}

// ErrDataLoss is wrapped by Push's error when the change would lose data and
// AcceptDataLoss is not set; ErrUnexecutable when a step cannot run on the
// rows the database holds (a required column without a default added to a
// table with rows). Nothing is changed in either case.
var (
	ErrDataLoss     = errors.New("the change would lose data")
	ErrUnexecutable = errors.New("the change cannot be executed on the data of the database")
)

// Push makes the database match sch the way `prisma db push` does: it
// describes the live database, diffs it against the schema and runs the
// steps, after checking them against the data. SQLite and PostgreSQL run
// everything in one transaction, so a failure leaves the database as it
// was; MySQL commits each DDL statement implicitly.
func Push(ctx context.Context, pool driver.Pool, sch *schema.Schema, opts PushOptions) (PushResult, error) {
	var res PushResult
	fl, err := flavour.For(pool.Provider())
	if err != nil {
		return res, err
	}
	if sch.Datasource != nil && sch.Datasource.Provider != fl.Provider() {
		return res, fmt.Errorf("the schema's datasource provider is %q but the database URL is for %q; use a URL for %s",
			sch.Datasource.Provider, fl.Provider(), sch.Datasource.Provider)
	}
	ns := Options{Schema: opts.Schema}.namespace()
	want, err := Calculate(sch, fl)
	if err != nil {
		return res, err
	}
	live, err := Describe(ctx, fl, pool, ns, Namespaces(sch, fl))
	if err != nil {
		return res, err
	}
	if opts.ForceReset {
		res.Reset = true
		for _, t := range live.Tables {
			res.Dropped = append(res.Dropped, t.Name)
		}
		sort.Strings(res.Dropped)
		if err := Reset(ctx, pool, fl, ns, Namespaces(sch, fl)...); err != nil {
			return res, fmt.Errorf("cannot reset the database: %w", err)
		}
		live = &sqlschema.Schema{}
	}
	var from *sqlschema.Schema // Prisma's "empty": a whole script, schema included
	if !live.Empty() {
		from = live
	} else if want.Empty() {
		res.AlreadyInSync = !res.Reset
		return res, nil
	}
	steps := Diff(from, want, fl.Caps())
	if len(steps) == 0 {
		res.AlreadyInSync = true
		return res, nil
	}
	if res.Warnings, err = evaluate(ctx, pool, fl, steps); err != nil {
		return res, err
	}
	if len(res.Warnings.Unexecutable) > 0 {
		return res, ErrUnexecutable
	}
	if len(res.Warnings.DataLoss) > 0 && !opts.AcceptDataLoss {
		return res, ErrDataLoss
	}
	res.Steps = fl.Render(steps, ns)
	stmts := make([]string, len(res.Steps))
	for i, s := range res.Steps {
		stmts[i] = s.SQL
	}
	if err := Apply(ctx, pool, fl, ns, stmts); err != nil {
		return res, fmt.Errorf("db push failed: %w", err)
	}
	return res, nil
}
