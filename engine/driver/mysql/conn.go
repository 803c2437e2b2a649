package mysql

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// queryer is what *sql.Conn and *sql.Tx share.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func query(ctx context.Context, q queryer, host, sql string, args []any, types []driver.Type) ([][]any, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, mapErr(ctx, err, host)
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return nil, mapErr(ctx, err, host)
	}
	if len(cols) != len(types) {
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(ctx, err, host)
		}
		return nil, &driver.Error{Kind: driver.KindOther, Message: "mysql: query returns " +
			strconv.Itoa(len(cols)) + " columns but " + strconv.Itoa(len(types)) + " types were given"}
	}
	var out [][]any
	for rows.Next() {
		row, err := scanRow(rows, len(cols))
		if err != nil {
			return nil, mapErr(ctx, err, host)
		}
		for i, t := range types {
			if row[i], err = decode(row[i], t); err != nil {
				return nil, &driver.Error{Kind: driver.KindValueOutOfRange, Columns: []string{cols[i].Name()},
					Message: "column " + cols[i].Name() + ": " + err.Error()}
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(ctx, err, host)
	}
	return out, nil
}

func queryRaw(ctx context.Context, q queryer, host, sql string, args []any) ([]string, [][]any, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return nil, nil, err
	}
	rows, err := q.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	names := make([]string, len(cts))
	types := make([]driver.Type, len(cts))
	widths := rawWidths(rows)
	for i, ct := range cts {
		names[i] = ct.Name()
		types[i] = typeOfColumn(ct.DatabaseTypeName())
		// Prisma's Boolean is TINYINT(1): a column of display width 1 comes
		// back as a bool, as Prisma's query_raw returns it.
		if ct.DatabaseTypeName() == "TINYINT" && i < len(widths) && widths[i] == 1 {
			types[i] = driver.TypeBool
		}
	}
	out := [][]any{}
	for rows.Next() {
		row, err := scanRow(rows, len(cts))
		if err != nil {
			return nil, nil, mapErr(ctx, err, host)
		}
		for i, t := range types {
			if v, err := decode(row[i], t); err == nil {
				row[i] = v
			} else if b, ok := row[i].([]byte); ok {
				row[i] = string(b)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapErr(ctx, err, host)
	}
	return names, out, nil
}

func scanRow(rows *sql.Rows, n int) ([]any, error) {
	row := make([]any, n)
	ptrs := make([]any, n)
	for i := range row {
		ptrs[i] = &row[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	return row, nil
}

func exec(ctx context.Context, q queryer, host, sql string, args []any) (driver.Result, error) {
	args, err := encodeArgs(args)
	if err != nil {
		return driver.Result{}, err
	}
	res, err := q.ExecContext(ctx, sql, args...)
	if err != nil {
		return driver.Result{}, mapErr(ctx, err, host)
	}
	n, _ := res.RowsAffected()
	id, _ := res.LastInsertId()
	return driver.Result{RowsAffected: n, LastInsertID: id}, nil
}
