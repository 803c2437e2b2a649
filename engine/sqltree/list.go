package sqltree

// List is the value list of an In, for Dialect.BindList.
type List struct {
	Values []any // neutral values of one field's type, never nil
	Not    bool
	Lower  bool // each value is compared as LOWER(value)
}

// listOf returns the values of an In whose items are all bind arguments,
// or all LOWER(argument): the lists the planner builds for `in`/`notIn`
// and relation keys.
func listOf(e In) (List, bool) {
	l := List{Values: make([]any, len(e.List)), Not: e.Not}
	for i, x := range e.List {
		lower := false
		if lw, ok := x.(Lower); ok {
			x, lower = lw.X, true
		}
		p, ok := x.(Param)
		if !ok || p.V == nil || (i > 0 && lower != l.Lower) {
			return List{}, false
		}
		l.Lower = lower
		l.Values[i] = p.V
	}
	return l, true
}
