package query

import (
	"context"
	"errors"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dbErr turns a driver error into a user-facing *perr.Error, chosen from the
// neutral kind (never message text), naming the model and fields.
func (x *exec) dbErr(m *schema.Model, err error) error {
	var pe *perr.Error
	if errors.As(err, &pe) {
		return pe
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return perr.New(perr.Canceled, nil, "the query was canceled: %v", err)
	}
	var de *driver.Error
	if !errors.As(err, &de) {
		return perr.New(perr.Internal, nil, "database error: %v", err)
	}
	name := ""
	if m != nil {
		name = m.Name
	}
	meta := map[string]any{"modelName": name}
	fields := fieldsOfColumns(m, de.Columns, de.Constraint)
	switch de.Kind {
	case driver.KindUniqueViolation:
		meta["target"] = fields
		return &perr.Error{Code: perr.UniqueViolation, Meta: meta,
			Message: "Unique constraint failed on the fields: (" + quoteList(fields) + ") of model " + name}
	case driver.KindForeignKeyViolation:
		meta["field_name"] = de.Constraint
		return &perr.Error{Code: perr.ForeignKey, Meta: meta,
			Message: "Foreign key constraint violated on `" + de.Constraint + "` of model " + name}
	case driver.KindNotNullViolation:
		meta["constraint"] = fields
		return &perr.Error{Code: perr.NullConstraint, Meta: meta,
			Message: "Null constraint violation on the fields: (" + quoteList(fields) + ") of model " + name}
	case driver.KindTableNotFound:
		meta["table"] = de.Table
		return &perr.Error{Code: perr.TableNotFound, Meta: meta,
			Message: "The table `" + de.Table + "` does not exist in the current database (model " + name + ")."}
	case driver.KindColumnNotFound:
		meta["column"] = strings.Join(de.Columns, ",")
		return &perr.Error{Code: perr.ColumnNotFound, Meta: meta,
			Message: "The column `" + strings.Join(de.Columns, ",") + "` does not exist in the current database (model " + name + ")."}
	case driver.KindValueOutOfRange:
		return &perr.Error{Code: perr.ValueOutOfRange, Meta: meta, Message: "Value out of range for the type of a column of model " + name + ": " + de.Message}
	case driver.KindSerialization:
		return &perr.Error{Code: perr.TxConflict, Meta: meta, Message: "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"}
	case driver.KindTimeout:
		return &perr.Error{Code: perr.Timeout, Meta: meta, Message: "Operations timed out: " + de.Message}
	case driver.KindConnection:
		meta["database_host"] = de.Host
		return &perr.Error{Code: perr.ConnectFailed, Meta: meta, Message: "Can't reach database server at `" + de.Host + "`"}
	case driver.KindCanceled:
		return &perr.Error{Code: perr.Canceled, Meta: meta, Message: "the query was canceled"}
	}
	return &perr.Error{Code: perr.Internal, Meta: meta, Message: "database error on model " + name + ": " + de.Message}
}

// fieldsOfColumns maps column names (or a unique index name) to field names.
func fieldsOfColumns(m *schema.Model, cols []string, constraint string) []string {
	if m == nil {
		return cols
	}
	var out []string
	for _, c := range cols {
		name := c
		for _, f := range m.ScalarFields() {
			if f.DBName == c {
				name = f.Name
			}
		}
		out = append(out, name)
	}
	if len(out) == 0 && constraint != "" {
		for _, u := range m.Uniques {
			if u.DBName == constraint || u.Name == constraint {
				return append([]string{}, u.Fields...)
			}
		}
		if m.PrimaryKey != nil && (m.PrimaryKey.DBName == constraint || constraint == "PRIMARY") {
			return append([]string{}, m.PrimaryKey.Fields...)
		}
		out = []string{constraint}
	}
	return out
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "`" + x + "`"
	}
	return strings.Join(q, ",")
}
