package query

import (
	"github.com/caspian-prisma/caspian-prisma/engine/request"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// fetchFields are the columns a level must read: the output scalars plus
// the keys that relation loading and counting need.
func fetchFields(s *request.Selection, extra ...*schema.Field) []*schema.Field {
	seen := map[string]bool{}
	var out []*schema.Field
	addF := func(f *schema.Field) {
		if f != nil && !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	for _, f := range s.Scalars {
		addF(f)
	}
	for _, r := range s.Rels {
		for _, f := range linkOf(r.Field).parent {
			addF(f)
		}
	}
	for _, c := range s.Counts {
		for _, f := range linkOf(c.Field).parent {
			addF(f)
		}
	}
	for _, f := range extra {
		addF(f)
	}
	return out
}
