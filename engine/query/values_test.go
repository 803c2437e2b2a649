package query

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// wantCode fails unless err is a *perr.Error with code, and returns it.
func wantCode(t *testing.T, what string, err error, code string) *perr.Error {
	t.Helper()
	var pe *perr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%s: want %s, got %v", what, code, err)
	}
	if pe.Code != code {
		t.Fatalf("%s: want %s, got %s: %s", what, code, pe.Code, pe.Message)
	}
	return pe
}

// TestNonFiniteFloats: NaN and ±Infinity are stored where the column type
// holds them (PostgreSQL; SQLite for the infinities) and refused, naming
// the field and argument path, where it does not (MySQL's DOUBLE; SQLite
// would store NaN as NULL). They are never spliced into SQL text.
func TestNonFiniteFloats(t *testing.T) {
	forEachProvider(t, func(t *testing.T, c *client) {
		p := c.sch.Datasource.Provider
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			data := M{"amount": "1", "rating": v, "status": "s"}
			stores := p == schema.PostgreSQL || p == schema.SQLite && !math.IsNaN(v)
			res, err := c.try("Sales", "create", M{"data": data})
			if !stores {
				pe := wantCode(t, "create", err, perr.Validation)
				if pe.Meta["path"] != "data.rating" || !strings.Contains(pe.Message, "`rating`") {
					t.Fatalf("message or path does not name the field: %v %v", pe.Message, pe.Meta)
				}
				_, err = c.try("Sales", "count", M{"where": M{"rating": M{"lt": v}}})
				wantCode(t, "filter", err, perr.Validation)
				_, err = c.try("Sales", "updateMany", M{"data": M{"rating": M{"multiply": v}}})
				wantCode(t, "multiply", err, perr.Validation)
				continue
			}
			if err != nil {
				t.Fatalf("create %v: %v", v, err)
			}
			got := res.(map[string]any)["rating"].(float64)
			if math.IsNaN(v) != math.IsNaN(got) || !math.IsNaN(v) && got != v {
				t.Fatalf("stored %v, read %v", v, got)
			}
		}
	})
}
