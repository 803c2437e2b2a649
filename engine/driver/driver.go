// Package driver is the boundary between the engine and the database drivers:
// a small interface that the adapters in driver/sqlite, driver/postgres and
// driver/mysql implement. Only those adapter packages import pgx,
// go-sql-driver/mysql and go-sqlite3; everything above them sees neutral
// values and neutral errors.
package driver

import (
	"context"
	"strconv"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
)

// Neutral values passed as arguments and returned in rows:
//
//	nil, bool, int64, float64, string, []byte, time.Time (UTC),
//	Decimal (canonical decimal text), JSON (JSON text), List (arguments only).
type (
	Decimal = abi.Decimal // the wire type: no conversion between layers
	JSON    string
	// List is a value list bound as ONE argument: the values of one field's
	// type, never nil. A dialect binds a long `IN` list this way
	// (sqltree.Dialect.BindList) so that it does not count against the
	// bind-parameter limit; the adapter encodes it as the dialect's SQL
	// expects (SQLite: a JSON array; PostgreSQL: an array literal).
	List []any
)

// Type tells an adapter how to decode a result column.
type Type int

const (
	TypeUnknown  Type = iota // infer from the database's column metadata (raw queries)
	TypeString               // also enums
	TypeInt                  // int64
	TypeBigInt               // int64
	TypeFloat                // float64
	TypeDecimal              // Decimal
	TypeBool                 // bool
	TypeDateTime             // time.Time in UTC
	TypeJSON                 // JSON
	TypeBytes                // []byte

	// ListOf marks a column holding a list of its type (a scalar list:
	// PostgreSQL's arrays), decoded to []any: TypeString | ListOf.
	ListOf Type = 1 << 8
)

// Result of a statement that returns no rows.
type Result struct {
	RowsAffected int64
	LastInsertID int64 // only where the database reports one (SQLite, MySQL)
}

// Querier runs statements. Placeholders in sql are the dialect's own.
type Querier interface {
	// Query runs sql and decodes each column with the matching entry of types
	// (len(types) must equal the number of result columns).
	Query(ctx context.Context, sql string, args []any, types []Type) ([][]any, error)
	// QueryRaw runs user SQL and infers each column's type from the database.
	QueryRaw(ctx context.Context, sql string, args []any) (columns []string, rows [][]any, err error)
	Exec(ctx context.Context, sql string, args []any) (Result, error)
}

// Isolation levels by Prisma's names; "" means the database default.
const (
	ReadUncommitted = "ReadUncommitted"
	ReadCommitted   = "ReadCommitted"
	RepeatableRead  = "RepeatableRead"
	Serializable    = "Serializable"
)

type TxOptions struct {
	Isolation string
}

// Tx is a transaction on one connection, held until Commit or Rollback.
//
// Cancellation: a statement whose ctx ends is stopped in the database and
// reports KindCanceled; the transaction can still be rolled back (or is
// already over: the adapter may have closed the connection). Commit and
// Rollback run to their end even when ctx is canceled, and always give the
// connection back to the pool (closing it when it is broken or still inside
// a transaction): a caller that gave up must not leave a transaction open
// or its outcome half done. drivertest's CancelTx checks all of it.
type Tx interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Pool is a connected database. Its Querier methods run in autocommit mode and
// are meant for reads and single statements; writes that need atomicity go
// through Begin. On SQLite, Begin uses the single writer connection.
type Pool interface {
	Querier
	Begin(ctx context.Context, opts TxOptions) (Tx, error)
	Provider() string // schema.SQLite, schema.PostgreSQL or schema.MySQL
	Close() error
}

// PoolStats is how a pool's connections are used at one moment, for the
// engine's metrics (Prisma's prisma_pool_connections_* gauges).
type PoolStats struct {
	Max  int // the most connections the pool opens (connection_limit)
	Open int // connections open now (or being opened)
	Idle int // open and waiting for work
	Busy int // open and in use by a statement or a transaction
}

// StatsReporter is implemented by pools that can report PoolStats; all
// three adapters do. Optional, so that test pools need not.
type StatsReporter interface {
	Stats() PoolStats
}

// Kind is a neutral error kind, chosen from native error codes, never text.
type Kind int

const (
	KindOther Kind = iota
	KindUniqueViolation
	KindForeignKeyViolation
	KindNotNullViolation
	KindTableNotFound
	KindColumnNotFound
	KindConnection    // cannot reach or authenticate
	KindTimeout       // pool wait or statement timeout
	KindSerialization // serialization failure / deadlock: retryable
	KindValueOutOfRange
	KindCanceled // context canceled
	KindSyntax   // SQL syntax or other error in raw SQL
	// KindTxAborted: an earlier statement of the transaction failed and
	// the database refuses every other one until rollback (PostgreSQL
	// 25P02). The adapter's Message names the earlier failure when known.
	KindTxAborted
	// KindValueTooLong: a value is longer than its column's type allows
	// (PostgreSQL 22001, MySQL 1406).
	KindValueTooLong
	// KindInvalidValue: a value the column's type or the database's
	// encoding cannot take: a NUL byte or bad UTF-8 in PostgreSQL text, an
	// incorrect string or datetime value on MySQL, division by zero.
	KindInvalidValue
	// KindTooLarge: a value or the whole statement is larger than the
	// database accepts (MySQL max_allowed_packet, SQLite SQLITE_TOOBIG).
	KindTooLarge
	// KindTooManyParams: more bind arguments than one statement can carry
	// (the MaxParams* limits below).
	KindTooManyParams
	// KindTLS: the TLS handshake failed: the server's certificate is not
	// trusted, or the server refused the handshake (TLSError).
	KindTLS
)

// Error is what adapters return for database failures.
type Error struct {
	Kind       Kind
	Code       string   // native code: SQLSTATE, MySQL error number, SQLite extended code
	Message    string   // native message, for the raw-query error text only
	Constraint string   // constraint or index name, when known
	Columns    []string // column names involved, when known
	Table      string
	Host       string // for connection errors; never a password
	// PoolLimit and PoolWait are the pool's connection_limit and
	// pool_timeout, for a CodePoolTimeout error (Prisma's P2024 meta).
	PoolLimit int
	PoolWait  time.Duration
}

func (e *Error) Error() string { return e.Message }

// CheckParams refuses a statement with more bind arguments than limit,
// before the database or the driver does it with an error only its text
// explains.
func CheckParams(n, limit int) error {
	if n <= limit {
		return nil
	}
	return &Error{Kind: KindTooManyParams, Message: "the statement has " + strconv.Itoa(n) +
		" bind parameters; the database accepts at most " + strconv.Itoa(limit)}
}

// CodePoolTimeout is the Code of a KindTimeout error raised while waiting
// for a free connection of the pool (Prisma's P2024), as opposed to a
// statement or request deadline.
const CodePoolTimeout = "pool_timeout"

// PoolTimeoutError is the CodePoolTimeout error of a pool of limit
// connections, all of them busy for the whole pool_timeout wait.
func PoolTimeoutError(host string, limit int, wait time.Duration) *Error {
	return &Error{Kind: KindTimeout, Code: CodePoolTimeout, Host: host, PoolLimit: limit, PoolWait: wait,
		Message: "all " + strconv.Itoa(limit) + " connections (connection_limit) were busy for the whole pool_timeout of " + wait.String()}
}

// NoTimeout as a timeout turns it off: `pool_timeout=0` waits for a free
// connection as long as the caller's context allows, `connect_timeout=0`
// waits for the server as long, as in a Prisma URL
// (https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections/connection-pool).
const NoTimeout time.Duration = -1

// NoPoolTimeout is NoTimeout as a pool timeout.
const NoPoolTimeout = NoTimeout

// Timeouts and limits with their source.
const (
	// SQLite's SQLITE_MAX_VARIABLE_NUMBER default since 3.32.0.
	MaxParamsSQLite = 32766
	// PostgreSQL and MySQL encode the parameter count in 16 bits.
	MaxParamsPostgres = 65535
	MaxParamsMySQL    = 65535
	// SQLite's SQLITE_MAX_LIKE_PATTERN_LENGTH default: the longest LIKE
	// or GLOB pattern, in bytes.
	MaxLikePatternSQLite = 50000
	DefaultBusyTimeout   = 5 * time.Second
)
