package request

import (
	"strings"
	"testing"
)

// TestParseHaving reads groupBy's having: grouped fields' filters, aggregate
// filters typed as the aggregate answers (a count is an integer), logic, and
// errors naming their argument paths.
func TestParseHaving(t *testing.T) {
	m := loadFilters(t).Model("User")
	pg := Target{Provider: "postgresql"}
	h, err := ParseHaving(m, map[string]any{
		"email": map[string]any{"startsWith": "a"},
		"id":    map[string]any{"_count": map[string]any{"gt": int64(2)}, "_avg": map[string]any{"lt": int64(5)}},
		"OR":    []any{map[string]any{"name": "x"}, map[string]any{"name": "y"}},
	}, "having", pg)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Conds) != 4 {
		t.Fatalf("conditions: %+v", h.Conds)
	}
	if c := h.Conds[0]; c.Logic == nil || c.Logic.Op != Or || len(c.Logic.Items) != 2 || c.Logic.Items[1].Path != "having.OR[1]" {
		t.Fatalf("OR: %+v", c)
	}
	if c := h.Conds[1]; c.Field.Name != "email" || c.Agg != "" {
		t.Fatalf("field filter: %+v", c)
	}
	avg, count := h.Conds[2], h.Conds[3]
	if avg.Agg != "_avg" || count.Agg != "_count" {
		t.Fatalf("aggregates in key order: %+v %+v", avg, count)
	}
	if v := avg.Filter.(*Scalar).Ops[0].Value; v != float64(5) {
		t.Fatalf("an average compares as a float: %#v", v)
	}

	for _, tc := range []struct {
		having any
		want   string
	}{
		{map[string]any{"nope": int64(1)}, "having.nope"},
		{map[string]any{"id": map[string]any{"_count": map[string]any{"gt": "x"}}}, "having.id._count.gt"},
		{map[string]any{"AND": []any{map[string]any{"posts": int64(1)}}}, "having.AND[0].posts"},
	} {
		if _, err := ParseHaving(m, tc.having, "having", pg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("having %v: error %v, want one naming %s", tc.having, err, tc.want)
		}
	}
}
