package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// mapErr turns a pgx error into a *driver.Error, choosing the kind by
// SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
// Constraint, table and column names come from the error's fields; for a
// key violation the columns are read from its Detail ("Key (a, b)=(...)"),
// the only place PostgreSQL reports them.
func mapErr(ctx context.Context, err error, host string) error {
	if err == nil {
		return nil
	}
	var de *driver.Error
	if errors.As(err, &de) {
		return de
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		e := &driver.Error{Code: pe.Code, Message: pe.Message, Constraint: pe.ConstraintName, Table: pe.TableName}
		if pe.ColumnName != "" {
			e.Columns = []string{pe.ColumnName}
		}
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) {
			e.Host = host
		}
		switch c := pe.Code; {
		case c == "23505":
			e.Kind = driver.KindUniqueViolation
			e.Columns = detailColumns(pe.Detail)
		case c == "23503":
			e.Kind = driver.KindForeignKeyViolation
			e.Columns = detailColumns(pe.Detail)
		case c == "23502":
			e.Kind = driver.KindNotNullViolation
		case c == "42P01":
			e.Kind = driver.KindTableNotFound
			if e.Table == "" {
				e.Table = quoted(pe.Message)
			}
		case c == "42703":
			e.Kind = driver.KindColumnNotFound
			if e.Columns == nil {
				if col := quoted(pe.Message); col != "" {
					if i := strings.LastIndexByte(col, '.'); i >= 0 {
						col = col[i+1:]
					}
					e.Columns = []string{col}
				}
			}
		case c == "25P02": // in_failed_sql_transaction
			e.Kind = driver.KindTxAborted
		case c == "40001" || c == "40P01":
			e.Kind = driver.KindSerialization
		case c == "57014":
			// query_canceled: our own cancellation when the context
			// ended; otherwise the server's statement_timeout (or an
			// administrator's pg_cancel_backend).
			if ctx != nil && ctx.Err() != nil {
				return ctxErr(ctx)
			}
			e.Kind = driver.KindTimeout
		case c == "55P03": // lock_not_available: lock_timeout
			e.Kind = driver.KindTimeout
		case strings.HasPrefix(c, "08"), strings.HasPrefix(c, "28"), c == "3D000", strings.HasPrefix(c, "57P"):
			e.Kind = driver.KindConnection
			e.Host = host
		case c == "22003" || c == "22008": // numeric_value_out_of_range, datetime_field_overflow
			e.Kind = driver.KindValueOutOfRange
		case c == "22001": // string_data_right_truncation
			e.Kind = driver.KindValueTooLong
		case c == "22021" || c == "22P05" || c == "22012" || c == "22P02" || c == "22007" || c == "22023":
			// character_not_in_repertoire (a NUL byte or bad UTF-8 in
			// text), untranslatable_character (\u0000 in jsonb),
			// division_by_zero, invalid_text_representation,
			// invalid_datetime_format, invalid_parameter_value
			e.Kind = driver.KindInvalidValue
		case c == "54000" || c == "54001": // program_limit_exceeded, statement_too_complex
			e.Kind = driver.KindTooLarge
		case strings.HasPrefix(c, "42"):
			e.Kind = driver.KindSyntax
		}
		return e
	}
	if te := driver.TLSError(err, host); te != nil {
		return te
	}
	if ctx != nil && ctx.Err() != nil {
		return ctxErr(ctx)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && errors.Is(err, context.DeadlineExceeded) {
		// connect_timeout (pgx bounds dial and startup by it), the caller's
		// deadline being still open: a server that does not answer is
		// unreachable (P1001, as Prisma says), not a statement timeout.
		return &driver.Error{Kind: driver.KindConnection, Host: host, Message: "no answer from the server within connect_timeout"}
	}
	if errors.Is(err, context.Canceled) {
		return &driver.Error{Kind: driver.KindCanceled, Message: "canceled"}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &driver.Error{Kind: driver.KindTimeout, Message: "timed out"}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		// The server closed the connection under the statement (a restart,
		// pg_terminate_backend, a proxy): the server's doing, not the engine's.
		return &driver.Error{Kind: driver.KindConnection, Host: host, Message: "the server closed the connection"}
	}
	var ne net.Error
	if ce != nil || errors.As(err, &ne) || pgconn.SafeToRetry(err) {
		// The message of a ConnectError names user and database but never
		// the password; still, keep only the innermost cause.
		return &driver.Error{Kind: driver.KindConnection, Host: host, Message: innermost(err)}
	}
	return &driver.Error{Kind: driver.KindOther, Message: err.Error()}
}

// detailColumns reads the column list of "Key (a, b)=(1, 2) already exists.".
func detailColumns(detail string) []string {
	rest, ok := strings.CutPrefix(detail, "Key (")
	if !ok {
		return nil
	}
	i := strings.Index(rest, ")=(")
	if i < 0 {
		return nil
	}
	var cols []string
	for _, c := range strings.Split(rest[:i], ", ") {
		cols = append(cols, strings.Trim(c, `"`))
	}
	return cols
}

// quoted returns the first double-quoted name in msg.
func quoted(msg string) string {
	i := strings.IndexByte(msg, '"')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(msg[i+1:], '"')
	if j < 0 {
		return ""
	}
	return msg[i+1 : i+1+j]
}

func innermost(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

func ctxErr(ctx context.Context) error {
	if e := driver.SocketTimeoutErr(ctx); e != nil {
		return e
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &driver.Error{Kind: driver.KindTimeout, Message: "timed out: " + ctx.Err().Error()}
	}
	return &driver.Error{Kind: driver.KindCanceled, Message: "canceled: " + context.Cause(ctx).Error()}
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
