package schema

import (
	"strconv"
	"unicode/utf8"
)

// rfc3339Error says why s is not an RFC 3339 date-time, in the words of the
// parser Prisma uses (chrono), or "" when it is one.
func rfc3339Error(s string) string {
	const (
		short   = "premature end of input"
		invalid = "input contains invalid characters"
		rangeE  = "input is out of range"
		long    = "trailing input"
	)
	i := 0
	num := func(n int, min, max int) string {
		if len(s)-i < n {
			for j := i; j < len(s); j++ {
				if s[j] < '0' || s[j] > '9' {
					return invalid
				}
			}
			return short
		}
		v := 0
		for j := 0; j < n; j++ {
			c := s[i+j]
			if c < '0' || c > '9' {
				return invalid
			}
			v = v*10 + int(c-'0')
		}
		i += n
		if v < min || v > max {
			return rangeE
		}
		return ""
	}
	lit := func(ok func(byte) bool) string {
		if i >= len(s) {
			return short
		}
		if !ok(s[i]) {
			return invalid
		}
		i++
		return ""
	}
	is := func(c byte) func(byte) bool { return func(b byte) bool { return b == c } }
	steps := []func() string{
		func() string { return num(4, 0, 9999) },
		func() string { return lit(is('-')) },
		func() string { return num(2, 1, 12) },
		func() string { return lit(is('-')) },
		func() string { return num(2, 1, 31) },
		func() string { return lit(func(b byte) bool { return b == 'T' || b == 't' || b == ' ' }) },
		func() string { return num(2, 0, 23) },
		func() string { return lit(is(':')) },
		func() string { return num(2, 0, 59) },
		func() string { return lit(is(':')) },
		func() string { return num(2, 0, 60) },
	}
	for _, st := range steps {
		if e := st(); e != "" {
			return e
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			if i >= len(s) {
				return short
			}
			return invalid
		}
	}
	if i >= len(s) {
		return short
	}
	switch s[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		i++
		if e := num(2, 0, 23); e != "" {
			return e
		}
		if e := lit(is(':')); e != "" {
			return e
		}
		if e := num(2, 0, 59); e != "" {
			return e
		}
	default:
		return invalid
	}
	if i < len(s) {
		return long
	}
	return ""
}

// jsonError says why s is not JSON, in the words of serde_json (which
// Prisma uses), or "" when it is valid.
func jsonError(s string) string {
	p := &jsonScan{s: s, line: 1}
	p.ws()
	if e := p.value(); e != "" {
		return e
	}
	p.ws()
	if p.i < len(s) {
		p.bump()
		return p.at("trailing characters")
	}
	return ""
}

type jsonScan struct {
	s         string
	i         int
	line, col int
}

// bump consumes one rune, tracking serde_json's line and column (the
// column of the last consumed character).
func (p *jsonScan) bump() {
	if p.s[p.i] == '\n' {
		p.line++
		p.col = 0
		p.i++
		return
	}
	_, n := utf8.DecodeRuneInString(p.s[p.i:])
	p.i += n
	p.col++
}

func (p *jsonScan) at(msg string) string {
	return msg + " at line " + strconv.Itoa(p.line) + " column " + strconv.Itoa(p.col)
}

func (p *jsonScan) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.bump()
	}
}

func (p *jsonScan) value() string {
	if p.i >= len(p.s) {
		return p.at("EOF while parsing a value")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.bump()
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.bump()
			return ""
		}
		for {
			if p.i >= len(p.s) {
				return p.at("EOF while parsing an object")
			}
			if p.s[p.i] != '"' {
				p.bump()
				return p.at("key must be a string")
			}
			p.bump()
			if e := p.str(); e != "" {
				return e
			}
			p.ws()
			if p.i >= len(p.s) {
				return p.at("EOF while parsing an object")
			}
			if p.s[p.i] != ':' {
				p.bump()
				return p.at("expected `:`")
			}
			p.bump()
			p.ws()
			if e := p.value(); e != "" {
				return e
			}
			p.ws()
			if p.i >= len(p.s) {
				return p.at("EOF while parsing an object")
			}
			switch p.s[p.i] {
			case ',':
				p.bump()
				p.ws()
				if p.i < len(p.s) && p.s[p.i] == '}' {
					p.bump()
					return p.at("trailing comma")
				}
			case '}':
				p.bump()
				return ""
			default:
				p.bump()
				return p.at("expected `,` or `}`")
			}
		}
	case c == '[':
		p.bump()
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.bump()
			return ""
		}
		for {
			if p.i >= len(p.s) {
				return p.at("EOF while parsing a list")
			}
			if e := p.value(); e != "" {
				return e
			}
			p.ws()
			if p.i >= len(p.s) {
				return p.at("EOF while parsing a list")
			}
			switch p.s[p.i] {
			case ',':
				p.bump()
				p.ws()
				if p.i < len(p.s) && p.s[p.i] == ']' {
					p.bump()
					return p.at("trailing comma")
				}
			case ']':
				p.bump()
				return ""
			default:
				p.bump()
				return p.at("expected `,` or `]`")
			}
		}
	case c == '"':
		p.bump()
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't' || c == 'f' || c == 'n':
		word := map[byte]string{'t': "true", 'f': "false", 'n': "null"}[c]
		for k := 0; k < len(word); k++ {
			if p.i >= len(p.s) {
				return p.at("EOF while parsing a value")
			}
			if p.s[p.i] != word[k] {
				p.bump()
				return p.at("expected ident")
			}
			p.bump()
		}
		return ""
	default:
		p.bump()
		return p.at("expected value")
	}
}

func (p *jsonScan) str() string {
	for {
		if p.i >= len(p.s) {
			return p.at("EOF while parsing a string")
		}
		c := p.s[p.i]
		p.bump()
		switch {
		case c == '"':
			return ""
		case c == '\\':
			if p.i >= len(p.s) {
				return p.at("EOF while parsing a string")
			}
			e := p.s[p.i]
			p.bump()
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for k := 0; k < 4; k++ {
					if p.i >= len(p.s) {
						return p.at("EOF while parsing a string")
					}
					h := p.s[p.i]
					p.bump()
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return p.at("invalid escape")
					}
				}
			default:
				return p.at("invalid escape")
			}
		case c < 0x20:
			return p.at("control character (\\u0000-\\u001F) found while parsing a string")
		}
	}
}

func (p *jsonScan) number() string {
	if p.s[p.i] == '-' {
		p.bump()
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.bump()
			n++
		}
		return n
	}
	if p.i >= len(p.s) {
		return p.at("EOF while parsing a value")
	}
	if p.s[p.i] == '0' {
		p.bump()
	} else if digits() == 0 {
		p.bump()
		return p.at("invalid number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.bump()
		if digits() == 0 {
			if p.i >= len(p.s) {
				return p.at("EOF while parsing a value")
			}
			p.bump()
			return p.at("invalid number")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.bump()
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.bump()
		}
		if digits() == 0 {
			if p.i >= len(p.s) {
				return p.at("EOF while parsing a value")
			}
			p.bump()
			return p.at("invalid number")
		}
	}
	return ""
}
