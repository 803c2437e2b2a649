package mysql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// encodeArgs turns neutral values into values go-sql-driver interpolates.
func encodeArgs(args []any) ([]any, error) {
	if len(args) == 0 {
		return nil, nil
	}
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			// DATETIME(3) holds UTC; truncating (the server would round)
			// makes a microsecond value match itself after a round trip.
			out[i] = v.UTC().Truncate(time.Millisecond)
		case driver.Decimal:
			out[i] = string(v)
		case driver.JSON:
			out[i] = string(v)
		case float64, float32:
			// go-sql-driver interpolates floats as text, and NaN/+Inf
			// would reach MySQL as bare words it reads as column names.
			// MySQL has no non-finite DOUBLE, so they are refused.
			f, _ := v.(float64)
			if f32, ok := v.(float32); ok {
				f = float64(f32)
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, &driver.Error{Kind: driver.KindValueOutOfRange,
					Message: fmt.Sprintf("argument %d is %v: MySQL cannot bind NaN or an infinity (its floating-point types are finite)", i+1, f)}
			}
			out[i] = v
		case nil, bool, int64, string, []byte, int, int32, uint64:
			out[i] = v
		default:
			return nil, &driver.Error{Kind: driver.KindOther, Message: fmt.Sprintf("argument %d: unsupported type %T", i+1, v)}
		}
	}
	return out, nil
}

// decode turns what go-sql-driver scanned (nil, []byte in the text
// protocol, int64/uint64/float64 in the binary one, time.Time with
// parseTime) into the neutral value of type t.
func decode(v any, t driver.Type) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, isBytes := v.([]byte)
	s := string(b)
	switch t {
	case driver.TypeUnknown:
		return v, nil
	case driver.TypeString:
		if isBytes {
			return s, nil
		}
		if tt, ok := v.(time.Time); ok {
			return tt.UTC().Format("2006-01-02 15:04:05.999"), nil
		}
		return fmt.Sprint(v), nil
	case driver.TypeInt, driver.TypeBigInt:
		switch v := v.(type) {
		case int64:
			return v, nil
		case uint64:
			if v > math.MaxInt64 {
				return nil, fmt.Errorf("%d does not fit in a 64-bit integer", v)
			}
			return int64(v), nil
		case float64:
			return int64(v), nil
		}
		if isBytes {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n, nil
			}
			// SUM over integers is DECIMAL in MySQL: accept a whole decimal.
			if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) {
				return int64(f), nil
			}
		}
	case driver.TypeFloat:
		switch v := v.(type) {
		case float64:
			return v, nil
		case float32:
			return float64(v), nil
		case int64:
			return float64(v), nil
		}
		if isBytes {
			return strconv.ParseFloat(s, 64)
		}
	case driver.TypeDecimal:
		switch v := v.(type) {
		case int64:
			return driver.Decimal(strconv.FormatInt(v, 10)), nil
		case float64:
			return driver.Decimal(strconv.FormatFloat(v, 'f', -1, 64)), nil
		}
		if isBytes {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("cannot read %q as a Decimal", s)
			}
			return driver.Decimal(trimDecimal(s)), nil
		}
	case driver.TypeBool:
		switch v := v.(type) {
		case int64:
			return v != 0, nil
		}
		if isBytes {
			switch s {
			case "1", "\x01":
				return true, nil
			case "0", "\x00":
				return false, nil
			}
		}
	case driver.TypeDateTime:
		if tt, ok := v.(time.Time); ok {
			return tt.UTC(), nil
		}
		if isBytes {
			for _, l := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02"} {
				if tt, err := time.ParseInLocation(l, s, time.UTC); err == nil {
					return tt, nil
				}
			}
		}
	case driver.TypeJSON:
		if isBytes {
			return driver.JSON(s), nil
		}
	case driver.TypeBytes:
		if isBytes {
			return b, nil
		}
	}
	return nil, fmt.Errorf("cannot read a %T as type %d", v, t)
}

// trimDecimal drops trailing fraction zeros ("12.250000" -> "12.25"), as
// Prisma's Decimal.js prints them.
func trimDecimal(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" || s == "-0" {
		return "0"
	}
	return s
}

// typeOfColumn maps go-sql-driver's database type names to neutral types
// for raw queries. TINYINT(1) cannot be told from TINYINT (the driver does
// not expose the display width), so booleans come back as 0/1 integers.
func typeOfColumn(name string) driver.Type {
	n := strings.TrimPrefix(name, "UNSIGNED ")
	switch n {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		return driver.TypeInt
	case "DECIMAL":
		return driver.TypeDecimal
	case "FLOAT", "DOUBLE":
		return driver.TypeFloat
	case "DATETIME", "TIMESTAMP", "DATE":
		return driver.TypeDateTime
	case "JSON":
		return driver.TypeJSON
	case "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY", "BIT", "GEOMETRY":
		return driver.TypeBytes
	case "CHAR", "VARCHAR", "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET", "TIME":
		return driver.TypeString
	}
	return driver.TypeUnknown
}

// checkPacket refuses an argument longer than the server's
// max_allowed_packet (limit; 0 means unknown): no statement can carry it,
// and the server reports it with its catch-all error 1105.
func checkPacket(args []any, limit int) error {
	if limit <= 0 {
		return nil
	}
	for i, a := range args {
		n := 0
		switch v := a.(type) {
		case string:
			n = len(v)
		case []byte:
			n = len(v)
		case driver.JSON:
			n = len(v)
		}
		if n > limit {
			return &driver.Error{Kind: driver.KindTooLarge, Message: fmt.Sprintf(
				"argument %d is %d bytes, more than the server's max_allowed_packet (%d bytes)", i+1, n, limit)}
		}
	}
	return nil
}
