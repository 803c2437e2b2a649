package history

import (
	"context"
	"fmt"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
)

// Migrator runs the history operations on one database.
type Migrator struct {
	F         flavour.Flavour
	Pool      driver.Pool
	Namespace string // the PostgreSQL schema ("" = public); unused elsewhere
	// Namespaces are the schemas of a multi-schema datasource: reset
	// empties each of them too.
	Namespaces []string
	// NoLock skips the advisory lock (PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK).
	NoLock bool
	// OnApply, when set, is told about each migration before and after it
	// runs (done=false, then done=true with its duration).
	OnApply func(name string, done bool, took time.Duration)
}

func (m *Migrator) table() Table { return Table{F: m.F, Q: m.Pool} }

// Lock takes the migration lock of the flavour (PostgreSQL's advisory lock,
// MySQL's GET_LOCK, none on SQLite). Those locks belong to a connection
// and the pool's Querier may use another connection for every statement,
// so the lock runs on a transaction of its own, held open, idle and
// touching no table, until release: a transaction is the one way the
// driver interface pins a connection. The transaction is begun lazily, on
// the flavour's first statement: SQLite's Lock runs none, and a SQLite
// transaction would hold the single writer connection that the migrations
// need. The pool must allow two connections (Prisma's default pool size
// is num_cpus*2+1; connection_limit=1 would wait for the pool timeout).
func (m *Migrator) Lock(ctx context.Context) (release func(), err error) {
	if m.NoLock {
		return func() {}, nil
	}
	lq := &lazyTx{pool: m.Pool}
	rel, err := m.F.Lock(ctx, lq)
	if err != nil {
		lq.end(ctx)
		return nil, fmt.Errorf("%w (see https://pris.ly/d/migrate-advisory-locking)", err)
	}
	return func() {
		rel()
		lq.end(ctx)
	}, nil
}

// lazyTx is a Querier that begins its transaction on first use.
type lazyTx struct {
	pool driver.Pool
	tx   driver.Tx
}

func (l *lazyTx) get(ctx context.Context) (driver.Tx, error) {
	if l.tx == nil {
		tx, err := l.pool.Begin(ctx, driver.TxOptions{})
		if err != nil {
			return nil, err
		}
		l.tx = tx
	}
	return l.tx, nil
}

func (l *lazyTx) Query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	tx, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return tx.Query(ctx, sql, args, types)
}

func (l *lazyTx) QueryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	tx, err := l.get(ctx)
	if err != nil {
		return nil, nil, err
	}
	return tx.QueryRaw(ctx, sql, args)
}

func (l *lazyTx) Exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	tx, err := l.get(ctx)
	if err != nil {
		return driver.Result{}, err
	}
	return tx.Exec(ctx, sql, args)
}

func (l *lazyTx) end(ctx context.Context) {
	if l.tx != nil {
		_ = l.tx.Rollback(context.WithoutCancel(ctx))
		l.tx = nil
	}
}

// initialize makes sure _prisma_migrations exists, as Prisma's
// initialisation: a database holding other tables and no history is P3005.
func (m *Migrator) initialize(ctx context.Context) ([]Row, error) {
	rows, exists, err := m.table().Rows(ctx)
	if err != nil || exists {
		return rows, err
	}
	live, err := m.F.ListTables(ctx, m.Pool, m.namespace())
	if err != nil {
		return nil, err
	}
	if len(live) > 0 {
		return nil, &Error{Code: "P3005", Message: msgSchemaNotEmpty}
	}
	if err := m.F.EnsureNamespace(ctx, m.Pool, m.namespace()); err != nil {
		return nil, err
	}
	return nil, m.table().Create(ctx)
}

func (m *Migrator) namespace() string {
	if m.Namespace == "" && m.F.Caps().Namespaces {
		return "public"
	}
	return m.Namespace
}

// failedRows returns P3009 when rows hold failed migrations.
func failedRows(rows []Row) error {
	var failed []Row
	for _, r := range rows {
		if r.Failed() {
			failed = append(failed, r)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return &Error{Code: "P3009", Message: msgFoundFailed + failedDetails(failed)}
}

// Pending lists the migrations that have no row that is not rolled back.
func Pending(migrations []Migration, rows []Row) []Migration {
	applied := map[string]bool{}
	for _, r := range rows {
		if r.RolledBackAt == nil {
			applied[r.Name] = true
		}
	}
	var out []Migration
	for _, mig := range migrations {
		if !applied[mig.Name] {
			out = append(out, mig)
		}
	}
	return out
}

// Deploy applies the pending migrations in folder order, like Prisma's
// applyMigrations: lock, initialise the table (P3005), refuse when a
// failed migration is recorded (P3009), then apply each (P3018 on the
// first failure). It returns the names applied, also on error.
func (m *Migrator) Deploy(ctx context.Context, migrations []Migration) ([]string, error) {
	release, err := m.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return m.deploy(ctx, migrations)
}

func (m *Migrator) deploy(ctx context.Context, migrations []Migration) ([]string, error) {
	rows, err := m.initialize(ctx)
	if err != nil {
		return nil, err
	}
	if err := failedRows(rows); err != nil {
		return nil, err
	}
	var applied []string
	for _, mig := range Pending(migrations, rows) {
		start := time.Now()
		if m.OnApply != nil {
			m.OnApply(mig.Name, false, 0)
		}
		if err := Apply(ctx, m.F, m.Pool, m.namespace(), mig); err != nil {
			return applied, err
		}
		if m.OnApply != nil {
			m.OnApply(mig.Name, true, time.Since(start))
		}
		applied = append(applied, mig.Name)
	}
	return applied, nil
}

// Reset empties the database through the flavour (on one connection, in a
// transaction where DDL is transactional) and applies every migration.
func (m *Migrator) Reset(ctx context.Context, migrations []Migration) ([]string, error) {
	release, err := m.Lock(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	tx, err := m.Pool.Begin(ctx, driver.TxOptions{})
	if err != nil {
		return nil, fmt.Errorf("cannot start the reset: %w", err)
	}
	for _, ns := range resetNamespaces(m.namespace(), m.Namespaces) {
		if err := m.F.ResetDatabase(ctx, tx, ns); err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("cannot commit the reset: %w", err)
	}
	return m.deploy(ctx, migrations)
}

// ResolveApplied records a migration as applied without running it
// (baselining, or a failed migration fixed by hand): P3017 when it is not
// in the folder, the table is created if missing (whatever the database
// holds), P3008 when a row of it is finished; its failed rows are marked
// rolled back first.
func (m *Migrator) ResolveApplied(ctx context.Context, migrations []Migration, name string) error {
	var mig *Migration
	for i := range migrations {
		if migrations[i].Name == name {
			mig = &migrations[i]
		}
	}
	if mig == nil {
		return errorf("P3017", "The migration %s could not be found. Please make sure that the migration exists, and that you included the whole name of the directory. (example: \"20201207184859_initial_migration\")", name)
	}
	release, err := m.Lock(ctx)
	if err != nil {
		return err
	}
	defer release()
	t := m.table()
	rows, exists, err := t.Rows(ctx)
	if err != nil {
		return err
	}
	if !exists {
		if err := m.F.EnsureNamespace(ctx, m.Pool, m.namespace()); err != nil {
			return err
		}
		if err := t.Create(ctx); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if r.Name == name && r.FinishedAt != nil {
			return errorf("P3008", "The migration `%s` is already recorded as applied in the database.", name)
		}
	}
	for _, r := range rows {
		if r.Name == name && r.Failed() {
			if err := t.RollBack(ctx, r.ID); err != nil {
				return err
			}
		}
	}
	return t.InsertApplied(ctx, name, mig.Checksum())
}

// ResolveRolledBack marks the failed rows of a migration as rolled back:
// P3011 when it has no row, P3012 when none of its rows failed.
func (m *Migrator) ResolveRolledBack(ctx context.Context, name string) error {
	release, err := m.Lock(ctx)
	if err != nil {
		return err
	}
	defer release()
	t := m.table()
	rows, exists, err := t.Rows(ctx)
	if err != nil {
		return err
	}
	if !exists {
		return fmt.Errorf("invariant violation: the migrations table %s does not exist in the database, so no migration can be marked as rolled back", TableName)
	}
	var relevant, failed []Row
	for _, r := range rows {
		if r.Name == name {
			relevant = append(relevant, r)
			if r.Failed() {
				failed = append(failed, r)
			}
		}
	}
	if len(relevant) == 0 {
		return errorf("P3011", "Migration `%s` cannot be rolled back because it was never applied to the database. Hint: did you pass in the whole migration name? (example: \"20201207184859_initial_migration\")", name)
	}
	if len(failed) == 0 {
		return errorf("P3012", "Migration `%s` cannot be rolled back because it is not in a failed state.", name)
	}
	for _, r := range failed {
		if err := t.RollBack(ctx, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// Diagnosis is Prisma's diagnoseMigrationHistory without a shadow database.
type Diagnosis struct {
	HasTable bool
	// Unapplied: local migrations with no row at all (rolled back rows
	// count as present, as in Prisma); Unpersisted: rows with no folder.
	Unapplied, Unpersisted []string
	// LastCommon is the migration before the first unapplied one when the
	// histories diverge ("" when it is the first).
	LastCommon string
	Failed     []string // rows neither finished nor rolled back
	Edited     []string // the script differs from the one its applied row recorded (beyond Prisma's status)
}

// Diagnose compares the folder with the table (read-only).
func (m *Migrator) Diagnose(ctx context.Context, migrations []Migration) (Diagnosis, error) {
	var d Diagnosis
	rows, exists, err := m.table().Rows(ctx)
	if err != nil {
		return d, err
	}
	d.HasTable = exists
	byName := map[string]bool{}
	appliedRow := map[string]Row{} // the last finished, not rolled back row
	for _, r := range rows {
		byName[r.Name] = true
		if r.FinishedAt != nil && r.RolledBackAt == nil {
			appliedRow[r.Name] = r
		}
	}
	local := map[string]bool{}
	firstUnapplied := -1
	for i, mig := range migrations {
		local[mig.Name] = true
		if !byName[mig.Name] {
			d.Unapplied = append(d.Unapplied, mig.Name)
			if firstUnapplied < 0 {
				firstUnapplied = i
			}
		} else if r, ok := appliedRow[mig.Name]; ok && !ChecksumMatches(r.Checksum, mig.Script) {
			d.Edited = append(d.Edited, mig.Name)
		}
	}
	for _, r := range rows {
		if r.Failed() {
			d.Failed = append(d.Failed, r.Name)
		}
		if !local[r.Name] {
			d.Unpersisted = append(d.Unpersisted, r.Name)
		}
	}
	if firstUnapplied > 0 {
		d.LastCommon = migrations[firstUnapplied-1].Name
	}
	return d, nil
}

// resetNamespaces are the connection's namespace and then each listed one
// that differs from it.
func resetNamespaces(namespace string, more []string) []string {
	out := []string{namespace}
	for _, n := range more {
		if n != namespace {
			out = append(out, n)
		}
	}
	return out
}
