package drivertest

import (
	"encoding/json"
	"math/big"
	"reflect"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// jsonEqual compares JSON text (spacing and key order may differ between
// databases) with a JSON value returned by an adapter.
func jsonEqual(t *testing.T, want string, got any) bool {
	t.Helper()
	var g string
	switch v := got.(type) {
	case driver.JSON:
		g = string(v)
	case string:
		g = v
	default:
		return false
	}
	var a, b any
	if json.Unmarshal([]byte(want), &a) != nil || json.Unmarshal([]byte(g), &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}

// decimalEqual compares decimal texts by value ("12.25" == "12.250000").
func decimalEqual(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}
