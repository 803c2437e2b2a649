package postgres

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// queryer runs statements: a connection, or one that sends statements
// ahead of each (leading): a transaction's BEGIN with its first statement,
// the search_path of user SQL behind PgBouncer (searchpath.go).
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

var _ queryer = (*pgx.Conn)(nil)

// leading sends the statements pre (without arguments) and then a
// statement in one round trip: one batch (the extended protocol), or one
// simple-protocol text when the statement has no arguments (pgx runs such
// an Exec with the simple protocol, so it may be a script of several
// statements).
type leading struct {
	c   *pgx.Conn
	pre []string
}

// beginFirst sends a transaction's BEGIN with its first statement.
func beginFirst(c *pgx.Conn, begin string) leading { return leading{c: c, pre: []string{begin}} }

// ahead is q with stmt sent ahead of each of its statements, after what q
// already sends.
func ahead(q queryer, stmt string) queryer {
	switch q := q.(type) {
	case leading:
		return leading{c: q.c, pre: append(slices.Clip(q.pre), stmt)}
	case *pgx.Conn:
		return leading{c: q, pre: []string{stmt}}
	}
	panic("postgres: ahead of an unknown queryer")
}

func (l leading) send(ctx context.Context, sql string, args []any) (pgx.BatchResults, error) {
	batch := &pgx.Batch{}
	for _, s := range l.pre {
		batch.Queue(s)
	}
	batch.Queue(sql, args...)
	br := l.c.SendBatch(ctx, batch)
	for range l.pre {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
	}
	return br, nil
}

func (l leading) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	br, err := l.send(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

func (l leading) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if len(args) == 0 {
		return l.c.Exec(ctx, strings.Join(l.pre, ";\n")+";\n"+sql)
	}
	br, err := l.send(ctx, sql, args)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	defer br.Close()
	return br.Exec()
}

// batchRows are a batch's rows; closing them closes the batch (the
// connection serves nothing else until then).
type batchRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *batchRows) Close() {
	r.Rows.Close()
	if !r.closed {
		r.closed = true
		r.err = r.br.Close()
	}
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

func query(ctx context.Context, c queryer, host, sql string, args []any, types []driver.Type) ([][]any, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr(ctx, err, host)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	if len(fields) != len(types) {
		// A statement that failed (a constraint of INSERT ... RETURNING)
		// reports no columns; its error shows once the rows are closed.
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(ctx, err, host)
		}
		return nil, &driver.Error{Kind: driver.KindOther, Message: "postgres: query returns " +
			strconv.Itoa(len(fields)) + " columns but " + strconv.Itoa(len(types)) + " types were given"}
	}
	// Columns are read from the bytes pgx received (rows.go); pgx's
	// Values would box every value before decode converts it.
	out, err := readRows(rows, rows.Conn().TypeMap(), fields, types)
	if err != nil {
		return nil, mapErr(ctx, err, host)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(ctx, err, host)
	}
	return out, nil
}

// queryRaw runs user SQL, with searchPath selected for it when set
// (searchpath.go).
func queryRaw(ctx context.Context, c queryer, host, searchPath, sql string, args []any) ([]string, [][]any, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return nil, nil, err
	}
	rows, err := withSearchPath(c, searchPath).Query(ctx, sql, args...)
	if err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = f.Name
	}
	// Every column is TypeUnknown, so decode infers its value from the
	// column's type (rows.go reads the common types directly).
	out, err := readRows(rows, rows.Conn().TypeMap(), fields, make([]driver.Type, len(fields)))
	if err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	if out == nil {
		out = [][]any{}
	}
	return cols, out, nil
}

// exec runs sql; without arguments pgx uses the simple protocol, so a DDL
// script of several statements runs as one. User SQL (driver.WithUserSQL)
// gets searchPath selected for it when set (searchpath.go).
func exec(ctx context.Context, c queryer, host, searchPath, sql string, args []any) (driver.Result, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return driver.Result{}, err
	}
	if driver.IsUserSQL(ctx) {
		c = withSearchPath(c, searchPath)
	}
	tag, err := c.Exec(ctx, sql, args...)
	if err != nil {
		return driver.Result{}, mapErr(ctx, err, host)
	}
	return driver.Result{RowsAffected: tag.RowsAffected()}, nil
}
