// Package names is the one table of the snake_case spellings the Python
// API accepts for Prisma's camelCase keys inside argument dicts
// (`not_in` for `notIn`, `in_` for `in`...; the API contract's Names
// section). The query engine reads keys through Canonical; the code
// generator declares every spelling in the generated TypedDicts through
// Snake, so a key the types offer is a key the engine takes, and the other
// way round. Model field names are never rewritten: callers apply these
// only to keys that are not fields.
package names

// aliases lists, per Prisma key, the other spellings accepted for it, in
// the order the generated types declare them.
var aliases = []struct {
	key   string
	snake []string
}{
	{"in", []string{"in_"}},
	{"notIn", []string{"not_in"}},
	{"not", []string{"not_"}},
	{"is", []string{"is_"}},
	{"isNot", []string{"is_not"}},
	{"startsWith", []string{"startswith", "starts_with"}},
	{"endsWith", []string{"endswith", "ends_with"}},
	{"orderBy", []string{"order_by"}},
	{"connectOrCreate", []string{"connect_or_create"}},
	{"createMany", []string{"create_many"}},
	{"updateMany", []string{"update_many"}},
	{"deleteMany", []string{"delete_many"}},
	{"skipDuplicates", []string{"skip_duplicates"}},
	{"hasEvery", []string{"has_every"}},
	{"hasSome", []string{"has_some"}},
	{"isEmpty", []string{"is_empty"}},
	{"AND", []string{"and_"}},
	{"OR", []string{"or_"}},
}

var (
	canonical = map[string]string{}
	snake     = map[string][]string{}
)

func init() {
	for _, a := range aliases {
		snake[a.key] = a.snake
		for _, s := range a.snake {
			canonical[s] = a.key
		}
	}
}

// Canonical is Prisma's key for k: k itself unless k is one of the
// accepted snake_case spellings.
func Canonical(k string) string {
	if c, ok := canonical[k]; ok {
		return c
	}
	return k
}

// Snake lists the other spellings accepted for Prisma's key (nil if none).
func Snake(key string) []string { return snake[key] }
