package dmmf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Prisma's DMMF is consumed by JavaScript: keys come in a fixed order and
// numbers are JavaScript numbers. encoding/json can give neither (maps are
// sorted, floats print Go's way, HTML characters are escaped), so this file
// holds a tiny ordered JSON tree and an encoder that writes what
// JSON.stringify writes.
//
// A value is one of: nil, bool, string, int64, float64, Object, []any.

// Object is a JSON object with its keys in insertion order.
type Object []Member

// Member is one key of an Object.
type Member struct {
	Key   string
	Value any
}

// Get returns the value under key, or nil.
func (o Object) Get(key string) any {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// obj builds an Object from alternating keys and values.
func obj(kv ...any) Object {
	o := make(Object, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		o = append(o, Member{Key: kv[i].(string), Value: kv[i+1]})
	}
	return o
}

// Compact encodes v without whitespace, like JSON.stringify(v).
func Compact(v any) []byte {
	var b bytes.Buffer
	encode(&b, v, "", "")
	return b.Bytes()
}

// Indent encodes v like JSON.stringify(v, null, 2) followed by a newline,
// the way the corpus stores expected outputs.
func Indent(v any) []byte {
	var b bytes.Buffer
	encode(&b, v, "  ", "")
	b.WriteByte('\n')
	return b.Bytes()
}

func encode(b *bytes.Buffer, v any, step, cur string) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		writeString(b, v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(jsNumber(v))
	case Object:
		if len(v) == 0 {
			b.WriteString("{}")
			return
		}
		inner := cur + step
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if step != "" {
				b.WriteByte('\n')
				b.WriteString(inner)
			}
			writeString(b, m.Key)
			b.WriteByte(':')
			if step != "" {
				b.WriteByte(' ')
			}
			encode(b, m.Value, step, inner)
		}
		if step != "" {
			b.WriteByte('\n')
			b.WriteString(cur)
		}
		b.WriteByte('}')
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		inner := cur + step
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if step != "" {
				b.WriteByte('\n')
				b.WriteString(inner)
			}
			encode(b, e, step, inner)
		}
		if step != "" {
			b.WriteByte('\n')
			b.WriteString(cur)
		}
		b.WriteByte(']')
	default:
		panic(fmt.Sprintf("dmmf: cannot encode %T", v))
	}
}

// writeString quotes s as JSON.stringify does: only the quote, the
// backslash and control characters are escaped; everything else, HTML
// characters and non-ASCII included, is written as is.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

// jsNumber formats f as JavaScript's Number.prototype.toString does:
// shortest round-trip digits, plain notation for 1e-7 < |f| < 1e21,
// exponent notation ("1e+25", "1.5e-7") outside it.
func jsNumber(f float64) string {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		if f == 0 {
			return "0"
		}
		return "null" // JSON.stringify writes null for NaN and Infinity
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	// 'e' with precision -1 gives the shortest digits: d.ddddde±XX.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1 // value = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	ex := strconv.Itoa(int(math.Abs(float64(n - 1))))
	if k == 1 {
		return sign + digits + "e" + es + ex
	}
	return sign + digits[:1] + "." + digits[1:] + "e" + es + ex
}

// Parse decodes JSON into the ordered tree, keeping key order; numbers
// become int64 when they are integers that fit, else float64.
func Parse(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := parseValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, fmt.Errorf("dmmf: trailing data after the JSON value")
	}
	return v, nil
}

func parseValue(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := Object{}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				v, err := parseValue(d)
				if err != nil {
					return nil, err
				}
				o = append(o, Member{Key: k.(string), Value: v})
			}
			_, err := d.Token() // '}'
			return o, err
		case '[':
			a := []any{}
			for d.More() {
				v, err := parseValue(d)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := d.Token() // ']'
			return a, err
		}
		return nil, fmt.Errorf("dmmf: unexpected %v", t)
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, nil
		}
		f, err := t.Float64()
		if err != nil {
			return nil, err
		}
		return f, nil
	default:
		return t, nil // nil, bool, string
	}
}
