package format

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// parser is a cursor over one file's text. Each parse method either
// consumes what it recognises and returns ok, or leaves the cursor where it
// was.
type parser struct {
	src string
	pos int
}

func parseFile(src string) []topNode {
	p := &parser{src: src}
	var nodes []topNode
	for {
		p.skipWS()
		if p.pos >= len(p.src) {
			return nodes
		}
		if n, ok := p.parseTop(); ok {
			nodes = append(nodes, n)
			continue
		}
		// CATCH_ALL: the rest of the line and its newline.
		start := p.pos
		p.toLineEnd()
		p.newline()
		nodes = append(nodes, topNode{kind: topRaw, raw: p.src[start:p.pos]})
	}
}

func (p *parser) parseTop() (topNode, bool) {
	save := p.pos
	for _, kw := range []string{"model", "type", "view", "enum", "datasource", "generator"} {
		if b, ok := p.parseBlock(kw); ok {
			return topNode{kind: topBlock, block: b}, true
		}
		p.pos = save
	}
	if p.typeAlias() || p.arbitraryBlock() {
		return topNode{kind: topRaw, raw: p.src[save:p.pos]}, true
	}
	p.pos = save
	if c, ok := p.commentBlock(); ok {
		return topNode{kind: topComment, comment: c}, true
	}
	if p.emptyLines() {
		return topNode{kind: topEmpty}, true
	}
	return topNode{}, false
}

// skipWS skips Prisma's WHITESPACE: tabs and Unicode space separators
// (not newlines, which end fields and attributes).
func (p *parser) skipWS() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == ' ' || c == '\t' {
			p.pos++
			continue
		}
		if c < utf8.RuneSelf {
			return
		}
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.Is(unicode.Zs, r) {
			return
		}
		p.pos += n
	}
}

func (p *parser) atNewline() bool {
	return p.pos < len(p.src) && (p.src[p.pos] == '\n' || p.src[p.pos] == '\r')
}

// newline consumes "\n", "\r\n" or "\r".
func (p *parser) newline() bool {
	if p.pos >= len(p.src) {
		return false
	}
	switch p.src[p.pos] {
	case '\n':
		p.pos++
		return true
	case '\r':
		p.pos++
		if p.pos < len(p.src) && p.src[p.pos] == '\n' {
			p.pos++
		}
		return true
	}
	return false
}

func (p *parser) toLineEnd() {
	for p.pos < len(p.src) && !p.atNewline() {
		p.pos++
	}
}

func (p *parser) lit(s string) bool {
	if strings.HasPrefix(p.src[p.pos:], s) {
		p.pos += len(s)
		return true
	}
	return false
}

// emptyLines is (WHITESPACE* NEWLINE)+.
func (p *parser) emptyLines() bool {
	n := 0
	for {
		save := p.pos
		p.skipWS()
		if !p.newline() {
			p.pos = save
			break
		}
		n++
	}
	return n > 0
}

// ident is a letter or digit, then letters, digits, "_" and "-" (letters
// may be any Unicode letter).
func (p *parser) ident() (string, bool) {
	start := p.pos
	first := true
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		ok := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !first {
			ok = ok || r == '_' || r == '-'
		}
		if !ok {
			break
		}
		first = false
		p.pos += n
	}
	if first {
		return "", false
	}
	return p.src[start:p.pos], true
}

// path is identifier ("." path?)*.
func (p *parser) path() (string, bool) {
	start := p.pos
	if _, ok := p.ident(); !ok {
		return "", false
	}
	for p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		p.ident()
	}
	return p.src[start:p.pos], true
}

// blockOpen is "{" followed by anything up to and including the newline.
func (p *parser) blockOpen() bool {
	if !p.lit("{") {
		return false
	}
	p.toLineEnd()
	return p.newline()
}

func (p *parser) parseBlock(kw string) (*block, bool) {
	start := p.pos
	if !p.lit(kw) {
		return nil, false
	}
	p.skipWS()
	name, ok := p.ident()
	if !ok {
		return nil, false
	}
	p.skipWS()
	if !p.blockOpen() {
		return nil, false
	}
	b := &block{keyword: kw, name: name, start: start}
	for {
		p.skipWS()
		if p.pos >= len(p.src) {
			return nil, false // no closing brace: not a block
		}
		if p.src[p.pos] == '}' {
			b.closeOff = p.pos
			p.pos++
			return b, true
		}
		b.items = append(b.items, p.blockItem(kw))
	}
}

// blockItem reads one element of a block body; it always consumes a line.
func (p *parser) blockItem(kw string) *item {
	save := p.pos
	switch kw {
	case "datasource", "generator":
		if it, ok := p.keyValue(); ok {
			return it
		}
	case "enum":
		if it, ok := p.enumValue(); ok {
			return it
		}
	default:
		if it, ok := p.field(); ok {
			return it
		}
	}
	p.pos = save
	if kw != "datasource" && kw != "generator" {
		if it, ok := p.blockAttribute(); ok {
			return it
		}
		p.pos = save
	}
	if c, ok := p.commentBlock(); ok {
		return &item{kind: itemComment, comment: c}
	}
	if p.emptyLines() {
		return &item{kind: itemEmpty}
	}
	start := p.pos
	p.toLineEnd()
	p.newline()
	return &item{kind: itemRaw, raw: strings.TrimRight(p.src[start:p.pos], "\n")}
}

// lineEnd accepts an optional trailing comment then the end of the line
// (or of the file, where Prisma's grammar wants a newline but a missing
// one only happens before a closing brace that cannot follow anyway).
func (p *parser) lineEnd(it *item) bool {
	p.skipWS()
	if c, ok := p.trailingComment(); ok {
		it.trailing = c
	}
	return p.newline()
}

func (p *parser) field() (*item, bool) {
	name, ok := p.ident()
	if !ok {
		return nil, false
	}
	it := &item{kind: itemField, name: name}
	p.skipWS()
	p.lit(":") // a Prisma 1 colon, dropped
	p.skipWS()
	if t, ok := p.fieldType(); ok {
		it.typ = t
	}
	for {
		p.skipWS()
		a, ok := p.attribute("@")
		if !ok {
			break
		}
		it.attrs = append(it.attrs, a)
	}
	if !p.lineEnd(it) {
		return nil, false
	}
	return it, true
}

func (p *parser) fieldType() (*fieldType, bool) {
	save := p.pos
	if p.lit("[") { // legacy list [T]
		p.skipWS()
		base, end, ok := p.baseType()
		if ok {
			p.skipWS()
			if p.lit("]") {
				return &fieldType{base: base, arity: "[]", end: end}, true
			}
		}
		p.pos = save
		return nil, false
	}
	base, end, ok := p.baseType()
	if !ok {
		return nil, false
	}
	t := &fieldType{base: base, end: end}
	after := p.pos
	p.skipWS()
	switch {
	case p.lit("[]"):
		t.arity = "[]"
		s2 := p.pos
		p.skipWS()
		if p.lit("?") {
			t.arity = "[]?"
		} else {
			p.pos = s2
		}
	case p.lit("?"):
		t.arity = "?"
	case p.lit("!"):
	default:
		p.pos = after
	}
	return t, true
}

func (p *parser) baseType() (string, int, bool) {
	start := p.pos
	if p.lit("Unsupported(") {
		p.skipWS()
		if _, ok := p.stringLit(); ok {
			p.skipWS()
			if p.lit(")") {
				return p.src[start:p.pos], p.pos, true
			}
		}
		p.pos = start
	}
	name, ok := p.ident()
	return name, p.pos, ok
}

func (p *parser) blockAttribute() (*item, bool) {
	a, ok := p.attribute("@@")
	if !ok {
		return nil, false
	}
	it := &item{kind: itemBlockAttr, attrs: []*attribute{a}}
	if !p.lineEnd(it) {
		return nil, false
	}
	return it, true
}

func (p *parser) enumValue() (*item, bool) {
	name, ok := p.ident()
	if !ok {
		return nil, false
	}
	it := &item{kind: itemEnumValue, name: name}
	for {
		p.skipWS()
		a, ok := p.attribute("@")
		if !ok {
			break
		}
		it.attrs = append(it.attrs, a)
	}
	if !p.lineEnd(it) {
		return nil, false
	}
	return it, true
}

func (p *parser) keyValue() (*item, bool) {
	name, ok := p.ident()
	if !ok {
		return nil, false
	}
	p.skipWS()
	if !p.lit("=") {
		return nil, false
	}
	p.skipWS()
	e, _ := p.expression() // Prisma's grammar lets the value be missing
	it := &item{kind: itemKeyValue, name: name, value: e}
	if !p.lineEnd(it) {
		return nil, false
	}
	return it, true
}

// typeAlias is `type Name = Base @attrs...`, kept as written.
func (p *parser) typeAlias() bool {
	save := p.pos
	if !p.lit("type") {
		return false
	}
	p.skipWS()
	if _, ok := p.ident(); !ok {
		p.pos = save
		return false
	}
	p.skipWS()
	if !p.lit("=") {
		p.pos = save
		return false
	}
	p.skipWS()
	if _, _, ok := p.baseType(); !ok {
		p.pos = save
		return false
	}
	for {
		s := p.pos
		p.skipWS()
		if _, ok := p.attribute("@"); !ok {
			p.pos = s
			break
		}
	}
	return true
}

// arbitraryBlock is `name {` ... `}` with no keyword, kept as written.
func (p *parser) arbitraryBlock() bool {
	save := p.pos
	if _, ok := p.ident(); !ok {
		return false
	}
	p.skipWS()
	if !p.blockOpen() {
		p.pos = save
		return false
	}
	i := strings.IndexByte(p.src[p.pos:], '}')
	if i < 0 {
		p.pos = save
		return false
	}
	p.pos += i + 1
	return true
}
