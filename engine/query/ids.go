package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// slotMint stands for the values a write takes from outside its request,
// the clock and generated ids, as plan.Slots: engine/exec makes them when
// the plan runs. It numbers the ids, so that two rows never share one;
// the clock is one value per write.
type slotMint struct{ n int }

func (*slotMint) now() any { return plan.Slot{Gen: "now()"} }

func (s *slotMint) id(f *schema.Field) any {
	s.n++
	return plan.Slot{Model: f.Model.Name, Field: f.Name, Gen: f.Default.Generator(), N: s.n}
}

// generated returns the engine-generated default of f, or (nil, false) when
// the database supplies it (autoincrement, dbgenerated) or there is none.
// now is the write's clock value (one per write, for every field).
func generated(f *schema.Field, now any, ids *slotMint) (any, bool) {
	if f.UpdatedAt && f.Default == nil {
		return now, true
	}
	d := f.Default
	if d == nil {
		return nil, false
	}
	switch {
	case d.Kind == schema.DefaultNow:
		return now, true
	case d.Generator() != "":
		return ids.id(f), true
	case d.Kind == schema.DefaultLiteral:
		return literalDefault(f, d.Value)
	}
	return nil, false
}

// literalDefault sends a literal default explicitly so the returned row has
// it even where the row is not re-read, and so multi-row inserts share columns.
func literalDefault(f *schema.Field, v any) (any, bool) {
	if f.List {
		return nil, false
	}
	if f.Kind == schema.EnumField {
		if s, ok := v.(string); ok {
			for _, ev := range f.Enum.Values {
				if ev.Name == s {
					return ev.DBName, true
				}
			}
		}
		return v, true
	}
	switch f.Type {
	case schema.Int, schema.BigInt:
		switch t := v.(type) {
		case int64:
			return t, true
		case float64:
			return int64(t), true
		}
	case schema.Float:
		switch t := v.(type) {
		case int64:
			return float64(t), true
		case float64:
			return t, true
		}
	case schema.Decimal:
		return decimalText(v), true
	case schema.Boolean:
		if b, ok := v.(bool); ok {
			return b, true
		}
	case schema.String:
		if s, ok := v.(string); ok {
			return s, true
		}
	case schema.DateTime:
		if s, ok := v.(string); ok {
			if t, ok := request.ParseTime(s); ok {
				return schema.NormTime(t), true
			}
		}
	}
	// Json, Bytes and anything unusual: leave it to the database's DEFAULT.
	return nil, false
}
