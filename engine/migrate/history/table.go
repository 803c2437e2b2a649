package history

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
)

// TableName is Prisma's migration history table.
const TableName = "_prisma_migrations"

// Row is one row of _prisma_migrations.
type Row struct {
	ID           string
	Checksum     string
	FinishedAt   *time.Time
	Name         string // migration_name
	Logs         string // "" when NULL
	LogsNull     bool
	RolledBackAt *time.Time
	StartedAt    time.Time
	AppliedSteps int64
}

// Failed: started, neither finished nor rolled back.
func (r Row) Failed() bool { return r.FinishedAt == nil && r.RolledBackAt == nil }

// Table reads and writes _prisma_migrations through q.
type Table struct {
	F flavour.Flavour
	Q driver.Querier
}

func (t Table) name() string { return t.F.Quote(TableName) }

var rowTypes = []driver.Type{driver.TypeString, driver.TypeString, driver.TypeDateTime, driver.TypeString,
	driver.TypeString, driver.TypeDateTime, driver.TypeDateTime, driver.TypeInt}

// Rows reads every row ordered by started_at. exists is false when the
// table is missing. On SQLite the datetimes may be integer Unix
// milliseconds (Prisma's native engine) or ISO-8601 text (its driver
// adapters, and ppy): the SQLite adapter reads both as DateTime.
func (t Table) Rows(ctx context.Context) (rows []Row, exists bool, err error) {
	cols := []string{"id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"}
	for i, c := range cols {
		cols[i] = t.F.Quote(c)
	}
	res, err := t.Q.Query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t.name()+" ORDER BY "+t.F.Quote("started_at")+" ASC",
		nil, rowTypes)
	if err != nil {
		var de *driver.Error
		if errors.As(err, &de) && de.Kind == driver.KindTableNotFound {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("cannot read %s: %w", TableName, err)
	}
	for _, r := range res {
		var row Row
		row.ID, _ = r[0].(string)
		row.Checksum, _ = r[1].(string)
		row.FinishedAt = timePtr(r[2])
		row.Name, _ = r[3].(string)
		row.Logs, _ = r[4].(string)
		row.LogsNull = r[4] == nil
		row.RolledBackAt = timePtr(r[5])
		if ts := timePtr(r[6]); ts != nil {
			row.StartedAt = *ts
		}
		row.AppliedSteps, _ = r[7].(int64)
		rows = append(rows, row)
	}
	// Sorted again here: SQLite orders integers before text, and one table
	// can hold both forms (a history begun by Prisma's native engine and
	// continued by ppy or an adapter).
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].StartedAt.Before(rows[j].StartedAt) })
	return rows, true, nil
}

func timePtr(v any) *time.Time {
	if ts, ok := v.(time.Time); ok {
		ts = ts.UTC()
		return &ts
	}
	return nil
}

// Create creates the table with Prisma's DDL.
func (t Table) Create(ctx context.Context) error {
	if _, err := t.Q.Exec(ctx, t.F.MigrationsTableDDL(), nil); err != nil {
		return fmt.Errorf("cannot create %s: %w", TableName, err)
	}
	return nil
}

// now is the time written into the table: UTC, milliseconds (what SQLite
// and MySQL's DATETIME(3) keep).
var now = func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// NewID is a random UUID v4, as Prisma's ids.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (t Table) ph(n int) string { return t.F.Placeholder(n) }

// Start records a migration as started (applied_steps_count 0, the rest
// NULL) and returns the row's id.
func (t Table) Start(ctx context.Context, name, checksum string) (string, error) {
	id := NewID()
	sql := fmt.Sprintf("INSERT INTO %s (%s, %s, %s, %s, %s) VALUES (%s, %s, %s, %s, 0)", t.name(),
		t.F.Quote("id"), t.F.Quote("checksum"), t.F.Quote("migration_name"), t.F.Quote("started_at"), t.F.Quote("applied_steps_count"),
		t.ph(1), t.ph(2), t.ph(3), t.ph(4))
	if _, err := t.Q.Exec(ctx, sql, []any{id, checksum, name, now()}); err != nil {
		return "", fmt.Errorf("cannot record the start of migration %s: %w", name, err)
	}
	return id, nil
}

// Finish records a successful migration: one more applied step, finished now.
func (t Table) Finish(ctx context.Context, id string) error {
	sql := fmt.Sprintf("UPDATE %s SET %s = %s + 1, %s = %s WHERE %s = %s", t.name(),
		t.F.Quote("applied_steps_count"), t.F.Quote("applied_steps_count"), t.F.Quote("finished_at"), t.ph(1), t.F.Quote("id"), t.ph(2))
	if _, err := t.Q.Exec(ctx, sql, []any{now(), id}); err != nil {
		return fmt.Errorf("cannot record the end of a migration: %w", err)
	}
	return nil
}

// Fail records the error of a failed migration (finished_at stays NULL).
func (t Table) Fail(ctx context.Context, id, logs string) error {
	sql := fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s = %s", t.name(), t.F.Quote("logs"), t.ph(1), t.F.Quote("id"), t.ph(2))
	if _, err := t.Q.Exec(ctx, sql, []any{logs, id}); err != nil {
		return fmt.Errorf("cannot record the failure of a migration: %w", err)
	}
	return nil
}

// RollBack marks a row as rolled back now.
func (t Table) RollBack(ctx context.Context, id string) error {
	sql := fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s = %s", t.name(), t.F.Quote("rolled_back_at"), t.ph(1), t.F.Quote("id"), t.ph(2))
	if _, err := t.Q.Exec(ctx, sql, []any{now(), id}); err != nil {
		return fmt.Errorf("cannot mark a migration as rolled back: %w", err)
	}
	return nil
}

// InsertApplied records a migration as applied without running it
// (migrate resolve --applied): started and finished now, no applied step,
// empty logs.
func (t Table) InsertApplied(ctx context.Context, name, checksum string) error {
	ts := now()
	sql := fmt.Sprintf("INSERT INTO %s (%s, %s, %s, %s, %s, %s, %s) VALUES (%s, %s, %s, %s, %s, %s, 0)", t.name(),
		t.F.Quote("id"), t.F.Quote("checksum"), t.F.Quote("logs"), t.F.Quote("migration_name"), t.F.Quote("started_at"),
		t.F.Quote("finished_at"), t.F.Quote("applied_steps_count"),
		t.ph(1), t.ph(2), t.ph(3), t.ph(4), t.ph(5), t.ph(6))
	if _, err := t.Q.Exec(ctx, sql, []any{NewID(), checksum, "", name, ts, ts}); err != nil {
		return fmt.Errorf("cannot record migration %s as applied: %w", name, err)
	}
	return nil
}

// chronoUTC formats a time like Rust's chrono DateTime<Utc> Display, as in
// Prisma's messages: "2026-11-23 21:33:05.415 UTC" (fraction in 3, 6 or 9
// digits, none when zero).
func chronoUTC(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02 15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		switch {
		case ns%1_000_000 == 0:
			s += fmt.Sprintf(".%03d", ns/1_000_000)
		case ns%1000 == 0:
			s += fmt.Sprintf(".%06d", ns/1000)
		default:
			s += fmt.Sprintf(".%09d", ns)
		}
	}
	return s + " UTC"
}
