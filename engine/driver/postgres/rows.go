package postgres

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// A query's columns are read straight from the bytes pgx received when
// the column's type and wire format are common ones (reader), into the
// value decode gives for them (infer, for a raw query's columns, which
// are TypeUnknown): pgx's Values would box each value into an interface,
// decode would unbox and box it again, and JSON would be parsed into maps
// only to be thrown away. Everything else (arrays; numerics, uuids and
// bytea in the text format; JSON in raw queries; values decode refuses or
// infers differently) goes through pgx's codec and decode, as before.
// The binary forms are PostgreSQL's send formats
// (https://www.postgresql.org/docs/current/protocol-overview.html#PROTOCOL-FORMAT-CODES),
// which pgx asks for for the types it knows.

// rawRows are rows as pgx received them: pgx.Rows, or a benchmark's
// captured ones.
type rawRows interface {
	Next() bool
	RawValues() [][]byte
}

// readRows reads the rest of rows, columns fields, as types. m is the
// connection's type map.
func readRows(rows rawRows, m *pgtype.Map, fields []pgconn.FieldDescription, types []driver.Type) ([][]any, error) {
	return readRowsWith(rows, m, fields, types, readers(m, fields, types))
}

// readRowsWith is readRows with the readers rd, which a benchmark sets to
// compare the fast readers with the generic path.
func readRowsWith(rows rawRows, m *pgtype.Map, fields []pgconn.FieldDescription, types []driver.Type, rd []reader) ([][]any, error) {
	var out [][]any
	for rows.Next() {
		raw := rows.RawValues()
		vals := make([]any, len(types))
		for i, t := range types {
			if raw[i] == nil {
				continue // NULL, and vals[i] is nil
			}
			var ok bool
			if vals[i], ok = rd[i].read(raw[i]); ok {
				continue
			}
			v, err := genericValue(m, &fields[i], raw[i])
			if err != nil {
				return nil, err
			}
			if vals[i], err = decode(v, raw[i], fields[i].DataTypeOID, t); err != nil {
				return nil, &driver.Error{Kind: driver.KindValueOutOfRange, Columns: []string{fields[i].Name},
					Message: "column " + fields[i].Name + ": " + err.Error()}
			}
		}
		out = append(out, vals)
	}
	return out, nil
}

// reader is how one column of a query is read.
type reader uint8

const (
	readGeneric         reader = iota // pgx's codec, then decode
	readInt2                          // binary int2 as int64
	readInt4                          // binary int4 as int64
	readInt8                          // binary int8 as int64
	readFloat4                        // binary float4 as float64
	readFloat8                        // binary float8 as float64
	readBool                          // binary bool
	readText                          // text of any format, as string
	readUUID                          // binary uuid as its canonical text
	readTimestamp                     // binary timestamp or timestamptz as time.Time in UTC
	readDate                          // binary date as time.Time at UTC midnight
	readNumeric                       // binary numeric as Decimal
	readJSON                          // json of any format or jsonb as text, as JSON
	readJSONB                         // binary jsonb as JSON
	readBytes                         // binary bytea
	readTextInt                       // int2, int4 or int8 as text, as int64
	readTextFloat4                    // float4 as text, as float64
	readTextFloat8                    // float8 as text
	readTextBool                      // bool as text (t or f)
	readTextTimestamp                 // timestamp as ISO text, as time.Time in UTC
	readTextTimestamptz               // timestamptz as ISO text with its offset
	readTextDate                      // date as ISO text
)

// readers picks a reader per column. m is the connection's type map: a
// type it does not know arrives as text (an enum), which pgx returns as
// a string.
func readers(m *pgtype.Map, fields []pgconn.FieldDescription, types []driver.Type) []reader {
	out := make([]reader, len(fields))
	for i, f := range fields {
		out[i] = pick(m, f, types[i])
	}
	return out
}

func pick(m *pgtype.Map, f pgconn.FieldDescription, t driver.Type) reader {
	binary := f.Format == pgx.BinaryFormatCode
	oid := f.DataTypeOID
	switch t {
	case driver.TypeUnknown:
		// A raw query's column: infer gives these types the value their
		// own driver.Type gives them. Not JSON: infer turns a JSON array
		// into a list.
		switch oid {
		case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
			return pick(m, f, driver.TypeBigInt)
		case pgtype.Float4OID, pgtype.Float8OID:
			return pick(m, f, driver.TypeFloat)
		case pgtype.BoolOID:
			return pick(m, f, driver.TypeBool)
		case pgtype.TimestampOID, pgtype.TimestamptzOID, pgtype.DateOID:
			return pick(m, f, driver.TypeDateTime)
		case pgtype.NumericOID:
			return pick(m, f, driver.TypeDecimal)
		case pgtype.ByteaOID:
			return pick(m, f, driver.TypeBytes)
		case pgtype.JSONOID, pgtype.JSONBOID:
			return readGeneric
		}
		return pick(m, f, driver.TypeString)
	case driver.TypeString:
		switch oid {
		case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID:
			return readText
		case pgtype.UUIDOID:
			if binary {
				return readUUID
			}
			return readGeneric
		}
		if _, known := m.TypeForOID(oid); !known && f.Format == pgx.TextFormatCode {
			return readText
		}
	case driver.TypeInt, driver.TypeBigInt:
		switch oid {
		case pgtype.Int2OID:
			return choose(binary, readInt2, readTextInt)
		case pgtype.Int4OID:
			return choose(binary, readInt4, readTextInt)
		case pgtype.Int8OID:
			return choose(binary, readInt8, readTextInt)
		}
	case driver.TypeFloat:
		switch oid {
		case pgtype.Float4OID:
			return choose(binary, readFloat4, readTextFloat4)
		case pgtype.Float8OID:
			return choose(binary, readFloat8, readTextFloat8)
		}
	case driver.TypeBool:
		if oid == pgtype.BoolOID {
			return choose(binary, readBool, readTextBool)
		}
	case driver.TypeDateTime:
		switch oid {
		case pgtype.TimestampOID:
			return choose(binary, readTimestamp, readTextTimestamp)
		case pgtype.TimestamptzOID:
			return choose(binary, readTimestamp, readTextTimestamptz)
		case pgtype.DateOID:
			return choose(binary, readDate, readTextDate)
		}
	case driver.TypeDecimal:
		if binary && oid == pgtype.NumericOID {
			return readNumeric
		}
	case driver.TypeJSON:
		switch {
		case oid == pgtype.JSONBOID && binary:
			return readJSONB
		case oid == pgtype.JSONOID || oid == pgtype.JSONBOID:
			return readJSON
		}
	case driver.TypeBytes:
		if binary && oid == pgtype.ByteaOID {
			return readBytes
		}
	}
	return readGeneric
}

// choose is the binary format's reader or the text format's: statements
// run without being prepared (Config.NoPrepare) get text results.
func choose(binary bool, bin, text reader) reader {
	if binary {
		return bin
	}
	return text
}

// read decodes the non-NULL raw bytes of a column with reader r. It
// refuses (false) what the generic path should see: anything for
// readGeneric, and values it does not take (an infinite timestamp, a NaN
// numeric, a wrong length), which get the value or the error they always
// had.
func (r reader) read(raw []byte) (any, bool) {
	switch r {
	case readInt2:
		if len(raw) == 2 {
			return int64(int16(binary.BigEndian.Uint16(raw))), true
		}
	case readInt4:
		if len(raw) == 4 {
			return int64(int32(binary.BigEndian.Uint32(raw))), true
		}
	case readInt8:
		if len(raw) == 8 {
			return int64(binary.BigEndian.Uint64(raw)), true
		}
	case readFloat4:
		if len(raw) == 4 {
			return float64(math.Float32frombits(binary.BigEndian.Uint32(raw))), true
		}
	case readFloat8:
		if len(raw) == 8 {
			return math.Float64frombits(binary.BigEndian.Uint64(raw)), true
		}
	case readBool:
		if len(raw) == 1 {
			return raw[0] == 1, true
		}
	case readText:
		return string(raw), true
	case readUUID:
		if len(raw) == 16 {
			return driver.FormatUUID([16]byte(raw)), true
		}
	case readTimestamp:
		if len(raw) == 8 {
			if us := int64(binary.BigEndian.Uint64(raw)); us >= minTimestampMicros && us < endTimestampMicros {
				return time.Unix(y2kUnix+us/1_000_000, us%1_000_000*1_000).UTC(), true
			}
		}
	case readDate:
		if len(raw) == 4 {
			if d := int32(binary.BigEndian.Uint32(raw)); d >= minDateDays && d < endDateDays {
				return time.Date(2000, 1, int(1+d), 0, 0, 0, 0, time.UTC), true
			}
		}
	case readNumeric:
		var b [64]byte
		if d, ok := appendNumeric(b[:0], raw); ok {
			return driver.Decimal(d), true
		}
	case readJSONB:
		// jsonb's binary form is its text behind a version byte (1).
		if len(raw) == 0 || raw[0] != 1 {
			break
		}
		raw = raw[1:]
		fallthrough
	case readJSON:
		if isJSONNull(raw) {
			// pgx parses JSON into Go values, and the JSON null becomes a
			// nil one, which decode has always passed on as NULL.
			return nil, true
		}
		return driver.JSON(raw), true
	case readBytes:
		return append([]byte{}, raw...), true
	case readTextInt:
		// pgx's text codecs parse with strconv too, so a value both take
		// is the same value.
		if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return n, true
		}
	case readTextFloat4:
		if f, err := strconv.ParseFloat(string(raw), 32); err == nil {
			return float64(float32(f)), true
		}
	case readTextFloat8:
		if f, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return f, true
		}
	case readTextTimestamp, readTextTimestamptz:
		if t, ok := parseISOTimestamp(raw, r == readTextTimestamptz); ok {
			return t, true
		}
	case readTextDate:
		if len(raw) == 10 {
			if t, ok := parseISODate(raw); ok {
				return t, true
			}
		}
	case readTextBool:
		// PostgreSQL writes t or f; pgx takes more spellings, which the
		// generic path keeps for it.
		if len(raw) == 1 && (raw[0] == 't' || raw[0] == 'f') {
			return raw[0] == 't', true
		}
	}
	return nil, false
}

// The range pgx reads timestamps and dates in (outside it, its codecs
// refuse them; the infinities are outside it too), counted as PostgreSQL
// sends them: microseconds or days from 2000-01-01.
var (
	y2kUnix            = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	minTime            = time.Date(-4713, 11, 24, 0, 0, 0, 0, time.UTC)
	minTimestampMicros = (minTime.Unix() - y2kUnix) * 1_000_000
	endTimestampMicros = (time.Date(294277, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - y2kUnix) * 1_000_000
	minDateDays        = int32((minTime.Unix() - y2kUnix) / 86400)
	endDateDays        = int32((time.Date(5874898, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - y2kUnix) / 86400)
)

// isJSONNull reports whether the JSON text raw is null, with any
// whitespace JSON allows around it.
func isJSONNull(raw []byte) bool {
	i, j := 0, len(raw)
	for i < j && isJSONSpace(raw[i]) {
		i++
	}
	for j > i && isJSONSpace(raw[j-1]) {
		j--
	}
	return string(raw[i:j]) == "null"
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendNumeric appends a binary numeric to dst as numericText renders
// what pgx reads from it: no leading zeros, no trailing fractional zeros, the
// fraction cut at the display scale (dscale) when there is one. It
// refuses NaN and the infinities, which the generic path reports.
func appendNumeric(dst, raw []byte) ([]byte, bool) {
	if len(raw) < 8 {
		return nil, false
	}
	ndigits := int(binary.BigEndian.Uint16(raw))
	weight := int(int16(binary.BigEndian.Uint16(raw[2:])))
	sign := binary.BigEndian.Uint16(raw[4:])
	dscale := int(int16(binary.BigEndian.Uint16(raw[6:])))
	if sign != 0 && sign != 0x4000 || len(raw) != 8+2*ndigits {
		return nil, false
	}
	digit := func(i int) int {
		if i < 0 || i >= ndigits {
			return 0
		}
		return int(binary.BigEndian.Uint16(raw[8+2*i:]))
	}
	// Each base-10000 digit is four decimal ones: the integer part is
	// digits 0..weight, the fraction the rest. A sign goes first, dropped
	// at the end if the value is positive or zero.
	buf := append(dst, '-')
	first := len(buf)
	for i := 0; i <= weight; i++ {
		d := digit(i)
		if d > 9999 {
			return nil, false
		}
		if len(buf) == first { // no integer digit yet: no leading zeros
			if d != 0 {
				buf = strconv.AppendInt(buf, int64(d), 10)
			}
			continue
		}
		buf = append(buf, byte('0'+d/1000), byte('0'+d/100%10), byte('0'+d/10%10), byte('0'+d%10))
	}
	if len(buf) == first {
		buf = append(buf, '0')
	}
	point := len(buf)
	buf = append(buf, '.')
	for i := weight + 1; i < ndigits; i++ {
		d := digit(i)
		if d > 9999 {
			return nil, false
		}
		buf = append(buf, byte('0'+d/1000), byte('0'+d/100%10), byte('0'+d/10%10), byte('0'+d%10))
	}
	if dscale > 0 && len(buf) > point+1+dscale {
		buf = buf[:point+1+dscale]
	}
	for len(buf) > point+1 && buf[len(buf)-1] == '0' {
		buf = buf[:len(buf)-1]
	}
	if len(buf) == point+1 {
		buf = buf[:point]
	}
	if sign == 0 || string(buf[first-1:]) == "-0" {
		buf = append(buf[:first-1], buf[first:]...)
	}
	return buf, true
}

// genericValue is what pgx's Rows.Values gives for one column
// (github.com/jackc/pgx/v5 rows.go): its codec's value, or, for a type
// pgx does not know, the text or a copy of the bytes.
func genericValue(m *pgtype.Map, f *pgconn.FieldDescription, raw []byte) (any, error) {
	if raw == nil {
		return nil, nil
	}
	if dt, ok := m.TypeForOID(f.DataTypeOID); ok {
		return dt.Codec.DecodeValue(m, f.DataTypeOID, f.Format, raw)
	}
	switch f.Format {
	case pgx.TextFormatCode:
		return string(raw), nil
	case pgx.BinaryFormatCode:
		return append([]byte{}, raw...), nil
	}
	return nil, errors.New("unknown format code")
}
