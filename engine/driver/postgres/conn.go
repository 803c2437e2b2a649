package postgres

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// queryer runs statements: a connection, or a transaction's first
// statement sent with its BEGIN (beginFirst).
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

var _ queryer = (*pgx.Conn)(nil)

// beginFirst sends a transaction's BEGIN and its first statement in one
// round trip: one batch (the extended protocol), or one simple-protocol
// text when the statement has no arguments (pgx runs such an Exec with the
// simple protocol, so it may be a script of several statements).
type beginFirst struct {
	c     *pgx.Conn
	begin string
}

func (b beginFirst) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	batch := &pgx.Batch{}
	batch.Queue(b.begin)
	batch.Queue(sql, args...)
	br := b.c.SendBatch(ctx, batch)
	if _, err := br.Exec(); err != nil {
		br.Close()
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

func (b beginFirst) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if len(args) == 0 {
		return b.c.Exec(ctx, b.begin+";\n"+sql)
	}
	batch := &pgx.Batch{}
	batch.Queue(b.begin)
	batch.Queue(sql, args...)
	br := b.c.SendBatch(ctx, batch)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return pgconn.CommandTag{}, err
	}
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
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, mapErr(ctx, err, host)
		}
		raw := rows.RawValues()
		for i, t := range types {
			if vals[i], err = decode(vals[i], raw[i], fields[i].DataTypeOID, t); err != nil {
				return nil, &driver.Error{Kind: driver.KindValueOutOfRange, Columns: []string{fields[i].Name},
					Message: "column " + fields[i].Name + ": " + err.Error()}
			}
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(ctx, err, host)
	}
	return out, nil
}

func queryRaw(ctx context.Context, c queryer, host, sql string, args []any) ([]string, [][]any, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return nil, nil, err
	}
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = f.Name
	}
	out := [][]any{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, nil, mapErr(ctx, err, host)
		}
		raw := rows.RawValues()
		for i := range vals {
			vals[i] = infer(vals[i], raw[i], fields[i].DataTypeOID)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	return cols, out, nil
}

// exec runs sql; without arguments pgx uses the simple protocol, so a DDL
// script of several statements runs as one.
func exec(ctx context.Context, c queryer, host, sql string, args []any) (driver.Result, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return driver.Result{}, err
	}
	tag, err := c.Exec(ctx, sql, args...)
	if err != nil {
		return driver.Result{}, mapErr(ctx, err, host)
	}
	return driver.Result{RowsAffected: tag.RowsAffected()}, nil
}
