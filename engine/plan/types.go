package plan

import (
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// DriverType is how a field's column is decoded.
func DriverType(f *schema.Field) driver.Type {
	if f.ScalarList() {
		return DriverType(f.Element()) | driver.ListOf
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
