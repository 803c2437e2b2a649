package query

import (
	"fmt"
	"math"
	"strconv"

	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// coerce is request.Coerce, its value made the driver's (bindable),
// followed by the dialect's checks on it: a NaN or an infinity the database
// cannot store is refused with the field's path (SQLite would store NaN as
// NULL; MySQL has neither).
func (x *planner) coerce(m *schema.Model, f *schema.Field, path string, v any) (any, error) {
	c, err := request.Coerce(m, f, path, v)
	if err != nil {
		return nil, err
	}
	return x.bindable(m, f, path, c)
}

// bindable is a value coerced by engine/request as the driver takes it
// (request.JSON and request.List become driver.JSON and driver.List, a
// list converted in place), after the dialect's checks on a float.
func (x *planner) bindable(m *schema.Model, f *schema.Field, path string, v any) (any, error) {
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

func decimalText(v any) abi.Decimal {
	switch t := v.(type) {
	case float64:
		return abi.Decimal(strconv.FormatFloat(t, 'f', -1, 64))
	case int64:
		return abi.Decimal(strconv.FormatInt(t, 10))
	}
	return abi.Decimal(fmt.Sprint(v))
}
