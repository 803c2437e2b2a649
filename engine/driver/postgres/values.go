package postgres

import (
	sqldriver "database/sql/driver"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// encodeArgs turns neutral values into values pgx encodes for the parameter
// types PostgreSQL infers.
func encodeArgs(args []any) ([]any, error) {
	if len(args) == 0 {
		return nil, nil
	}
	// The extended protocol counts parameters in 16 bits; pgx would
	// refuse with an error only its text explains.
	if err := driver.CheckParams(len(args), driver.MaxParamsPostgres); err != nil {
		return nil, err
	}
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			// Prisma's columns are TIMESTAMP(3) without time zone holding
			// UTC; truncating here makes a microsecond value match itself
			// after a round trip instead of being rounded by the server.
			out[i] = v.UTC().Truncate(time.Millisecond)
		case driver.Decimal:
			var n pgtype.Numeric
			if err := n.Scan(string(v)); err != nil {
				return nil, &driver.Error{Kind: driver.KindValueOutOfRange,
					Message: fmt.Sprintf("argument %d: %q is not a decimal number", i+1, string(v))}
			}
			out[i] = n
		case driver.JSON:
			out[i] = string(v)
		case driver.List:
			text, err := arrayLiteral(v)
			if err != nil {
				return nil, &driver.Error{Kind: driver.KindOther, Message: fmt.Sprintf("argument %d: %v", i+1, err)}
			}
			// Text, so that PostgreSQL parses it as the array type it
			// inferred (enums included), as it parses a quoted literal.
			out[i] = text
		case uint64:
			if v > math.MaxInt64 {
				return nil, &driver.Error{Kind: driver.KindValueOutOfRange,
					Message: fmt.Sprintf("argument %d: %d does not fit in a 64-bit integer", i+1, v)}
			}
			out[i] = int64(v)
		default:
			out[i] = a
		}
	}
	return out, nil
}

// decode converts what pgx decoded (v, or raw bytes for JSON) to the
// neutral value of type t.
func decode(v any, raw []byte, oid uint32, t driver.Type) (any, error) {
	if v == nil {
		return nil, nil
	}
	if t&driver.ListOf != 0 {
		// A scalar list (String[], Int[], ...): each element has type el.
		el := t &^ driver.ListOf
		list, ok := v.([]any)
		if s, isText := v.(string); isText {
			// An array of a type pgx does not know (an enum's) comes as text.
			if list, ok = parseArray(s); !ok {
				return nil, fmt.Errorf("cannot read %q as an array", s)
			}
		}
		if !ok {
			return nil, fmt.Errorf("expected an array, got %T", v)
		}
		for i := range list {
			var err error
			if list[i], err = decode(list[i], nil, 0, el); err != nil {
				return nil, err
			}
		}
		return list, nil
	}
	if list, ok := v.([]any); ok && t != driver.TypeJSON {
		for i := range list {
			var err error
			if list[i], err = decode(list[i], nil, 0, t); err != nil {
				return nil, err
			}
		}
		return list, nil
	}
	switch t {
	case driver.TypeUnknown:
		return infer(v, raw, oid), nil
	case driver.TypeJSON:
		if oid == pgtype.JSONOID || oid == pgtype.JSONBOID {
			return rawJSON(raw, oid), nil
		}
		if s, ok := v.(string); ok {
			return driver.JSON(s), nil
		}
	case driver.TypeString:
		switch v := v.(type) {
		case string:
			return v, nil
		case [16]byte: // uuid
			return driver.FormatUUID(v), nil
		}
		return fmt.Sprint(infer(v, raw, oid)), nil
	case driver.TypeInt, driver.TypeBigInt:
		switch v := v.(type) {
		case int64:
			return v, nil
		case int32:
			return int64(v), nil
		case int16:
			return int64(v), nil
		case float64:
			return int64(v), nil
		case pgtype.Numeric:
			i, err := v.Int64Value()
			if err != nil || !i.Valid {
				return nil, fmt.Errorf("cannot read %v as an integer", v)
			}
			return i.Int64, nil
		}
	case driver.TypeFloat:
		switch v := v.(type) {
		case float64:
			return v, nil
		case float32:
			return float64(v), nil
		case int64:
			return float64(v), nil
		case int32:
			return float64(v), nil
		case int16:
			return float64(v), nil
		case pgtype.Numeric:
			f, err := v.Float64Value()
			if err != nil {
				return nil, err
			}
			return f.Float64, nil
		}
	case driver.TypeDecimal:
		switch v := v.(type) {
		case pgtype.Numeric:
			return numericText(v)
		case int64, int32, int16:
			return driver.Decimal(fmt.Sprint(v)), nil
		case float64:
			return driver.Decimal(strconv.FormatFloat(v, 'f', -1, 64)), nil
		case float32:
			return driver.Decimal(strconv.FormatFloat(float64(v), 'f', -1, 32)), nil
		}
	case driver.TypeBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case driver.TypeDateTime:
		if tt, ok := v.(time.Time); ok {
			return tt.UTC(), nil
		}
	case driver.TypeBytes:
		if b, ok := v.([]byte); ok {
			return b, nil
		}
	}
	return nil, fmt.Errorf("cannot read a %T as type %d", v, t)
}

// infer picks the neutral value for a raw query column from what pgx decoded
// for its type OID.
func infer(v any, raw []byte, oid uint32) any {
	switch v := v.(type) {
	case nil:
		return nil
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case float32:
		return float64(v)
	case int64, float64, bool, string, []byte:
		if oid == pgtype.JSONOID || oid == pgtype.JSONBOID {
			return rawJSON(raw, oid)
		}
		return v
	case time.Time:
		return v.UTC()
	case pgtype.Numeric:
		d, err := numericText(v)
		if err != nil {
			return nil
		}
		return d
	case [16]byte:
		return driver.FormatUUID(v)
	case netip.Prefix:
		return v.String()
	case []any:
		for i := range v {
			v[i] = infer(v[i], nil, 0)
		}
		return v
	case map[string]any:
		return rawJSON(raw, oid)
	case sqldriver.Valuer:
		if dv, err := v.Value(); err == nil {
			return infer(dv, nil, 0)
		}
	}
	if oid == pgtype.JSONOID || oid == pgtype.JSONBOID {
		return rawJSON(raw, oid)
	}
	return fmt.Sprint(v)
}

// rawJSON returns the JSON text of a json or jsonb column; jsonb's binary
// form is its text behind a version byte (1).
func rawJSON(raw []byte, oid uint32) driver.JSON {
	if oid == pgtype.JSONBOID && len(raw) > 0 && raw[0] == 1 {
		raw = raw[1:]
	}
	return driver.JSON(raw)
}

// numericText renders a numeric as canonical decimal text without trailing
// zeros ("12.25" for 12.250000), as Prisma's Decimal.js does.
func numericText(n pgtype.Numeric) (driver.Decimal, error) {
	if !n.Valid {
		return "", nil
	}
	if n.NaN || n.InfinityModifier != pgtype.Finite {
		return "", fmt.Errorf("cannot read a non-finite numeric as a Decimal")
	}
	s := n.Int.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if n.Exp >= 0 {
		if s != "0" {
			s += strings.Repeat("0", int(n.Exp))
		}
	} else {
		scale := int(-n.Exp)
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if neg && s != "0" {
		s = "-" + s
	}
	return driver.Decimal(s), nil
}

var _ = big.NewInt // numeric's Int is a *big.Int

// parseArray reads a one-dimensional array in PostgreSQL's text output
// (https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO):
// {a,"b c",NULL}; elements come back as strings, NULL as nil.
func parseArray(s string) ([]any, bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	out := []any{}
	if body == "" {
		return out, true
	}
	for i := 0; i <= len(body); {
		var b strings.Builder
		quoted := i < len(body) && body[i] == '"'
		if quoted {
			i++
			for ; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' && i+1 < len(body) {
					i++
				}
				b.WriteByte(body[i])
			}
			if i >= len(body) {
				return nil, false
			}
			i++ // the closing quote
		} else {
			for ; i < len(body) && body[i] != ','; i++ {
				if body[i] == '{' || body[i] == '"' {
					return nil, false // nested arrays are not scalar lists
				}
				b.WriteByte(body[i])
			}
		}
		if !quoted && b.String() == "NULL" {
			out = append(out, nil)
		} else {
			out = append(out, b.String())
		}
		if i < len(body) && body[i] != ',' {
			return nil, false
		}
		i++
	}
	return out, true
}

// arrayEscape escapes a quoted element of an array literal.
var arrayEscape = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// arrayLiteral writes a List as a PostgreSQL array literal
// (https://www.postgresql.org/docs/current/arrays.html#ARRAYS-INPUT), each
// element quoted, in the text form of its type: DateTime as UTC with
// milliseconds and an explicit offset (a timestamp column ignores it, a
// timestamptz one honours it), as encodeArgs binds it.
func arrayLiteral(l driver.List) (string, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		var text string
		switch v := v.(type) {
		case int64:
			text = strconv.FormatInt(v, 10)
		case bool:
			text = strconv.FormatBool(v)
		case float64:
			switch {
			case math.IsNaN(v):
				text = "NaN"
			case math.IsInf(v, 1):
				text = "Infinity"
			case math.IsInf(v, -1):
				text = "-Infinity"
			default:
				text = strconv.FormatFloat(v, 'g', -1, 64)
			}
		case string:
			text = v
		case time.Time:
			text = v.UTC().Truncate(time.Millisecond).Format("2006-01-02 15:04:05.000") + "+00:00"
		case driver.Decimal:
			text = string(v)
		case []byte:
			text = `\\x` + hex.EncodeToString(v)
		default:
			return "", fmt.Errorf("unsupported list value %T", v)
		}
		b.WriteByte('"')
		if _, bytes := v.([]byte); bytes {
			b.WriteString(text) // already escaped: hex digits only
		} else {
			b.WriteString(arrayEscape.Replace(text))
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String(), nil
}
