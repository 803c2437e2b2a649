package history

import (
	"strings"
)

// Statement is one statement of a migration script.
type Statement struct {
	SQL   string   // the text, comments included, without the final ";"
	Words []string // its first keywords, upper-cased, comments skipped
}

// Empty: the statement holds only comments and white space.
func (s Statement) Empty() bool { return len(s.Words) == 0 }

// TransactionControl reports statements that begin or end a transaction
// (BEGIN, START TRANSACTION, COMMIT, END): Prisma's PostgreSQL enum
// migrations wrap their steps in BEGIN; ... COMMIT;. Inside the transaction
// that already wraps the whole script they are left out — the script
// stays atomic, as its author meant — instead of committing half of it.
func (s Statement) TransactionControl() bool {
	if len(s.Words) == 0 {
		return false
	}
	switch s.Words[0] {
	case "BEGIN", "COMMIT", "END":
		// BEGIN ATOMIC / END as a block would never start a statement.
		return true
	case "START":
		return len(s.Words) > 1 && s.Words[1] == "TRANSACTION"
	}
	return false
}

// Split cuts a script into statements at the semicolons that are outside
// string literals ('...', "...", `...`, PostgreSQL $tag$...$tag$ and
// E'...'), comments (--, /* */, and # where backslashEscapes, i.e. MySQL)
// and the BEGIN ... END bodies of CREATE TRIGGER / PROCEDURE / FUNCTION /
// EVENT. backslashEscapes: a backslash escapes the next character inside
// quotes (MySQL).
func Split(script string, backslashEscapes bool) []Statement {
	var (
		out      []Statement
		start    = 0
		words    []string
		depth    = 0 // BEGIN/CASE ... END nesting inside a compound body
		compound = false
		skipNext = false // the word after END (IF, LOOP, CASE...)
	)
	flush := func(end int) {
		out = append(out, Statement{SQL: strings.TrimSpace(script[start:end]), Words: words})
		words, depth, compound, skipNext = nil, 0, false, false
	}
	n := len(script)
	for i := 0; i < n; {
		c := script[i]
		switch {
		case c == '-' && i+1 < n && script[i+1] == '-', c == '#' && backslashEscapes:
			for i < n && script[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && script[i+1] == '*':
			end := strings.Index(script[i+2:], "*/")
			if end < 0 {
				i = n
			} else {
				i += 2 + end + 2
			}
		case c == '\'' || c == '"' || c == '`':
			esc := backslashEscapes && c != '`'
			if c == '\'' && i > 0 && (script[i-1] == 'E' || script[i-1] == 'e') && (i < 2 || !identByte(script[i-2])) {
				esc = true // PostgreSQL E'...'
			}
			i = skipQuoted(script, i, c, esc)
		case c == '$' && (i == 0 || !identByte(script[i-1])):
			if end := dollarEnd(script, i); end > 0 {
				i = end
			} else {
				i++
			}
		case c == ';':
			if compound && depth > 0 {
				i++
				continue
			}
			flush(i)
			i++
			start = i
		case identStart(c):
			j := i
			for j < n && identByte(script[j]) {
				j++
			}
			w := strings.ToUpper(script[i:j])
			if len(words) < 8 {
				words = append(words, w)
			}
			if len(words) > 0 && words[0] == "CREATE" && !compound {
				switch w {
				case "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT":
					compound = true
				}
			}
			if compound {
				switch {
				case skipNext:
					skipNext = false
				case w == "BEGIN" || w == "CASE":
					depth++
				case w == "END":
					next := nextWord(script, j)
					switch next {
					case "IF", "LOOP", "WHILE", "REPEAT":
						skipNext = true
					case "CASE":
						skipNext = true
						depth--
					default:
						depth--
					}
				}
			}
			i = j
		default:
			i++
		}
	}
	if strings.TrimSpace(script[start:]) != "" {
		flush(n)
	}
	return out
}

func identStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func identByte(c byte) bool { return identStart(c) || (c >= '0' && c <= '9') || c == '$' }

// skipQuoted returns the index after the literal opened by q at i; a
// doubled quote is an escaped quote.
func skipQuoted(s string, i int, q byte, backslash bool) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if backslash {
				i++
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

// dollarEnd returns the index after a $tag$...$tag$ literal starting at i,
// or 0 when i does not open one.
func dollarEnd(s string, i int) int {
	j := i + 1
	for j < len(s) && s[j] != '$' {
		if !(identStart(s[j]) || (j > i+1 && s[j] >= '0' && s[j] <= '9')) {
			return 0
		}
		j++
	}
	if j >= len(s) {
		return 0
	}
	tag := s[i : j+1]
	end := strings.Index(s[j+1:], tag)
	if end < 0 {
		return len(s)
	}
	return j + 1 + end + len(tag)
}

// nextWord is the next keyword after i, skipping white space.
func nextWord(s string, i int) string {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	j := i
	for j < len(s) && identByte(s[j]) {
		j++
	}
	return strings.ToUpper(s[i:j])
}
