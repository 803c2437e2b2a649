package postgres

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func query(ctx context.Context, c *pgx.Conn, host, sql string, args []any, types []driver.Type) ([][]any, error) {
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

func queryRaw(ctx context.Context, c *pgx.Conn, host, sql string, args []any) ([]string, [][]any, error) {
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
func exec(ctx context.Context, c *pgx.Conn, host, sql string, args []any) (driver.Result, error) {
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
