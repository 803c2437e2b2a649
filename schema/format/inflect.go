package format

import (
	"regexp"
	"strings"
	"unicode"
)

// The names Prisma's formatter gives the fields it adds come from the Rust
// inflector crate Prisma uses (cruet): camelCase of the model name, and its
// English plural for list fields. These reimplement its rules.

// camelCase lowers the first letter of each word but the second and later
// words' first letters, which it raises; separators (anything not a letter
// or digit) start a new word and are dropped, as does a digit.
func camelCase(s string) string {
	s = strings.TrimRightFunc(s, func(r rune) bool { return !isAlnumRune(r) })
	var b strings.Builder
	newWord, found := false, false
	last := ' '
	for _, c := range s {
		switch {
		case !isAlnumRune(c) && found:
			newWord = true
		case !found && !isAlnumRune(c):
			continue
		case unicode.IsNumber(c):
			found, newWord = true, true
			b.WriteRune(c)
		case newWord || (unicode.IsLower(last) && unicode.IsUpper(c)):
			found, newWord = true, false
			b.WriteRune(unicode.ToUpper(c))
		default:
			found = true
			last = c
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

func isAlnumRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// lowerFirst and upperFirst change only the first character (Prisma's own
// helpers for the inferred foreign-key names, e.g. userId).
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return string(unicode.ToLower(r[0])) + string(r[1:])
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

type pluralRule struct {
	re   *regexp.Regexp
	repl string
}

// pluralRules are tried last to first, as the inflector does.
var pluralRules = func() []pluralRule {
	src := [][2]string{
		{`(\w*)s$`, "s"},
		{`(\w*([^aeiou]ese))$`, ""},
		{`(\w*(ax|test))is$`, "es"},
		{`(\w*(alias|[^aou]us|tlas|gas|ris))$`, "es"},
		{`(\w*(e[mn]u))s?$`, "s"},
		{`(\w*([^l]ias|[aeiou]las|[emjzr]as|[iu]am))$`, ""},
		{`(\w*(alumn|syllab|octop|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat))(?:us|i)$`, "i"},
		{`(\w*(alumn|alg|vertebr))(?:a|ae)$`, "ae"},
		{`(\w*(seraph|cherub))(?:im)?$`, "im"},
		{`(\w*(her|at|gr))o$`, "oes"},
		{`(\w*(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor))(?:a|um)$`, "a"},
		{`(\w*(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat))(?:a|on)$`, "a"},
		{`(\w*)sis$`, "ses"},
		{`(\w*(kni|wi|li))fe$`, "ves"},
		{`(\w*(ar|l|ea|eo|oa|hoo))f$`, "ves"},
		{`(\w*([^aeiouy]|qu))y$`, "ies"},
		{`(\w*([^ch][ieo][ln]))ey$`, "ies"},
		{`(\w*(x|ch|ss|sh|zz)es)$`, ""},
		{`(\w*(x|ch|ss|sh|zz))$`, "es"},
		{`(\w*(matr|cod|mur|sil|vert|ind|append))(?:ix|ex)$`, "ices"},
		{`(\w*(m|l))(?:ice|ouse)$`, "ice"},
		{`(\w*(pe))(?:rson|ople)$`, "ople"},
		{`(\w*(child))(?:ren)?$`, "ren"},
		{`(\w*eaux)$`, ""},
	}
	out := make([]pluralRule, len(src))
	for i, s := range src {
		out[i] = pluralRule{regexp.MustCompile(s[0]), s[1]}
	}
	return out
}()

var pluralSpecial = map[string]string{
	"ox": "oxen", "man": "men", "woman": "women", "die": "dice", "yes": "yeses",
	"foot": "feet", "eave": "eaves", "goose": "geese", "tooth": "teeth", "quiz": "quizzes",
}

var uncountable = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`accommodation adulthood advertising advice aggression aid air aircraft alcohol
anger applause arithmetic assistance athletics bacon baggage beef biology blood botany bread butter carbon
cardboard cash chalk chaos chess crossroads countryside dancing deer dignity dirt dust economics education
electricity engineering enjoyment envy equipment ethics evidence evolution fame fiction flour flu food fuel fun
furniture gallows garbage garlic genetics gold golf gossip grammar gratitude grief guilt gymnastics happiness
hardware harm hate hatred health heat help homework honesty honey hospitality housework humour hunger hydrogen
ice importance inflation information innocence iron irony jam jewelry judo karate knowledge lack laughter lava
leather leisure lightning linguine linguini linguistics literature litter livestock logic loneliness luck
luggage macaroni machinery magic management mankind marble mathematics mayonnaise measles methane milk money
mud music mumps nature news nitrogen nonsense nurture nutrition obedience obesity oxygen pasta patience physics
poetry pollution poverty pride psychology publicity punctuation quartz racism relaxation reliability research
respect revenge rice rubbish rum safety scenery seafood seaside series shame sheep shopping sleep smoke smoking
snow soap software soil spaghetti species steam stuff stupidity sunshine symmetry tennis thirst thunder timber
traffic transportation trust underwear unemployment unity validity veal vegetation vegetarianism vengeance
violence vitality warmth wealth weather welfare wheat wildlife wisdom yoga zinc zoology`) {
		m[w] = true
	}
	return m
}()

// plural is the inflector's English plural.
func plural(s string) string {
	if i := strings.LastIndexAny(s, "-_"); i >= 0 {
		if i == len(s)-1 {
			return s
		}
		return s[:i+1] + plural(s[i+1:])
	}
	if uncountable[s] {
		return s
	}
	if p, ok := pluralSpecial[s]; ok {
		return p
	}
	for i := len(pluralRules) - 1; i >= 0; i-- {
		if m := pluralRules[i].re.FindStringSubmatch(s); m != nil {
			return m[1] + pluralRules[i].repl
		}
	}
	return s + "s"
}
