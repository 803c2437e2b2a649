package mysql

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

var _ driver.Describer = (*Pool)(nil)

// erReadOnlyTx is ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION: the statement
// writes, so it returns no rows to describe.
const erReadOnlyTx = 1792

// Describe prepares sql on the server for its parameter count (MySQL does
// not type parameters), then runs it once with every parameter NULL inside
// a READ ONLY transaction that is rolled back, for the result columns: the
// driver drops the column definitions of the prepare reply, and keeps those
// of a result set. A statement that writes is refused by the read-only
// transaction before it changes anything and is described without columns;
// one that the transaction cannot hold (DDL, CALL) is not run (mayRun).
func (p *Pool) Describe(ctx context.Context, sql string) (driver.Description, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return driver.Description{}, err
	}
	defer c.Close()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	var d driver.Description
	err = c.Raw(func(dc any) error {
		pc, ok := dc.(sqldriver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("mysql: the driver connection cannot prepare")
		}
		st, err := pc.PrepareContext(ctx, sql)
		if err != nil {
			return err
		}
		defer st.Close()
		n := st.NumInput()
		// After the prepare: MariaDB refuses to prepare a write inside a
		// READ ONLY transaction.
		ex, ok := dc.(sqldriver.ExecerContext)
		if !ok {
			return fmt.Errorf("mysql: the driver connection cannot run a statement")
		}
		if _, err := ex.ExecContext(ctx, "START TRANSACTION READ ONLY", nil); err != nil {
			return err
		}
		defer ex.ExecContext(context.WithoutCancel(ctx), "ROLLBACK", nil)
		args := make([]sqldriver.NamedValue, n)
		for i := range args {
			args[i] = sqldriver.NamedValue{Ordinal: i + 1}
			d.Params = append(d.Params, driver.Param{Type: driver.TypeUnknown})
		}
		if !mayRun(sql) {
			return nil
		}
		sq, ok := st.(sqldriver.StmtQueryContext)
		if !ok {
			return fmt.Errorf("mysql: the driver statement cannot run a query")
		}
		rows, err := sq.QueryContext(ctx, args)
		var me *gomysql.MySQLError
		if errors.As(err, &me) && me.Number == erReadOnlyTx {
			return nil
		}
		if err != nil {
			return err
		}
		defer rows.Close()
		names := rows.Columns()
		tn, _ := rows.(sqldriver.RowsColumnTypeDatabaseTypeName)
		nl, _ := rows.(sqldriver.RowsColumnTypeNullable)
		widths := displayWidths(rows)
		for i, name := range names {
			col := driver.Column{Name: name, Nullable: true}
			if tn != nil {
				col.DBType = tn.ColumnTypeDatabaseTypeName(i)
				col.Type = typeOfColumn(col.DBType)
				// Prisma's Boolean is TINYINT(1): a TINYINT of display
				// width 1 is a boolean, as Prisma's TypedSQL types it.
				if col.DBType == "TINYINT" && i < len(widths) && widths[i] == 1 {
					col.Type = driver.TypeBool
				}
				if col.DBType == "BIGINT" || col.DBType == "UNSIGNED BIGINT" {
					col.Type = driver.TypeBigInt
				}
			}
			if nl != nil {
				if nullable, ok := nl.ColumnTypeNullable(i); ok {
					col.Nullable = nullable
				}
			}
			d.Columns = append(d.Columns, col)
		}
		return nil
	})
	if err != nil {
		return driver.Description{}, mapErr(ctx, err, p.host)
	}
	return d, nil
}

// runnable are the first keywords of statements Describe runs for their
// columns: reads, and the writes that the READ ONLY transaction refuses
// before they change anything. DDL is not among them: it commits the
// transaction implicitly and would run; nor is CALL, whose procedure may
// do anything. The others are described without columns.
var runnable = map[string]bool{
	"SELECT": true, "WITH": true, "VALUES": true, "TABLE": true,
	"INSERT": true, "UPDATE": true, "DELETE": true, "REPLACE": true,
}

// mayRun reports whether sql's first keyword, past comments and opening
// parentheses, is runnable.
func mayRun(sql string) bool {
	s := sql
	for {
		s = strings.TrimLeft(s, " \t\r\n(")
		switch {
		case strings.HasPrefix(s, "--") || strings.HasPrefix(s, "#"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return false
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return false
			}
			s = s[i+2:]
		default:
			end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
			if end < 0 {
				end = len(s)
			}
			return runnable[strings.ToUpper(s[:end])]
		}
	}
}

// displayWidths reads the column lengths of the result-set metadata, which
// go-sql-driver keeps but does not export (ColumnTypeLength answers only
// for text and blob columns): rows.rs.columns[i].length. Reading unexported
// fields through reflect is allowed; a driver whose rows are laid out
// otherwise gives nil, and TINYINT(1) then reads as Int.
// TestDescribe fails if that happens with the pinned driver.
func displayWidths(rows sqldriver.Rows) []uint64 {
	return widthsOf(reflect.ValueOf(rows))
}

// rawWidths is displayWidths for the driver rows inside database/sql's
// Rows (its unexported rowsi), as query_raw reads them.
func rawWidths(rows *sql.Rows) []uint64 {
	if rows == nil {
		return nil
	}
	v := reflect.ValueOf(rows).Elem().FieldByName("rowsi")
	if !v.IsValid() || v.Kind() != reflect.Interface || v.IsNil() {
		return nil
	}
	return widthsOf(v.Elem())
}

func widthsOf(v reflect.Value) []uint64 {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	rs := v.FieldByName("rs")
	if !rs.IsValid() || rs.Kind() != reflect.Struct {
		return nil
	}
	cols := rs.FieldByName("columns")
	if !cols.IsValid() || cols.Kind() != reflect.Slice {
		return nil
	}
	out := make([]uint64, cols.Len())
	for i := range out {
		c := cols.Index(i)
		if c.Kind() != reflect.Struct {
			return nil
		}
		l := c.FieldByName("length")
		if !l.IsValid() || l.Kind() != reflect.Uint32 {
			return nil
		}
		out[i] = l.Uint()
	}
	return out
}
