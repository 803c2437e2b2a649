// Package perr is the catalogue of user-facing errors: Prisma's codes, their
// messages and typed meta. Every error that leaves the engine is a *Error.
//
// It imports the driver contract (neutral errors) and the resolved schema
// model (names for messages); it must not import the query or engine layers.
package perr

import "fmt"

// Codes. P-codes are Prisma's; the others are ours for errors Prisma reports
// without a code.
const (
	Validation      = "P2009" // bad query arguments (PrismaClientValidationError)
	UniqueViolation = "P2002"
	ForeignKey      = "P2003"
	NullConstraint  = "P2011"
	MissingValue    = "P2012"
	InputError      = "P2019"
	ValueOutOfRange = "P2020"
	ValueTooLong    = "P2000" // a value longer than its column's type
	DataValidation  = "P2007" // a value the database's type or encoding refuses
	ParamLimit      = "P2029" // more bind parameters than one statement can carry
	TableNotFound   = "P2021"
	ColumnNotFound  = "P2022"
	RecordNotFound  = "P2025"
	// RequiredRelation: a change would disconnect or replace the record of
	// a required relation (Prisma's RequiredRelationViolation).
	RequiredRelation = "P2014"
	RawQuery         = "P2010"
	TxExpired        = "P2028"
	TxConflict       = "P2034"
	// TxAborted is Prisma's "Transaction API error" code, as TxExpired:
	// a statement in the transaction failed earlier, the database refuses
	// the rest, and the transaction can only be rolled back.
	TxAborted     = "P2028"
	ConnectFailed = "P1001"
	AuthFailed    = "P1000"
	DBNotFound    = "P1003"
	TLSFailed     = "P1011" // the TLS handshake failed: Prisma's "Error opening a TLS connection"
	Timeout       = "P1008"
	PoolTimeout   = "P2024"
	Internal      = "INTERNAL" // a bug: includes recovered panics (meta is_panic)
	Canceled      = "CANCELED"
	Schema        = "SCHEMA" // the schema failed to parse or validate
	Config        = "CONFIG" // the project's configuration is missing or wrong (engine/config)
	// InvalidURL: the database URL cannot be used as written (a parameter
	// with a malformed value); Prisma's "The provided database string is
	// invalid".
	InvalidURL = "P1013"
)

// Error is a user-facing error.
type Error struct {
	Code    string
	Message string
	Meta    map[string]any
}

func (e *Error) Error() string { return e.Message }

// New returns an error with the given code and a formatted message.
func New(code string, meta map[string]any, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Meta: meta}
}

// Validationf reports bad arguments; path is the argument path such as
// "where.email.contains" and is put in meta["path"].
func Validationf(model, path, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = fmt.Sprintf("Invalid argument `%s` for %s: %s", path, model, msg)
	} else if model != "" {
		msg = fmt.Sprintf("%s: %s", model, msg)
	}
	return &Error{Code: Validation, Message: msg, Meta: map[string]any{"modelName": model, "path": path}}
}

// UnknownField reports a field name that the model does not have; the Python
// side raises FieldNotFoundError for it (meta kind "unknown_field").
func UnknownField(model, path, field string, available []string) *Error {
	e := Validationf(model, path, "unknown field `%s` on model %s; available: %v", field, model, available)
	e.Meta["kind"] = "unknown_field"
	e.Meta["field"] = field
	return e
}
