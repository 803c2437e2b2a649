package history

import (
	"regexp"
	"strings"
)

// MaxNameLength is the longest migration name Prisma's CLI keeps.
const MaxNameLength = 200

// Slug turns a --name into the name part of a migration folder as Prisma's
// CLI does (sindresorhus/slugify with "_" as separator, then cut to 200
// characters): transliteration (ä→ae, ß→ss, accents stripped), & → and,
// camelCase split into words, lower-case, every other run of characters
// that are not a-z or 0-9 becomes one "_", none at the ends.
//
//	"Add bio & comments" → add_bio_and_comments
//	"AddUserTable"       → add_user_table
//	"Größe ändern"       → groesse_aendern
//	"v2.0 release!"      → v2_0_release
func Slug(name string) string {
	s := transliterate(name)
	s = decamelize(s)
	s = strings.ToLower(s)
	s = nonSlug.ReplaceAllString(s, "_")
	s = strings.Trim(s, "_")
	if len(s) > MaxNameLength {
		s = strings.TrimRight(s[:MaxNameLength], "_")
	}
	return s
}

var (
	nonSlug = regexp.MustCompile(`[^a-z0-9]+`)
	camel   = []struct {
		re   *regexp.Regexp
		repl string
	}{
		{regexp.MustCompile(`([A-Z]{2,})(\d+)`), "$1 $2"},
		{regexp.MustCompile(`([a-z\d]+)([A-Z]{2,})`), "$1 $2"},
		{regexp.MustCompile(`([a-z\d])([A-Z])`), "$1 $2"},
		// [a-rt-z]: every lower-case letter but s, so that APIs stays one word.
		{regexp.MustCompile(`([A-Z]+)([A-Z][a-rt-z\d]+)`), "$1 $2"},
	}
)

func decamelize(s string) string {
	for _, c := range camel {
		s = c.re.ReplaceAllString(s, c.repl)
	}
	return s
}

// translit holds slugify's replacements (German umlauts as two letters,
// ligatures, & as a word) and the Latin letters whose accents NFD
// decomposition would strip.
var translit = func() map[rune]string {
	m := map[rune]string{
		'&': " and ", '♥': " love ", '🦄': " unicorn ",
		'ä': "ae", 'Ä': "Ae", 'ö': "oe", 'Ö': "Oe", 'ü': "ue", 'Ü': "Ue", 'ß': "ss", 'ẞ': "SS",
		'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ø': "o", 'Ø': "O", 'đ': "d", 'Đ': "D",
		'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "TH", 'ł': "l", 'Ł': "L", 'ı': "i", 'ħ': "h", 'Ħ': "H",
	}
	groups := map[string]string{
		"a": "àáâãåāăąǎ", "A": "ÀÁÂÃÅĀĂĄǍ", "c": "çćĉċč", "C": "ÇĆĈĊČ", "d": "ď", "D": "Ď",
		"e": "èéêëēĕėęě", "E": "ÈÉÊËĒĔĖĘĚ", "g": "ĝğġģ", "G": "ĜĞĠĢ", "h": "ĥ", "H": "Ĥ",
		"i": "ìíîïĩīĭįǐ", "I": "ÌÍÎÏĨĪĬĮİǏ", "j": "ĵ", "J": "Ĵ", "k": "ķ", "K": "Ķ",
		"l": "ĺļľŀ", "L": "ĹĻĽĿ", "n": "ñńņňŉ", "N": "ÑŃŅŇ", "o": "òóôõōŏőǒ", "O": "ÒÓÔÕŌŎŐǑ",
		"r": "ŕŗř", "R": "ŔŖŘ", "s": "śŝşšș", "S": "ŚŜŞŠȘ", "t": "ţťŧț", "T": "ŢŤŦȚ",
		"u": "ùúûũūŭůűųǔ", "U": "ÙÚÛŨŪŬŮŰŲǓ", "w": "ŵ", "W": "Ŵ", "y": "ýÿŷ", "Y": "ÝŶŸ",
		"z": "źżž", "Z": "ŹŻŽ",
	}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

func transliterate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
		} else if r >= 0x300 && r <= 0x36f {
			// a combining accent of a decomposed letter: dropped
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
