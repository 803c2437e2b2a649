package request

import (
	"sort"

	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Relation load strategies (relationLoadStrategy): one statement per
// relation level, or one statement that reads the relations as JSON.
const (
	StrategyQuery = "query"
	StrategyJoin  = "join"
)

// Call is one client call, read: its model, its action (by Prisma's name),
// its arguments and how its relations are loaded.
type Call struct {
	Model    *schema.Model
	Action   string
	Args     Args // without relationLoadStrategy, which is Strategy
	Strategy string
}

// Actions are the actions a call may name, by Prisma's names.
func Actions() []string {
	out := make([]string, 0, len(allowedArgs))
	for a := range allowedArgs {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Parse reads a call of model's action with the envelope's arguments.
func Parse(sch *schema.Schema, model, action string, argv map[string]any) (*Call, error) {
	m := sch.Model(model)
	if m == nil {
		names := make([]string, 0, len(sch.Models))
		for _, mm := range sch.Models {
			names = append(names, mm.Name)
		}
		return nil, perr.Validationf(model, "", "unknown model `%s`; available: %v", model, names)
	}
	if _, ok := allowedArgs[action]; !ok {
		return nil, perr.Validationf(model, "", "unknown action `%s`; expected one of %v", action, Actions())
	}
	a, err := normalize(m, action, argv)
	if err != nil {
		return nil, err
	}
	strategy, err := loadStrategy(m, a)
	if err != nil {
		return nil, err
	}
	delete(a, "relationLoadStrategy")
	return &Call{Model: m, Action: action, Args: a, Strategy: strategy}, nil
}

func loadStrategy(m *schema.Model, a Args) (string, error) {
	v, ok := a["relationLoadStrategy"]
	if !ok || v == nil {
		return StrategyQuery, nil
	}
	s, _ := v.(string)
	if s != StrategyJoin && s != StrategyQuery {
		return "", perr.Validationf(m.Name, "relationLoadStrategy", "expected 'join' or 'query', got %#v", v)
	}
	return s, nil
}
