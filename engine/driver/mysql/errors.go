package mysql

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"net"
	"strconv"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// mapErr turns a go-sql-driver error into a *driver.Error, choosing the kind
// by MySQL error number (https://mariadb.com/kb/en/mariadb-error-code-reference/).
// MySQL reports the key, constraint, table and column names only inside the
// message, so those names (never the kind) are read from it.
func mapErr(ctx context.Context, err error, host string) error {
	if err == nil {
		return nil
	}
	var de *driver.Error
	if errors.As(err, &de) {
		return de
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		e := &driver.Error{Code: strconv.Itoa(int(me.Number)), Message: me.Message}
		switch me.Number {
		case 1062, 1586: // ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME
			e.Kind = driver.KindUniqueViolation
			if i := strings.LastIndex(me.Message, "for key '"); i >= 0 {
				key := strings.TrimSuffix(me.Message[i+len("for key '"):], "'")
				// MySQL 8 prefixes the table: 'User.User_email_key'.
				if j := strings.LastIndexByte(key, '.'); j >= 0 {
					e.Table, key = key[:j], key[j+1:]
				}
				e.Constraint = key
			}
		case 1451, 1452, 1216, 1217: // ER_ROW_IS_REFERENCED_2, ER_NO_REFERENCED_ROW_2, ...
			e.Kind = driver.KindForeignKeyViolation
			e.Constraint = between(me.Message, "CONSTRAINT `", "`")
			if c := between(me.Message, "FOREIGN KEY (`", "`)"); c != "" {
				e.Columns = strings.Split(c, "`, `")
			}
		case 1048, 1364: // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD
			e.Kind = driver.KindNotNullViolation
			if c := between(me.Message, "'", "'"); c != "" {
				e.Columns = []string{c}
			}
		case 1146: // ER_NO_SUCH_TABLE: Table 'db.T' doesn't exist
			e.Kind = driver.KindTableNotFound
			t := between(me.Message, "'", "'")
			if j := strings.IndexByte(t, '.'); j >= 0 {
				t = t[j+1:]
			}
			e.Table = t
		case 1054: // ER_BAD_FIELD_ERROR: Unknown column 'x' in 'field list'
			e.Kind = driver.KindColumnNotFound
			c := between(me.Message, "'", "'")
			if j := strings.LastIndexByte(c, '.'); j >= 0 {
				c = c[j+1:]
			}
			e.Columns = []string{c}
		case 1213: // ER_LOCK_DEADLOCK
			e.Kind = driver.KindSerialization
		case 1205, 3024, 1969: // lock wait timeout, MySQL max_execution_time, MariaDB max_statement_time
			e.Kind = driver.KindTimeout
		case 1317: // ER_QUERY_INTERRUPTED
			if ctx != nil && ctx.Err() != nil {
				return ctxErr(ctx)
			}
			e.Kind = driver.KindCanceled
		case 1045, 1044, 1049, 1040, 1129, 1130, 1251: // access denied, unknown db, too many connections, host blocked
			e.Kind = driver.KindConnection
			e.Host = host
		case 1264, 1690: // ER_WARN_DATA_OUT_OF_RANGE, ER_DATA_OUT_OF_RANGE
			e.Kind = driver.KindValueOutOfRange
		case 1406: // ER_DATA_TOO_LONG
			e.Kind = driver.KindValueTooLong
			if c := between(me.Message, "column '", "'"); c != "" {
				e.Columns = []string{c}
			}
		case 1292, 1366, 1365, 1411: // truncated wrong value, incorrect string value, division by 0, wrong value for function
			e.Kind = driver.KindInvalidValue
		case 1153, 1301: // ER_NET_PACKET_TOO_LARGE, ER_WARN_ALLOWED_PACKET_OVERFLOWED
			e.Kind = driver.KindTooLarge
		case 1390: // ER_PS_MANY_PARAM
			e.Kind = driver.KindTooManyParams
		case 1064, 1149, 1327, 1210:
			e.Kind = driver.KindSyntax
		}
		return e
	}
	if errors.Is(err, gomysql.ErrPktTooLarge) {
		// Refused before sending: the driver knows the server's
		// max_allowed_packet (Open sets MaxAllowedPacket to 0), so the
		// server never drops the connection over it.
		return &driver.Error{Kind: driver.KindTooLarge, Message: "the statement is larger than the server's max_allowed_packet"}
	}
	if te := driver.TLSError(err, host); te != nil {
		return te
	}
	if errors.Is(err, gomysql.ErrNoTLS) {
		return &driver.Error{Kind: driver.KindConnection, Host: host,
			Message: "the server does not offer TLS, which the URL requires (sslaccept=strict)"}
	}
	if ctx != nil && ctx.Err() != nil {
		return ctxErr(ctx)
	}
	if errors.Is(err, context.Canceled) {
		return &driver.Error{Kind: driver.KindCanceled, Message: "canceled"}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &driver.Error{Kind: driver.KindTimeout, Message: "timed out"}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, sqldriver.ErrBadConn) || errors.Is(err, gomysql.ErrInvalidConn) {
		return &driver.Error{Kind: driver.KindConnection, Host: host, Message: err.Error()}
	}
	return &driver.Error{Kind: driver.KindOther, Message: err.Error()}
}

func between(s, open, close string) string {
	i := strings.Index(s, open)
	if i < 0 {
		return ""
	}
	rest := s[i+len(open):]
	j := strings.Index(rest, close)
	if j < 0 {
		return ""
	}
	return rest[:j]
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
