package sqlite

import (
	"context"
	"errors"
	"strconv"
	"strings"

	sqlite3 "github.com/ncruces/go-sqlite3"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// mapErr turns a go-sqlite3 error into a *driver.Error. The kind comes from
// SQLite's extended result code (https://sqlite.org/rescode.html). SQLite
// reports the table and columns of a constraint failure, and a missing table
// or column, only in the message text, so those names (never the kind of a
// constraint failure) are read from it; see parseTarget and the
// SQLITE_ERROR case below.
func mapErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var de *driver.Error
	if errors.As(err, &de) {
		return de
	}
	var x sqlite3.ExtendedErrorCode
	if !errors.As(err, &x) {
		if ctx != nil && ctx.Err() != nil {
			return ctxErr(ctx)
		}
		return &driver.Error{Kind: driver.KindOther, Message: err.Error()}
	}
	e := &driver.Error{Code: strconv.Itoa(int(x)), Message: messageOf(err)}
	switch x {
	case sqlite3.CONSTRAINT_UNIQUE, sqlite3.CONSTRAINT_PRIMARYKEY:
		e.Kind = driver.KindUniqueViolation
		e.Table, e.Columns = parseTarget(e.Message)
	case sqlite3.CONSTRAINT_FOREIGNKEY:
		e.Kind = driver.KindForeignKeyViolation
	case sqlite3.CONSTRAINT_TRIGGER:
		// An ON DELETE/UPDATE RESTRICT action fails with this code and
		// the foreign key message (sqlite's fkey.c raises it like a trigger).
		if e.Message == "FOREIGN KEY constraint failed" {
			e.Kind = driver.KindForeignKeyViolation
		}
	case sqlite3.CONSTRAINT_NOTNULL:
		e.Kind = driver.KindNotNullViolation
		e.Table, e.Columns = parseTarget(e.Message)
	}
	if e.Kind != driver.KindOther {
		return e
	}
	switch x.Code() {
	case sqlite3.INTERRUPT:
		if ctx != nil && ctx.Err() != nil {
			return ctxErr(ctx)
		}
		e.Kind = driver.KindCanceled
	case sqlite3.BUSY, sqlite3.LOCKED:
		e.Kind = driver.KindTimeout
	case sqlite3.CANTOPEN, sqlite3.NOTADB, sqlite3.PERM, sqlite3.AUTH:
		e.Kind = driver.KindConnection
	case sqlite3.TOOBIG:
		e.Kind = driver.KindTooLarge
	case sqlite3.MISMATCH:
		e.Kind = driver.KindInvalidValue
	case sqlite3.ERROR:
		// SQLITE_ERROR covers every preparation failure; only the message
		// tells a missing table or column from a syntax error.
		switch m := e.Message; {
		case m == "integer overflow":
			// sum() and abs() overflowing 64 bits, and the engine's guard
			// on atomic integer updates (the SQLite dialect's CheckedInt).
			e.Kind = driver.KindValueOutOfRange
		case strings.HasPrefix(m, "no such table: "):
			e.Kind = driver.KindTableNotFound
			e.Table = strings.TrimPrefix(strings.TrimPrefix(m, "no such table: "), "main.")
		case strings.HasPrefix(m, "no such column: "):
			e.Kind = driver.KindColumnNotFound
			col := strings.TrimPrefix(m, "no such column: ")
			if i := strings.LastIndexByte(col, '.'); i >= 0 {
				e.Table, col = col[:i], col[i+1:]
			}
			e.Columns = []string{col}
		case strings.Contains(m, "has no column named "):
			e.Kind = driver.KindColumnNotFound
			col := m[strings.Index(m, "has no column named ")+len("has no column named "):]
			e.Columns = []string{col}
			if strings.HasPrefix(m, "table ") {
				e.Table = strings.Fields(m)[1]
			}
		default:
			e.Kind = driver.KindSyntax
		}
	}
	return e
}

// parseTarget reads "UNIQUE constraint failed: User.a, User.b" (also NOT NULL)
// into the table and its column names.
func parseTarget(msg string) (table string, cols []string) {
	i := strings.Index(msg, "failed: ")
	if i < 0 {
		return "", nil
	}
	for _, tc := range strings.Split(msg[i+len("failed: "):], ",") {
		tc = strings.TrimSpace(tc)
		if j := strings.LastIndexByte(tc, '.'); j >= 0 {
			table = tc[:j]
			tc = tc[j+1:]
		}
		if tc != "" {
			cols = append(cols, tc)
		}
	}
	return table, cols
}

// messageOf is SQLite's own message without go-sqlite3's "sqlite3: <code>:" prefix.
func messageOf(err error) string {
	msg := err.Error()
	var x sqlite3.ExtendedErrorCode
	if errors.As(err, &x) {
		msg = strings.TrimPrefix(msg, x.Error()+": ")
		msg = strings.TrimPrefix(msg, x.Code().Error()+": ")
	}
	return strings.TrimPrefix(msg, "sqlite3: ")
}

func primaryCode(err error) string {
	var x sqlite3.ExtendedErrorCode
	if errors.As(err, &x) {
		return strconv.Itoa(int(x.Code()))
	}
	return ""
}

// ctxErr reports why ctx ended: a deadline is a timeout, anything else a
// cancellation.
func ctxErr(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &driver.Error{Kind: driver.KindTimeout, Message: "timed out: " + ctx.Err().Error()}
	}
	return &driver.Error{Kind: driver.KindCanceled, Message: "canceled: " + context.Cause(ctx).Error()}
}
