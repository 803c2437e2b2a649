package migrate

import (
	"context"
	"fmt"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/history"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// DevInput is what `migrate dev` works on.
type DevInput struct {
	Pool      driver.Pool
	Flavour   flavour.Flavour
	Namespace string // the PostgreSQL schema
	Schema    *schema.Schema
	Dir       string // the migrations folder

	// The shadow database: Open opens URLs; ShadowURL is the configured
	// shadowDatabaseUrl ("" for a temporary database next to MainURL).
	Open               Opener
	MainURL, ShadowURL string

	Name string // the new migration's name, slugified
	// AskName, when set, is asked for a name when a migration is about to
	// be written and Name is empty (the interactive prompt).
	AskName    func() string
	CreateOnly bool // write the migration without applying it
	// AcceptDataLoss creates and applies a migration that loses data (the
	// user confirmed the warnings).
	AcceptDataLoss bool
	NoLock         bool
	Now            func() time.Time
	OnApply        func(name string, done bool, took time.Duration)
}

// DevResult says what `migrate dev` found and did.
type DevResult struct {
	// ResetReasons is why the database must be reset before migrate dev
	// can go on (failed, edited or missing migrations, drift); nothing
	// was changed. Drift is the summary of the drift, if any.
	ResetReasons []string
	Drift        string
	NoHistory    bool // the database has tables but no _prisma_migrations

	Applied  []string          // pending migrations applied before the new one
	Created  history.Migration // the new migration (Name "" when none)
	Steps    []sqlschema.Step  // its steps
	Warnings Warnings          // measured on the database
}

// Dev runs `migrate dev` up to and including the new migration: replay the
// history in a shadow database to detect drift and broken migrations,
// apply pending migrations, diff the history's schema with the Prisma
// schema, check the change against the data, write the migration and apply
// it. With ResetReasons set, or ErrDataLoss/ErrUnexecutable, the database
// and the folder are left as they were.
func Dev(ctx context.Context, in DevInput) (DevResult, error) {
	var res DevResult
	fl := in.Flavour
	if err := history.CheckLock(in.Dir, fl.Provider()); err != nil {
		return res, err
	}
	migrations, err := history.List(in.Dir)
	if err != nil {
		return res, err
	}
	m := &history.Migrator{F: fl, Pool: in.Pool, Namespace: in.Namespace, NoLock: in.NoLock, OnApply: in.OnApply}
	diag, err := m.Diagnose(ctx, migrations)
	if err != nil {
		return res, err
	}
	for _, n := range diag.Failed {
		res.ResetReasons = append(res.ResetReasons, fmt.Sprintf("The migration `%s` failed.", n))
	}
	for _, n := range diag.Edited {
		res.ResetReasons = append(res.ResetReasons, fmt.Sprintf("The migration `%s` was modified after it was applied.", n))
	}
	if len(diag.Unpersisted) > 0 {
		res.ResetReasons = append(res.ResetReasons, "The following migration(s) are applied to the database but missing from the local migrations directory: "+joinNames(diag.Unpersisted))
	}

	shadow, err := OpenShadow(ctx, fl, in.Open, in.MainURL, in.ShadowURL, in.Namespace, Namespaces(in.Schema, fl)...)
	if err != nil {
		return res, err
	}
	defer shadow.Close()
	if err := fl.EnsureNamespace(ctx, shadow.Pool, in.Namespace); err != nil {
		return res, err
	}
	unapplied := map[string]bool{}
	for _, n := range diag.Unapplied {
		unapplied[n] = true
	}
	failed := map[string]bool{}
	for _, n := range diag.Failed {
		failed[n] = true
	}
	var pending []history.Migration
	for _, mig := range migrations {
		if unapplied[mig.Name] || failed[mig.Name] {
			pending = append(pending, mig)
			continue
		}
		if err := replay(ctx, fl, shadow.Pool, in.Namespace, mig); err != nil {
			return res, err
		}
	}
	live, err := Describe(ctx, fl, in.Pool, in.Namespace, Namespaces(in.Schema, fl))
	if err != nil {
		return res, err
	}
	applied, err := Describe(ctx, fl, shadow.Pool, in.Namespace, Namespaces(in.Schema, fl))
	if err != nil {
		return res, err
	}
	if drift := Diff(applied, live, fl.Caps()); len(drift) > 0 {
		res.Drift = Summary(drift, in.Namespace)
		res.NoHistory = !diag.HasTable
		res.ResetReasons = append(res.ResetReasons, "Drift detected: Your database schema is not in sync with your migration history.")
	}
	for _, mig := range pending {
		if err := replay(ctx, fl, shadow.Pool, in.Namespace, mig); err != nil {
			return res, err
		}
	}
	if len(res.ResetReasons) > 0 {
		return res, nil
	}
	if res.Applied, err = m.Deploy(ctx, migrations); err != nil {
		return res, err
	}

	target, err := Describe(ctx, fl, shadow.Pool, in.Namespace, Namespaces(in.Schema, fl))
	if err != nil {
		return res, err
	}
	want, err := Calculate(in.Schema, fl)
	if err != nil {
		return res, err
	}
	res.Steps = Diff(target, want, fl.Caps())
	if len(res.Steps) == 0 && !in.CreateOnly {
		return res, nil
	}
	if res.Warnings, err = evaluate(ctx, in.Pool, fl, res.Steps); err != nil {
		return res, err
	}
	if len(res.Warnings.Unexecutable) > 0 && !in.CreateOnly {
		return res, ErrUnexecutable
	}
	if len(res.Warnings.DataLoss) > 0 && !in.AcceptDataLoss && !in.CreateOnly {
		return res, ErrDataLoss
	}
	if in.Name == "" && in.AskName != nil {
		in.Name = in.AskName()
	}
	script := EmptyMigration
	if len(res.Steps) > 0 {
		script = StaticWarnings(res.Steps, fl.Provider()) + FormatScript(fl.Render(res.Steps, in.Namespace))
	}
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	if res.Created, err = history.Create(in.Dir, in.Name, script, fl.Provider(), after(now(), migrations)); err != nil {
		return res, err
	}
	if in.CreateOnly {
		return res, nil
	}
	migrations = append(migrations, res.Created)
	_, err = m.Deploy(ctx, migrations)
	return res, err
}

// replay applies a migration to the shadow database; a failure is P3006.
func replay(ctx context.Context, fl flavour.Flavour, pool driver.Pool, namespace string, mig history.Migration) error {
	if err := history.RunScript(ctx, fl, pool, namespace, mig.Name, string(mig.Script)); err != nil {
		return &history.Error{Code: "P3006", Err: err, Message: fmt.Sprintf(
			"Migration `%s` failed to apply cleanly to the shadow database. \nError:\n%v", mig.Name, err)}
	}
	return nil
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// after keeps folder order equal to creation order: a migration made in the
// same second as the last one (scripts, tests) would sort before it by
// name, so its timestamp moves to the second after the last migration's.
func after(now time.Time, migrations []history.Migration) time.Time {
	if len(migrations) == 0 {
		return now
	}
	last := migrations[len(migrations)-1].Name
	if len(last) < 14 {
		return now
	}
	t, err := time.Parse("20060102150405", last[:14])
	if err != nil || now.UTC().After(t.Add(time.Second-1)) {
		return now
	}
	return t.Add(time.Second)
}
