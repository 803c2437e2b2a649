package query

import (
	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// nullSentinelValue is what a null sentinel given as a field's value
// writes: DbNull SQL NULL (as None does), JsonNull the JSON value null.
// AnyNull only filters, and the sentinels belong to Json fields only
// (https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-json-fields#using-null-values).
// The nil returned for DbNull goes through the caller's required-field check.
func nullSentinelValue(m *schema.Model, f *schema.Field, s abi.NullSentinel, path string) (any, error) {
	if f.Type != schema.Json || f.ScalarList() {
		return nil, perr.Validationf(m.Name, path, "%s is for Json fields; `%s` is %s (use None for null)", s, f.Name, f.TypeName)
	}
	switch s {
	case abi.DbNull:
		return nil, nil
	case abi.JsonNull:
		return driver.JSON("null"), nil
	}
	return nil, perr.Validationf(m.Name, path, "AnyNull only filters; write DbNull (SQL NULL) or JsonNull (JSON null) to `%s`", f.Name)
}
