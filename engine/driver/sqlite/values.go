package sqlite

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	sqlite3 "github.com/ncruces/go-sqlite3"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// timeLayout is how DateTimes are written: ISO-8601 with milliseconds and an
// explicit "+00:00", as Prisma's SQLite adapters write them, so text
// comparison orders them correctly.
const timeLayout = "2006-01-02T15:04:05.000"

func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format(timeLayout) + "+00:00"
}

// parseTime reads every form Prisma (or SQLite itself) has written:
// ISO-8601 text with or without milliseconds and offset, "YYYY-MM-DD
// HH:MM:SS" (CURRENT_TIMESTAMP), a bare date, and integer unix milliseconds
// (Prisma's native SQLite engine stored DateTime that way).
func parseTime(v any) (time.Time, error) {
	switch v := v.(type) {
	case int64:
		return time.UnixMilli(v).UTC(), nil
	case float64:
		return time.UnixMilli(int64(v)).UTC(), nil
	case []byte:
		return parseTimeText(string(v))
	case string:
		return parseTimeText(v)
	}
	return time.Time{}, fmt.Errorf("cannot read %T as a DateTime", v)
}

var timeLayouts = []string{
	time.RFC3339Nano,                // 2024-01-02T03:04:05.678+00:00 / Z
	"2006-01-02T15:04:05.999999999", // no offset: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseTimeText(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(n).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a DateTime", s)
}

func bind(s *sqlite3.Stmt, i int, v any) error {
	var err error
	switch v := v.(type) {
	case nil:
		err = s.BindNull(i)
	case bool:
		err = s.BindBool(i, v) // 0 or 1: SQLite has no boolean storage class
	case int64:
		err = s.BindInt64(i, v)
	case int:
		err = s.BindInt64(i, int64(v))
	case int32:
		err = s.BindInt64(i, int64(v))
	case uint64:
		if v > math.MaxInt64 {
			return &driver.Error{Kind: driver.KindValueOutOfRange, Message: fmt.Sprintf("argument %d: %d does not fit in a 64-bit integer", i, v)}
		}
		err = s.BindInt64(i, int64(v))
	case float64:
		err = s.BindFloat(i, v)
	case float32:
		err = s.BindFloat(i, float64(v))
	case string:
		err = s.BindText(i, v)
	case []byte:
		if v == nil {
			v = []byte{}
		}
		err = s.BindBlob(i, v)
	case time.Time:
		err = s.BindText(i, formatTime(v))
	case driver.Decimal:
		err = s.BindText(i, string(v))
	case driver.JSON:
		err = s.BindText(i, string(v))
	case driver.List:
		var text string
		if text, err = listJSON(v); err != nil {
			return &driver.Error{Kind: driver.KindOther, Message: fmt.Sprintf("argument %d: %v", i, err)}
		}
		err = s.BindText(i, text)
	default:
		return &driver.Error{Kind: driver.KindOther, Message: fmt.Sprintf("argument %d: unsupported type %T", i, v)}
	}
	if err != nil {
		return mapErr(nil, err)
	}
	return nil
}

// decode turns a value as SQLite stored it (int64, float64, string, []byte
// or nil) into the neutral value of type t.
//
// SQLite does not check that TEXT is UTF-8 (a cast from a blob or another
// writer can store anything), and a string that is not UTF-8 cannot cross to
// Python: every query returning it would fail to decode. Each invalid
// sequence is read as U+FFFD, as Prisma's SQLite adapters (JavaScript
// strings) read it; Bytes fields keep their bytes.
func decode(v any, t driver.Type) (any, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && t != driver.TypeBytes && !utf8.ValidString(s) {
		v = strings.ToValidUTF8(s, "\uFFFD")
	}
	if b, ok := v.([]byte); ok && b == nil {
		v = []byte{}
	}
	switch t {
	case driver.TypeUnknown:
		return v, nil
	case driver.TypeString:
		switch v := v.(type) {
		case string:
			return v, nil
		case []byte:
			return string(v), nil
		case int64:
			return strconv.FormatInt(v, 10), nil
		case float64:
			return strconv.FormatFloat(v, 'g', -1, 64), nil
		}
	case driver.TypeInt, driver.TypeBigInt:
		switch v := v.(type) {
		case int64:
			return v, nil
		case float64:
			// A REAL in an integer column (SQLite widens an overflowing
			// integer result): never wrap it into some other integer.
			if v != math.Trunc(v) || v < -(1<<63) || v >= 1<<63 {
				return nil, fmt.Errorf("cannot read %v as a 64-bit integer", v)
			}
			return int64(v), nil
		case string:
			return parseInt(v)
		case []byte:
			return parseInt(string(v))
		}
	case driver.TypeFloat:
		switch v := v.(type) {
		case float64:
			return v, nil
		case int64:
			return float64(v), nil
		case string:
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	case driver.TypeDecimal:
		switch v := v.(type) {
		case int64:
			return driver.Decimal(strconv.FormatInt(v, 10)), nil
		case float64:
			return driver.Decimal(strconv.FormatFloat(v, 'f', -1, 64)), nil
		case string:
			if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
				return nil, fmt.Errorf("cannot read %q as a Decimal", v)
			}
			return driver.Decimal(strings.TrimSpace(v)), nil
		}
	case driver.TypeBool:
		switch v := v.(type) {
		case int64:
			return v != 0, nil
		case float64:
			return v != 0, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "1", "true":
				return true, nil
			case "0", "false":
				return false, nil
			}
		}
	case driver.TypeDateTime:
		return parseTime(v)
	case driver.TypeJSON:
		switch v := v.(type) {
		case string:
			return driver.JSON(v), nil
		case []byte:
			if isJSONB(v) {
				return jsonbBlob(v), nil // converted by the connection (json())
			}
			return driver.JSON(v), nil
		case int64:
			return driver.JSON(strconv.FormatInt(v, 10)), nil
		case float64:
			return driver.JSON(strconv.FormatFloat(v, 'g', -1, 64)), nil
		}
	case driver.TypeBytes:
		switch v := v.(type) {
		case []byte:
			return v, nil
		case string:
			return []byte(v), nil
		}
	}
	return nil, fmt.Errorf("cannot read a %T as %s", v, typeName(t))
}

// decodeLoose is decode for raw queries: when the stored value does not fit
// the declared type (SQLite's typing is per value), the value is returned as
// stored rather than failing the query.
func decodeLoose(v any, t driver.Type) any {
	if t != driver.TypeUnknown {
		if d, err := decode(v, t); err == nil {
			return d
		}
	}
	if b, ok := v.([]byte); ok && b == nil {
		return []byte{}
	}
	if s, ok := v.(string); ok && !utf8.ValidString(s) {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return v
}

// typeOfDecl maps a declared column type to a neutral type, following
// SQLite's affinity rules (https://sqlite.org/datatype3.html#determination_of_column_affinity)
// refined by the names Prisma declares (BOOLEAN, DATETIME, DECIMAL, JSONB).
func typeOfDecl(decl string) driver.Type {
	d := strings.ToUpper(decl)
	switch {
	case d == "":
		return driver.TypeUnknown
	case strings.Contains(d, "BOOL"):
		return driver.TypeBool
	case strings.Contains(d, "DATE") || strings.Contains(d, "TIME"):
		return driver.TypeDateTime
	case strings.Contains(d, "DECIMAL") || strings.Contains(d, "NUMERIC"):
		return driver.TypeDecimal
	case strings.Contains(d, "JSON"):
		return driver.TypeJSON
	case strings.Contains(d, "INT"):
		return driver.TypeInt
	case strings.Contains(d, "CHAR") || strings.Contains(d, "CLOB") || strings.Contains(d, "TEXT"):
		return driver.TypeString
	case strings.Contains(d, "BLOB"):
		return driver.TypeBytes
	case strings.Contains(d, "REAL") || strings.Contains(d, "FLOA") || strings.Contains(d, "DOUB"):
		return driver.TypeFloat
	}
	return driver.TypeUnknown
}

func parseInt(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return 0, fmt.Errorf("cannot read %q as a 64-bit integer", s)
	}
	return int64(f), nil
}

func typeName(t driver.Type) string {
	switch t {
	case driver.TypeString:
		return "String"
	case driver.TypeInt:
		return "Int"
	case driver.TypeBigInt:
		return "BigInt"
	case driver.TypeFloat:
		return "Float"
	case driver.TypeDecimal:
		return "Decimal"
	case driver.TypeBool:
		return "Boolean"
	case driver.TypeDateTime:
		return "DateTime"
	case driver.TypeJSON:
		return "Json"
	case driver.TypeBytes:
		return "Bytes"
	}
	return "unknown"
}

func columnErr(col string, err error) error {
	return &driver.Error{Kind: driver.KindValueOutOfRange, Columns: []string{col},
		Message: "column " + col + ": " + err.Error()}
}

func itoa(n int) string { return strconv.Itoa(n) }

// jsonbBlob is a value in SQLite's binary JSONB format
// (https://sqlite.org/jsonb.html), written by jsonb() rather than as text;
// the connection turns it into JSON text with json().
type jsonbBlob []byte

// isJSONB tells SQLite's binary JSONB from JSON text: text starts with
// whitespace or one of {["-0123456789tfn, a JSONB header never with those
// (its low nibble is the element type 0..12, its high nibble a size).
func isJSONB(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	switch c := b[0]; {
	case c == '{' || c == '[' || c == '"' || c == '-' || c == 't' || c == 'f' || c == 'n',
		c >= '0' && c <= '9', c == ' ' || c == '\t' || c == '\n' || c == '\r':
		return false
	}
	return b[0]&0x0f <= 12
}

// listJSON writes a List as the JSON array the dialect reads with
// json_each: each value as bind would bind it (DateTime and Decimal as
// their text, Bytes as hex for unhex()). The dialect sends only values
// JSON carries exactly (valid UTF-8 without NUL, no NaN).
func listJSON(l driver.List) (string, error) {
	b := make([]byte, 0, 16*len(l)+2)
	b = append(b, '[')
	for i, v := range l {
		if i > 0 {
			b = append(b, ',')
		}
		switch v := v.(type) {
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case bool:
			b = strconv.AppendBool(b, v)
		case float64:
			switch {
			case math.IsNaN(v):
				return "", fmt.Errorf("%v cannot be written in JSON", v)
			case math.IsInf(v, 1):
				b = append(b, "9e999"...) // how SQLite's JSON writes +Inf; it reads it back as +Inf
			case math.IsInf(v, -1):
				b = append(b, "-9e999"...)
			default:
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
			}
		case string:
			b = appendJSONString(b, v)
		case time.Time:
			b = appendJSONString(b, formatTime(v))
		case driver.Decimal:
			b = appendJSONString(b, string(v))
		case []byte:
			b = append(b, '"')
			b = hex.AppendEncode(b, v)
			b = append(b, '"')
		default:
			return "", fmt.Errorf("unsupported list value %T", v)
		}
	}
	return string(append(b, ']')), nil
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
