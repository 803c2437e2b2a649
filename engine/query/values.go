package query

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// driverType is how a field's column is decoded.
func driverType(f *schema.Field) driver.Type {
	if scalarList(f) {
		return driverType(elemField(f)) | driver.ListOf
	}
	if f.Kind == schema.EnumField {
		return driver.TypeString
	}
	switch f.Type {
	case schema.String:
		return driver.TypeString
	case schema.Boolean:
		return driver.TypeBool
	case schema.Int:
		return driver.TypeInt
	case schema.BigInt:
		return driver.TypeBigInt
	case schema.Float:
		return driver.TypeFloat
	case schema.Decimal:
		return driver.TypeDecimal
	case schema.DateTime:
		return driver.TypeDateTime
	case schema.Json:
		return driver.TypeJSON
	case schema.Bytes:
		return driver.TypeBytes
	}
	return driver.TypeUnknown
}

// coerce is request.Coerce, its value made the driver's (bindable),
// followed by the dialect's checks on it: a NaN or an infinity the database
// cannot store is refused with the field's path (SQLite would store NaN as
// NULL; MySQL has neither).
func (x *exec) coerce(m *schema.Model, f *schema.Field, path string, v any) (any, error) {
	c, err := request.Coerce(m, f, path, v)
	if err != nil {
		return nil, err
	}
	return x.bindable(m, f, path, c)
}

// bindable is a value coerced by engine/request as the driver takes it
// (request.JSON and request.List become driver.JSON and driver.List, a
// list converted in place), after the dialect's checks on a float.
func (x *exec) bindable(m *schema.Model, f *schema.Field, path string, v any) (any, error) {
	switch t := v.(type) {
	case float64:
		if math.IsNaN(t) && !x.d.Supports(sqltree.FloatNaN) {
			return nil, perr.Validationf(m.Name, path, "NaN cannot be stored in Float field `%s` on %s; use null for a missing value", f.Name, x.d.Provider())
		}
		if math.IsInf(t, 0) && !x.d.Supports(sqltree.FloatInfinity) {
			return nil, perr.Validationf(m.Name, path, "%v cannot be stored in Float field `%s` on %s: its floating-point type is finite", t, f.Name, x.d.Provider())
		}
	case request.JSON:
		return driver.JSON(t), nil
	case request.List:
		return bindList(t), nil
	}
	return v, nil
}

// bindList is a coerced scalar list as the driver takes it (copied only
// when it holds Json values). Its items pass no dialect check, as they
// never did: scalar lists are PostgreSQL's, which stores every float.
func bindList(l request.List) driver.List {
	out, copied := driver.List(l), false
	for i, it := range l {
		if j, ok := it.(request.JSON); ok {
			if !copied {
				out, copied = append(driver.List(nil), l...), true
			}
			out[i] = driver.JSON(j)
		}
	}
	return out
}

func scalarList(f *schema.Field) bool         { return request.ScalarList(f) }
func elemField(f *schema.Field) *schema.Field { return request.ElemField(f) }

// decode converts a column value from the driver to the result value of f.
func decode(f *schema.Field, v any) any {
	if scalarList(f) {
		return decodeList(f, v)
	}
	if v == nil {
		return nil
	}
	if f.Kind == schema.EnumField {
		s := fmt.Sprint(v)
		for _, ev := range f.Enum.Values {
			if ev.DBName == s {
				return ev.Name
			}
		}
		return s
	}
	switch f.Type {
	case schema.Json:
		raw, ok := jsonText(v)
		if !ok {
			return v
		}
		return DecodeJSON(raw)
	case schema.DateTime:
		if t, ok := v.(time.Time); ok {
			return t.UTC()
		}
	}
	return v
}

// DecodeJSON decodes JSON text keeping integers exact: int64 when they fit,
// float64 otherwise (encoding/json would make every number a float64 and
// round BigInt-sized ones). Text that is not JSON is returned as a string.
func DecodeJSON(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return string(raw)
	}
	return fixNumbers(out)
}

func fixNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n
		}
		f, _ := t.Float64()
		return f
	case []any:
		for i := range t {
			t[i] = fixNumbers(t[i])
		}
	case map[string]any:
		for k := range t {
			t[k] = fixNumbers(t[k])
		}
	}
	return v
}

func decimalText(v any) abi.Decimal {
	switch t := v.(type) {
	case float64:
		return abi.Decimal(strconv.FormatFloat(t, 'f', -1, 64))
	case int64:
		return abi.Decimal(strconv.FormatInt(t, 10))
	}
	return abi.Decimal(fmt.Sprint(v))
}

// jsonText is the JSON text a driver gave for a value (driver.JSON, a
// string or bytes); false for anything else.
func jsonText(v any) ([]byte, bool) {
	switch t := v.(type) {
	case driver.JSON:
		return []byte(t), true
	case string:
		return []byte(t), true
	case []byte:
		return t, true
	}
	return nil, false
}
