package perr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// Names turns database names into Prisma names for messages and meta. The
// engine implements it from the schema; nil keeps the database names.
type Names interface {
	// Model returns the model stored in table, or "".
	Model(table string) string
	// Fields returns the field names of columns of table's model (a column
	// with no field keeps its name).
	Fields(table string, columns []string) []string
	// Constraint returns the model and fields of a unique, primary key or
	// foreign key constraint. table may be "" or, when the database did not
	// name the table, the request's model name as a hint (MySQL's "PRIMARY"
	// is resolved with it).
	Constraint(table, name string) (model string, fields []string, ok bool)
}

// Op says what failed, for FromDriver.
type Op struct {
	Model string // the model the request ran on; "" for raw SQL
	Raw   bool   // a raw query: database failures are P2010 with the native code and message
	Names Names
}

// FromDriver maps an error from a driver adapter to the user-facing error:
// the kind (chosen by the adapter from native codes, never text) picks the
// Prisma code; the names are translated to models and fields. A *Error
// passes through unchanged; context errors become Canceled or Timeout.
func FromDriver(err error, op Op) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	var de *driver.Error
	if !errors.As(err, &de) {
		switch {
		case errors.Is(err, context.Canceled):
			return New(Canceled, nil, "the request was canceled")
		case errors.Is(err, context.DeadlineExceeded):
			return New(Timeout, nil, "the request timed out")
		}
		return New(Internal, nil, "internal error: %v", err)
	}
	return fromKind(de, op)
}

func fromKind(de *driver.Error, op Op) *Error {
	model := op.Model
	if model == "" && op.Names != nil && de.Table != "" {
		model = op.Names.Model(de.Table)
	}
	meta := map[string]any{"modelName": model}
	switch de.Kind {
	case driver.KindConnection:
		return connection(de)
	case driver.KindTLS:
		return tlsFailed(de)
	case driver.KindCanceled:
		return New(Canceled, nil, "the request was canceled")
	case driver.KindTimeout:
		if de.Code == driver.CodePoolTimeout {
			// Prisma's message and meta (user-facing-errors, P2024).
			secs := int(de.PoolWait / time.Second)
			return New(PoolTimeout, map[string]any{"connection_limit": de.PoolLimit, "timeout": secs, "message": de.Message},
				"Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool "+
					"(Current connection pool timeout: %d, connection limit: %d)", secs, de.PoolLimit)
		}
		if de.Code == "" { // a deadline, not the database
			return New(Timeout, nil, "Operation timed out: %s", de.Message)
		}
	case driver.KindTxAborted:
		// Not the statement's own failure (raw or not): the earlier one,
		// which the adapter names in the message.
		return &Error{Code: TxAborted, Meta: map[string]any{"modelName": model, "code": de.Code, "kind": "aborted", "message": de.Message},
			Message: "Transaction API error: " + de.Message + ". Roll the transaction back (let the error leave the transaction block) and retry it."}
	}
	if op.Raw {
		meta["code"] = de.Code
		meta["message"] = de.Message
		return &Error{Code: RawQuery, Meta: meta,
			Message: fmt.Sprintf("Raw query failed. Code: `%s`. Message: `%s`", orNone(de.Code), de.Message)}
	}
	var fields []string
	switch de.Kind {
	case driver.KindUniqueViolation, driver.KindForeignKeyViolation, driver.KindNotNullViolation:
		fields = fieldsOf(de, op, &model)
		meta["modelName"] = model
	}
	in := ""
	if model != "" {
		in = " of model `" + model + "`"
	}
	switch de.Kind {
	case driver.KindUniqueViolation:
		meta["target"] = fields
		return &Error{Code: UniqueViolation, Meta: meta,
			Message: "Unique constraint failed on the fields: (" + backticks(fields) + ")" + in}
	case driver.KindForeignKeyViolation:
		name := de.Constraint
		if len(fields) > 0 {
			name = strings.Join(fields, ", ")
		}
		if name == "" {
			name = "(not available)" // SQLite does not say which key failed
		}
		meta["field_name"] = name
		return &Error{Code: ForeignKey, Meta: meta,
			Message: "Foreign key constraint violated on the field: `" + name + "`" + in}
	case driver.KindNotNullViolation:
		meta["constraint"] = fields
		return &Error{Code: NullConstraint, Meta: meta,
			Message: "Null constraint violation on the fields: (" + backticks(fields) + ")" + in}
	case driver.KindTableNotFound:
		meta["table"] = de.Table
		return &Error{Code: TableNotFound, Meta: meta,
			Message: "The table `" + de.Table + "` does not exist in the current database" + forModel(model) +
				". Run `ppy db push` to create it."}
	case driver.KindColumnNotFound:
		col := strings.Join(de.Columns, ", ")
		meta["column"] = col
		return &Error{Code: ColumnNotFound, Meta: meta,
			Message: "The column `" + col + "` does not exist in the current database" + forModel(model) + "."}
	case driver.KindSerialization:
		return &Error{Code: TxConflict, Meta: meta,
			Message: "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"}
	case driver.KindValueOutOfRange:
		meta["message"] = de.Message
		return &Error{Code: ValueOutOfRange, Meta: meta,
			Message: "Value out of range for the type" + in + ": " + de.Message}
	case driver.KindTimeout:
		return &Error{Code: Timeout, Meta: meta, Message: "Operation timed out" + in + ": " + de.Message}
	case driver.KindValueTooLong:
		cols := de.Columns
		if op.Names != nil && len(cols) > 0 {
			cols = op.Names.Fields(de.Table, cols)
		}
		col := strings.Join(cols, ", ")
		if col == "" {
			col = "(not available)"
		}
		meta["column_name"] = col
		return &Error{Code: ValueTooLong, Meta: meta,
			Message: "The provided value for the column is too long for the column's type. Column: `" + col + "`" + in}
	case driver.KindInvalidValue:
		meta["database_error"] = de.Message
		meta["code"] = de.Code
		return &Error{Code: DataValidation, Meta: meta,
			Message: "Data validation error" + in + ": " + de.Message}
	case driver.KindTooLarge:
		meta["database_error"] = de.Message
		meta["code"] = de.Code
		return &Error{Code: DataValidation, Meta: meta,
			Message: "Data validation error" + in + ": a value or the statement is too large for the database: " + de.Message}
	case driver.KindTooManyParams:
		meta["message"] = de.Message
		return &Error{Code: ParamLimit, Meta: meta,
			Message: "Query parameter limit exceeded error" + in + ": " + de.Message + ". Split the list or the batch into several requests."}
	}
	meta["code"] = de.Code
	meta["message"] = de.Message
	return &Error{Code: Internal, Meta: meta,
		Message: fmt.Sprintf("database error%s (code %s): %s", in, orNone(de.Code), de.Message)}
}

// connection picks P1000 (credentials), P1003 (missing database) or P1001
// (anything else) from the native code. The message names the host, never
// the database's own text (which could echo connection settings).
func connection(de *driver.Error) *Error {
	host, port := de.Host, ""
	if h, p, err := net.SplitHostPort(de.Host); err == nil {
		host, port = h, p
	}
	meta := map[string]any{"database_host": host, "database_port": port, "code": de.Code}
	switch de.Code {
	case "28P01", "28000", "1045", "1044", "1698":
		return &Error{Code: AuthFailed, Meta: meta,
			Message: "Authentication failed against the database server at `" + de.Host + "`: the provided database credentials are not valid."}
	case "3D000", "1049":
		return &Error{Code: DBNotFound, Meta: meta,
			Message: "The database does not exist on the database server at `" + de.Host + "`."}
	case "08P01":
		// protocol_violation while connecting: in practice a proxy
		// refusing what PostgreSQL itself accepts, PgBouncer's
		// "unsupported startup parameter: search_path" above all. Its
		// text names a parameter, never a credential (and is scrubbed).
		return &Error{Code: ConnectFailed, Meta: meta,
			Message: "The database server at `" + de.Host + "` refused the connection: " + de.Message +
				". Behind PgBouncer in transaction mode, add `pgbouncer=true` to the database URL."}
	case "14": // SQLITE_CANTOPEN
		return &Error{Code: DBNotFound, Meta: meta,
			Message: "The SQLite database file `" + de.Host + "` cannot be opened (does its folder exist?)."}
	}
	if de.Host == "" {
		return &Error{Code: ConnectFailed, Meta: meta, Message: "Can't reach the database server: " + de.Message}
	}
	return &Error{Code: ConnectFailed, Meta: meta,
		Message: "Can't reach database server at `" + de.Host + "`. Please make sure your database server is running at `" + de.Host + "`."}
}

// tlsFailed is Prisma's P1011; the adapter's message is crypto/tls's
// account of the handshake, which names certificates and hosts only.
func tlsFailed(de *driver.Error) *Error {
	host, port := de.Host, ""
	if h, p, err := net.SplitHostPort(de.Host); err == nil {
		host, port = h, p
	}
	return &Error{Code: TLSFailed, Meta: map[string]any{"database_host": host, "database_port": port, "message": de.Message},
		Message: "Error opening a TLS connection to the database server at `" + de.Host + "`: " + de.Message}
}

// fieldsOf returns the field names a constraint error is about, and fills
// in the model when the error named only a table or constraint.
func fieldsOf(de *driver.Error, op Op, model *string) []string {
	if op.Names != nil {
		if de.Constraint != "" {
			table := de.Table
			if table == "" {
				table = op.Model // a hint: MariaDB names the key but not its table
			}
			if m, fs, ok := op.Names.Constraint(table, de.Constraint); ok {
				*model = m // the model that failed, maybe not the request's (nested writes)
				return fs
			}
		}
		if len(de.Columns) > 0 {
			if m := op.Names.Model(de.Table); m != "" {
				*model = m
			}
			return op.Names.Fields(de.Table, de.Columns)
		}
	}
	if len(de.Columns) > 0 {
		return de.Columns
	}
	if de.Constraint != "" {
		return []string{de.Constraint}
	}
	return []string{}
}

func backticks(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "`" + x + "`"
	}
	return strings.Join(q, ",")
}

func forModel(model string) string {
	if model == "" {
		return ""
	}
	return " (model `" + model + "`)"
}

func orNone(code string) string {
	if code == "" {
		return "N/A"
	}
	return code
}
