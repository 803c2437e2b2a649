package format

import (
	"strings"
)

// Attributes, arguments, expressions, literals and comments: the parts of
// a line the block parsers in cst.go are made of.

// attribute is prefix path arguments?  (prefix "@" or "@@").
func (p *parser) attribute(prefix string) (*attribute, bool) {
	save := p.pos
	if !p.lit(prefix) {
		return nil, false
	}
	if prefix == "@" && p.pos < len(p.src) && p.src[p.pos] == '@' {
		p.pos = save
		return nil, false
	}
	p.skipWS()
	path, ok := p.path()
	if !ok {
		p.pos = save
		return nil, false
	}
	a := &attribute{path: path, start: save}
	after := p.pos
	p.skipWS()
	if args, ok := p.argList(); ok {
		a.args = args
	} else {
		p.pos = after
	}
	a.end = p.pos
	return a, true
}

// argList is "(" (argument ("," argument)*)? ","? ")".
func (p *parser) argList() (*argList, bool) {
	save := p.pos
	if !p.lit("(") {
		return nil, false
	}
	l := &argList{}
	p.skipWS()
	if p.lit(")") {
		return l, true
	}
	for {
		p.skipWS()
		a, ok := p.argument()
		if !ok {
			break
		}
		l.args = append(l.args, a)
		p.skipWS()
		if !p.lit(",") {
			break
		}
		p.skipWS()
		if p.pos < len(p.src) && p.src[p.pos] == ')' { // trailing comma
			break
		}
	}
	p.skipWS()
	if !p.lit(")") {
		p.pos = save
		return nil, false
	}
	return l, true
}

func (p *parser) argument() (*arg, bool) {
	save := p.pos
	if name, ok := p.ident(); ok {
		p.skipWS()
		if p.lit(":") {
			p.skipWS()
			if e, ok := p.expression(); ok {
				return &arg{name: name, value: e}, true
			}
			return &arg{name: name}, true // empty argument
		}
	}
	p.pos = save
	e, ok := p.expression()
	if !ok {
		return nil, false
	}
	return &arg{value: e}, true
}

// expression is function_call | array | number | string | path.
func (p *parser) expression() (*expr, bool) {
	save := p.pos
	if path, ok := p.path(); ok {
		after := p.pos
		p.skipWS()
		if args, ok := p.argList(); ok {
			return &expr{kind: exprCall, text: path, args: args}, true
		}
		p.pos = after
		p.pos = save
	}
	if p.lit("[") {
		e := &expr{kind: exprArray}
		p.skipWS()
		if p.lit("]") {
			return e, true
		}
		for {
			p.skipWS()
			el, ok := p.expression()
			if !ok {
				p.pos = save
				return nil, false
			}
			e.elems = append(e.elems, el)
			p.skipWS()
			if p.lit("]") {
				return e, true
			}
			if !p.lit(",") {
				p.pos = save
				return nil, false
			}
		}
	}
	if p.lit("{") {
		e := &expr{kind: exprObject}
		p.skipWS()
		if p.lit("}") {
			return e, true
		}
		for {
			p.skipWS()
			k, ok := p.ident()
			if !ok {
				p.pos = save
				return nil, false
			}
			p.skipWS()
			if !p.lit(":") {
				p.pos = save
				return nil, false
			}
			p.skipWS()
			v, ok := p.expression()
			if !ok {
				p.pos = save
				return nil, false
			}
			e.keys = append(e.keys, k)
			e.elems = append(e.elems, v)
			p.skipWS()
			if p.lit("}") {
				return e, true
			}
			if !p.lit(",") {
				p.pos = save
				return nil, false
			}
		}
	}
	if n, ok := p.number(); ok {
		return &expr{kind: exprNumber, text: n}, true
	}
	if s, ok := p.stringLit(); ok {
		return &expr{kind: exprString, text: s}, true
	}
	if path, ok := p.path(); ok {
		return &expr{kind: exprPath, text: path}, true
	}
	return nil, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) number() (string, bool) {
	start := p.pos
	p.lit("-")
	d := p.pos
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == d {
		p.pos = start
		return "", false
	}
	if p.pos+1 < len(p.src) && p.src[p.pos] == '.' && isDigit(p.src[p.pos+1]) {
		p.pos++
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			p.pos++
		}
	}
	return p.src[start:p.pos], true
}

// stringLit is a JSON-like string; control characters end it unsuccessfully.
func (p *parser) stringLit() (string, bool) {
	start := p.pos
	if !p.lit(`"`) {
		return "", false
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\\':
			p.pos += 2
			if p.pos > len(p.src) {
				p.pos = start
				return "", false
			}
		case c == '"':
			p.pos++
			return p.src[start:p.pos], true
		case c < 0x20:
			p.pos = start
			return "", false
		default:
			p.pos++
		}
	}
	p.pos = start
	return "", false
}

// oneComment reads WHITESPACE* then a `///`, `//` or `/* */` comment.
func (p *parser) oneComment() (commentLine, bool) {
	save := p.pos
	p.skipWS()
	switch {
	case p.lit("///"):
		s := p.pos
		p.toLineEnd()
		return commentLine{kind: 1, content: p.src[s:p.pos]}, true
	case p.lit("//"):
		s := p.pos
		p.toLineEnd()
		return commentLine{kind: 0, content: p.src[s:p.pos]}, true
	case p.lit("/*"):
		s := p.pos - 2
		i := strings.Index(p.src[p.pos:], "*/")
		if i < 0 {
			p.pos = save
			return commentLine{}, false
		}
		p.pos += i + 2
		return commentLine{kind: 2, content: p.src[s:p.pos]}, true
	}
	p.pos = save
	return commentLine{}, false
}

func (p *parser) commentBlock() (*commentBlock, bool) {
	c := &commentBlock{}
	for {
		l, ok := p.oneComment()
		if !ok {
			break
		}
		c.lines = append(c.lines, l)
		p.newline()
	}
	return c, len(c.lines) > 0
}

// trailingComment returns the comment as written from its first slash.
func (p *parser) trailingComment() (string, bool) {
	start := p.pos
	if _, ok := p.oneComment(); !ok {
		return "", false
	}
	return p.src[start:p.pos], true
}
