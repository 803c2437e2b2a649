package ast

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// TokKind classifies a token.
type TokKind int

const (
	TokEOF TokKind = iota
	TokIdent
	TokString
	TokNumber
	TokDoc // a `///` comment; Text is the comment without the slashes
	TokLBrace
	TokRBrace
	TokLParen
	TokRParen
	TokLBrack
	TokRBrack
	TokComma
	TokColon
	TokEquals
	TokAt   // @
	TokAtAt // @@
	TokQuestion
	TokDot
	TokIllegal
)

var tokNames = [...]string{
	TokEOF: "end of file", TokIdent: "identifier", TokString: "string", TokNumber: "number",
	TokDoc: "doc comment", TokLBrace: "`{`", TokRBrace: "`}`", TokLParen: "`(`", TokRParen: "`)`",
	TokLBrack: "`[`", TokRBrack: "`]`", TokComma: "`,`", TokColon: "`:`", TokEquals: "`=`",
	TokAt: "`@`", TokAtAt: "`@@`", TokQuestion: "`?`", TokDot: "`.`", TokIllegal: "character",
}

func (k TokKind) String() string { return tokNames[k] }

// Token is one lexeme. NL reports whether a line break separates it from the
// previous token: the grammar is line-oriented (one field per line), and the
// parser uses NL to end declarations and to recover after errors.
type Token struct {
	Kind TokKind
	NL   bool
	Text string // identifier/number text, unescaped string value, doc text
	// BadEscape marks a string with an escape Prisma does not know.
	BadEscape bool
	Start     Pos
	End       Pos
}

// lexer turns source text into tokens. It works on bytes and counts runes
// only for columns, which keeps it fast on large schemas.
type lexer struct {
	src  string
	off  int
	line int
	col  int
	nl   bool
	file int
	// badEscape is set when the string being read has an unknown escape.
	badEscape bool
	err       func(Pos, string) // reports unterminated strings and illegal characters
}

func newLexer(src string, file int, err func(Pos, string)) *lexer {
	l := &lexer{src: src, line: 1, col: 1, nl: true, file: file, err: err}
	if strings.HasPrefix(src, "\uFEFF") {
		l.off = len("\uFEFF") // editors on Windows like to write a BOM
	}
	return l
}

func (l *lexer) pos() Pos { return Pos{Offset: l.off, Line: l.line, Col: l.col, File: l.file} }

// advance moves over n bytes that contain no newline.
func (l *lexer) advance(n int) {
	seg := l.src[l.off : l.off+n]
	l.off += n
	l.col += utf8.RuneCountInString(seg)
}

// letterAt returns the byte length of the non-ASCII letter or digit at i,
// or 0: Prisma names may hold any Unicode letter ("név").
func (l *lexer) letterAt(i int) int {
	if l.src[i] < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeRuneInString(l.src[i:])
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return n
	}
	return 0
}

// isIdentStart: Prisma's identifiers start with a letter; a leading
// underscore makes the line unreadable.
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c == '_' || c >= '0' && c <= '9' || c == '-'
}

// next returns the next token, skipping blanks and `//` comments.
func (l *lexer) next() Token {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == '\n':
			l.off++
			l.line++
			l.col = 1
			l.nl = true
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.off++
			l.col++
			continue
		case c == '/' && strings.HasPrefix(l.src[l.off:], "//"):
			end := strings.IndexByte(l.src[l.off:], '\n')
			if end < 0 {
				end = len(l.src) - l.off
			}
			if strings.HasPrefix(l.src[l.off:], "///") {
				start := l.pos()
				text := l.src[l.off+3 : l.off+end]
				l.advance(end)
				text = strings.TrimSuffix(text, "\r")
				text = strings.TrimPrefix(text, " ")
				return l.tok(TokDoc, text, start)
			}
			l.advance(end)
			continue
		}
		break
	}
	start := l.pos()
	if l.off >= len(l.src) {
		return l.tok(TokEOF, "", start)
	}
	c := l.src[l.off]
	switch {
	case isIdentStart(c) || c >= utf8.RuneSelf && l.letterAt(l.off) > 0:
		i := l.off
		for i < len(l.src) {
			if isIdentPart(l.src[i]) {
				i++
			} else if n := l.letterAt(i); n > 0 {
				i += n
			} else {
				break
			}
		}
		text := l.src[l.off:i]
		l.advance(i - l.off)
		return l.tok(TokIdent, text, start)
	case c >= '0' && c <= '9' || c == '-' && l.off+1 < len(l.src) && l.src[l.off+1] >= '0' && l.src[l.off+1] <= '9':
		// Prisma's numbers are -?digits(.digits)?; a name may start with
		// digits ("1User"), which the resolver then rejects by name.
		i := l.off + 1
		for i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '9' {
			i++
		}
		if c != '-' && i < len(l.src) && isIdentPart(l.src[i]) {
			for i < len(l.src) && isIdentPart(l.src[i]) {
				i++
			}
			text := l.src[l.off:i]
			l.advance(i - l.off)
			return l.tok(TokIdent, text, start)
		}
		if i+1 < len(l.src) && l.src[i] == '.' && l.src[i+1] >= '0' && l.src[i+1] <= '9' {
			i++
			for i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '9' {
				i++
			}
		}
		text := l.src[l.off:i]
		l.advance(i - l.off)
		return l.tok(TokNumber, text, start)
	case c == '"':
		return l.lexString(start)
	}
	var k TokKind
	n := 1
	switch c {
	case '{':
		k = TokLBrace
	case '}':
		k = TokRBrace
	case '(':
		k = TokLParen
	case ')':
		k = TokRParen
	case '[':
		k = TokLBrack
	case ']':
		k = TokRBrack
	case ',':
		k = TokComma
	case ':':
		k = TokColon
	case '=':
		k = TokEquals
	case '?':
		k = TokQuestion
	case '.':
		k = TokDot
	case '@':
		k = TokAt
		if l.off+1 < len(l.src) && l.src[l.off+1] == '@' {
			k, n = TokAtAt, 2
		}
	default:
		_, n = utf8.DecodeRuneInString(l.src[l.off:])
		text := l.src[l.off : l.off+n]
		l.advance(n)
		l.err(start, "Unexpected character `"+text+"`.")
		return l.tok(TokIllegal, text, start)
	}
	l.advance(n)
	return l.tok(k, l.src[start.Offset:l.off], start)
}

func (l *lexer) tok(k TokKind, text string, start Pos) Token {
	t := Token{Kind: k, NL: l.nl, Text: text, Start: start, End: l.pos()}
	l.nl = false
	return t
}

const escapeMsg = "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`."

// lexString reads a double-quoted string with JSON-like escapes. A string
// cannot span lines; an unterminated one ends at the line break.
func (l *lexer) lexString(start Pos) Token {
	l.badEscape = false
	l.advance(1)
	var b strings.Builder
	plain := l.off
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch c {
		case '"':
			b.WriteString(l.src[plain:l.off])
			l.advance(1)
			t := l.tok(TokString, b.String(), start)
			t.BadEscape = l.badEscape
			return t
		case '\n':
			b.WriteString(l.src[plain:l.off])
			l.err(start, "This string is not terminated: `\"` is missing.")
			return l.tok(TokIllegal, b.String(), start)
		case '\\':
			b.WriteString(l.src[plain:l.off])
			if l.off+1 >= len(l.src) {
				l.advance(1)
				plain = l.off
				continue
			}
			e := l.src[l.off+1]
			if e == '\n' {
				// A string cannot span lines, escaped or not.
				l.advance(1)
				l.err(start, "This string is not terminated: `\"` is missing.")
				return l.tok(TokIllegal, b.String(), start)
			}
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'u':
				if l.off+6 <= len(l.src) {
					if r, ok := parseHex4(l.src[l.off+2 : l.off+6]); ok {
						// A surrogate pair (\uD83D\uDE80) is one character, as in JSON.
						if utf16.IsSurrogate(r) && l.off+12 <= len(l.src) && l.src[l.off+6:l.off+8] == `\u` {
							if lo, ok := parseHex4(l.src[l.off+8 : l.off+12]); ok {
								if pair := utf16.DecodeRune(r, lo); pair != utf8.RuneError {
									b.WriteRune(pair)
									l.advance(12)
									plain = l.off
									continue
								}
							}
						}
						b.WriteRune(r)
						l.advance(6)
						plain = l.off
						continue
					}
				}
				b.WriteString(`\u`)
			default:
				// Prisma rejects the escape but keeps reading.
				l.err(l.pos(), escapeMsg)
				l.badEscape = true
				b.WriteByte('\\')
				b.WriteByte(e)
			}
			l.advance(2)
			plain = l.off
		default:
			l.off++
			if c < utf8.RuneSelf {
				l.col++
			} else if c&0xC0 != 0x80 {
				l.col++
			}
		}
	}
	b.WriteString(l.src[plain:l.off])
	l.err(start, "This string is not terminated: `\"` is missing.")
	return l.tok(TokIllegal, b.String(), start)
}

func parseHex4(s string) (rune, bool) {
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
