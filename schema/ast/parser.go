package ast

import "strings"

// The grammar is line-oriented, as Prisma's is: a block opens with
// `keyword Name {` alone on its line, holds one declaration per line and
// closes with a line starting with `}`. A line that does not parse is
// reported whole and skipped, so one typo costs one diagnostic and the rest
// of the file is still read. A block that is never closed is not a block:
// every line of it is reported as an unknown top-level line, as Prisma does.

// ptok is a token after doc comments have been folded into their neighbours:
// lead holds the `///` lines just before it, trail a `///` comment later on
// its own line (a trailing field comment).
type ptok struct {
	Token
	docs *docs // nil for almost every token
}

type docs struct {
	lead  []string
	trail string
}

func (t *ptok) lead() []string {
	if t.docs == nil {
		return nil
	}
	return t.docs.lead
}

func (t *ptok) trail() string {
	if t.docs == nil {
		return ""
	}
	return t.docs.trail
}

// Messages for lines that do not parse, in Prisma's words.
const (
	msgTopLine    = "Error validating: This line is invalid. It does not start with any known Prisma schema keyword."
	msgTopBlock   = "Error validating: This block is invalid. It does not start with any known Prisma schema keyword. Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'."
	msgModelLine  = "Error validating: This line is not a valid field or attribute definition."
	msgEnumLine   = "Error validating: This line is not an enum value definition."
	msgOptionList = "Optional lists are not supported. Use either `Type[]` or `Type?`."
)

// Parse parses one schema file. It never fails: syntax errors are collected
// in File.Errors and the tree holds everything that could be read.
func Parse(src, filename string) *File {
	return ParseIndexed(src, filename, 0)
}

// ParseIndexed parses the index-th file of a multi-file schema: every
// position it records carries that index.
func ParseIndexed(src, filename string, index int) *File {
	p := &parser{src: src, file: &File{Name: filename}, fileIdx: index}
	p.lexAll(src)
	p.parseFile()
	return p.file
}

type parser struct {
	src     string
	toks    []ptok
	i       int
	file    *File
	fileIdx int
	// lineStart is the index of the first token of the line being parsed.
	lineStart int
}

func (p *parser) lexAll(src string) {
	// Bad characters and unterminated strings surface as TokIllegal tokens,
	// which make their line fail; the lexer itself reports nothing.
	l := newLexer(src, p.fileIdx, func(pos Pos, msg string) {
		if msg == escapeMsg {
			end := pos
			end.Offset += 2
			end.Col += 2
			p.errSpan(Span{pos, end}, msg)
		}
	})
	p.toks = make([]ptok, 0, len(src)/4+16)
	var lead []string
	// A blank line cuts `///` lines off the top-level block below them, as
	// in Prisma; inside a block they still document the next field.
	depth, leadEnd := 0, 0
	for {
		t := l.next()
		if lead != nil && depth == 0 && blankLineBetween(src, leadEnd, t.Start.Offset) {
			lead = nil
		}
		switch t.Kind {
		case TokLBrace:
			depth++
		case TokRBrace:
			if depth > 0 {
				depth--
			}
		}
		if t.Kind == TokDoc {
			if !t.NL && len(p.toks) > 0 && lead == nil {
				last := &p.toks[len(p.toks)-1]
				if last.docs == nil {
					last.docs = &docs{}
				}
				if last.docs.trail != "" {
					last.docs.trail += "\n"
				}
				last.docs.trail += t.Text
				continue
			}
			lead = append(lead, t.Text)
			leadEnd = t.End.Offset
			continue
		}
		pt := ptok{Token: t}
		if lead != nil {
			pt.docs = &docs{lead: lead}
		}
		p.toks = append(p.toks, pt)
		lead = nil
		if t.Kind == TokEOF {
			return
		}
	}
}

// blankLineBetween reports whether src[from:to] holds a line with nothing
// but blanks (a `//` comment line is not blank).
func blankLineBetween(src string, from, to int) bool {
	if from < 0 || to > len(src) || from >= to {
		return false
	}
	lines := strings.Split(src[from:to], "\n")
	if len(lines) < 3 {
		return false // no whole line between them
	}
	for _, l := range lines[1 : len(lines)-1] {
		if strings.TrimSpace(l) == "" {
			return true
		}
	}
	return false
}

func (p *parser) peek() *ptok { return &p.toks[p.i] }

func (p *parser) peekAt(n int) *ptok {
	if p.i+n >= len(p.toks) {
		return &p.toks[len(p.toks)-1]
	}
	return &p.toks[p.i+n]
}

func (p *parser) advance() *ptok {
	t := &p.toks[p.i]
	if t.Kind != TokEOF {
		p.i++
	}
	return t
}

// prevEnd is where the last consumed token ends.
func (p *parser) prevEnd() Pos {
	if p.i == 0 {
		return Pos{Line: 1, Col: 1, File: p.fileIdx}
	}
	return p.toks[p.i-1].End
}

// onLine reports whether the current token continues the line being parsed.
func (p *parser) onLine() bool {
	t := p.peek()
	return t.Kind != TokEOF && !t.NL
}

// atLineEnd reports whether the line being parsed is complete.
func (p *parser) atLineEnd() bool { return !p.onLine() }

// take consumes the current token when it is of kind k on the current line.
func (p *parser) take(k TokKind) (*ptok, bool) {
	if !p.onLine() || p.peek().Kind != k {
		return nil, false
	}
	return p.advance(), true
}

// skipLine drops the rest of the current line.
func (p *parser) skipLine() {
	for p.onLine() {
		p.advance()
	}
}

// lineSpan is the source line from token index start, through its line
// break: the span Prisma marks for a line it could not read.
func (p *parser) lineSpan(start int) Span {
	first := p.toks[start].Start
	last := first
	for i := start; i < len(p.toks); i++ {
		t := p.toks[i]
		if t.Kind == TokEOF || (i > start && t.NL) {
			break
		}
		last = t.End
	}
	end := last
	if nl := strings.IndexByte(p.src[last.Offset:], '\n'); nl >= 0 {
		end = Pos{Offset: last.Offset + nl + 1, Line: last.Line + 1, Col: 1, File: p.fileIdx}
	} else {
		end = Pos{Offset: len(p.src), Line: last.Line, Col: last.Col, File: p.fileIdx}
	}
	return Span{first, end}
}

func (p *parser) errSpan(sp Span, msg string) {
	p.file.Errors = append(p.file.Errors, Error{Pos: sp.Start, End: sp.End, Message: msg})
}

// failLine reports the line that started at token index start and skips
// what is left of it.
func (p *parser) failLine(start int, msg string) {
	p.errSpan(p.lineSpan(start), msg)
	if p.i < start {
		p.i = start
	}
	if p.i == start {
		p.advance()
	}
	p.skipLine()
}

func ident(t *ptok) Ident {
	return Ident{Name: t.Text, Span: Span{t.Start, t.End}}
}

func docOf(t *ptok) string { return strings.Join(t.lead(), "\n") }

func isBlockKeyword(s string) bool {
	switch s {
	case "model", "enum", "datasource", "generator", "view", "type":
		return true
	}
	return false
}

func (p *parser) parseFile() {
	for {
		t := p.peek()
		if t.Kind == TokEOF {
			return
		}
		start := p.i
		if t.Kind == TokIdent && p.peekAt(1).Kind == TokLBrace && !p.peekAt(1).NL {
			p.splitKeyword(t)
			t = p.peek()
		}
		if t.Kind == TokIdent && isBlockKeyword(t.Text) && p.peekAt(1).Kind == TokIdent && !p.peekAt(1).NL &&
			p.peekAt(2).Kind == TokLBrace && !p.peekAt(2).NL {
			nerr := len(p.file.Errors)
			if b := p.parseBlock(); b != nil {
				p.file.Blocks = append(p.file.Blocks, b)
				continue
			}
			// Never closed: not a block. Every line from its header on
			// is an unknown top-level line.
			p.file.Errors = p.file.Errors[:nerr]
			p.i = start
			for p.peek().Kind != TokEOF {
				p.failLine(p.i, msgTopLine)
			}
			return
		}
		if t.Kind == TokIdent && p.peekAt(1).Kind == TokLBrace && !p.peekAt(1).NL {
			if p.arbitraryBlock(start) {
				continue
			}
		}
		p.failLine(start, msgTopLine)
	}
}

// arbitraryBlock reports `name { ... }` with an unknown keyword as one
// invalid block, through its closing brace; false when it never closes.
func (p *parser) arbitraryBlock(start int) bool {
	i := start + 2
	for ; i < len(p.toks); i++ {
		t := p.toks[i]
		if t.Kind == TokEOF {
			return false
		}
		if t.NL && t.Kind == TokRBrace {
			break
		}
	}
	end := p.toks[i]
	p.errSpan(Span{p.toks[start].Start, end.End}, msgTopBlock)
	p.i = i + 1
	p.skipLine()
	return true
}

// parseBlock reads a block whose header is current; nil when the file ends
// before its closing brace.
func (p *parser) parseBlock() Block {
	kw := p.advance()
	name := ident(p.advance())
	p.advance()  // {
	p.skipLine() // Prisma ignores what follows the brace on the header line
	doc := docOf(kw)
	var m *Model
	var e *Enum
	var c *Config
	switch kw.Text {
	case "model", "view", "type":
		m = &Model{Keyword: kw.Text, Name: name, Doc: doc}
	case "enum":
		e = &Enum{Name: name, Doc: doc}
	default:
		c = &Config{Keyword: kw.Text, Name: name, Doc: doc}
	}
	for {
		t := p.peek()
		switch {
		case t.Kind == TokEOF:
			return nil
		case t.Kind == TokRBrace:
			p.advance()
			sp := Span{kw.Start, t.End}
			if p.onLine() {
				// Text after the closing brace is a line of its own.
				p.errSpan(p.lineSpan(p.i), msgTopLine)
				p.skipLine()
			}
			switch {
			case m != nil:
				m.Span = sp
				return m
			case e != nil:
				e.Span = sp
				return e
			}
			c.Span = sp
			return c
		}
		p.lineStart = p.i
		switch {
		case m != nil:
			p.modelLine(m)
		case e != nil:
			p.enumLine(e)
		default:
			p.configLine(c)
		}
	}
}

func (p *parser) modelLine(m *Model) {
	start := p.i
	t := p.peek()
	switch t.Kind {
	case TokAtAt:
		a := p.parseAttribute()
		if a == nil || !p.atLineEnd() {
			p.failLine(start, msgModelLine)
			return
		}
		m.Attrs = append(m.Attrs, a)
	case TokIdent:
		f, ok := p.parseField(m)
		if !ok {
			return
		}
		if f == nil || !p.atLineEnd() {
			p.failLine(start, msgModelLine)
			return
		}
		m.Fields = append(m.Fields, f)
	default:
		p.failLine(start, msgModelLine)
	}
}

// parseField reads a field line. ok is false when the line was already
// reported (a name without a type); f is nil when the line does not parse.
func (p *parser) parseField(m *Model) (f *Field, ok bool) {
	start := p.i
	nt := p.advance()
	f = &Field{Name: ident(nt), Doc: docOf(nt)}
	colon, hasColon := p.take(TokColon)
	if p.atLineEnd() || p.peek().Kind == TokAt && p.onlyAttributes() {
		what := "model"
		switch m.Keyword {
		case "view":
			what = "view"
		case "type":
			what = "composite type"
		}
		p.errSpan(p.lineSpan(start), "Error validating "+what+" \""+m.Name.Name+"\": This field declaration is invalid. It is either missing a name or a type.")
		p.skipLine()
		return nil, false
	}
	tt, isIdent := p.take(TokIdent)
	if !isIdent {
		return nil, true
	}
	f.Type = ident(tt)
	if p.onLine() && p.peek().Kind == TokLParen {
		args, good := p.parseArgList()
		if !good {
			return nil, true
		}
		f.TypeArgs = args
	}
	if _, q := p.take(TokQuestion); q {
		f.Arity = Optional
	} else if _, lb := p.take(TokLBrack); lb {
		if _, rb := p.take(TokRBrack); !rb {
			return nil, true
		}
		f.Arity = List
		if q, isQ := p.take(TokQuestion); isQ {
			p.errSpan(Span{f.Name.Span.Start, q.End}, msgOptionList)
		}
	}
	for p.onLine() && p.peek().Kind == TokAt {
		a := p.parseAttribute()
		if a == nil {
			return nil, true
		}
		f.Attrs = append(f.Attrs, a)
	}
	f.Span = Span{nt.Start, p.prevEnd()}
	if hasColon && p.atLineEnd() {
		p.errSpan(Span{colon.Start, colon.End}, "Field declarations don't require a `:`.")
	}
	if tr := p.toks[p.i-1].trail(); tr != "" {
		if f.Doc != "" {
			f.Doc += "\n"
		}
		f.Doc += tr
	}
	return f, true
}

func (p *parser) enumLine(e *Enum) {
	start := p.i
	t := p.peek()
	switch t.Kind {
	case TokAtAt:
		a := p.parseAttribute()
		if a == nil || !p.atLineEnd() {
			p.failLine(start, msgEnumLine)
			return
		}
		e.Attrs = append(e.Attrs, a)
	case TokIdent:
		p.advance()
		v := &EnumValue{Name: ident(t), Doc: docOf(t)}
		for p.onLine() && p.peek().Kind == TokAt {
			a := p.parseAttribute()
			if a == nil {
				p.failLine(start, msgEnumLine)
				return
			}
			v.Attrs = append(v.Attrs, a)
		}
		if !p.atLineEnd() {
			p.failLine(start, msgEnumLine)
			return
		}
		v.Span = Span{t.Start, p.prevEnd()}
		if tr := p.toks[p.i-1].trail(); tr != "" {
			if v.Doc != "" {
				v.Doc += "\n"
			}
			v.Doc += tr
		}
		e.Values = append(e.Values, v)
	default:
		p.failLine(start, msgEnumLine)
	}
}

func (p *parser) configLine(c *Config) {
	start := p.i
	msg := "Error validating: This line is not a valid definition within a " + c.Keyword + "."
	t := p.peek()
	if t.Kind != TokIdent {
		p.failLine(start, msg)
		return
	}
	p.advance()
	if _, ok := p.take(TokEquals); !ok {
		p.failLine(start, msg)
		return
	}
	if p.atLineEnd() {
		c.Empty = append(c.Empty, ident(t))
		return
	}
	v := p.parseExpr()
	if v == nil || !p.atLineEnd() {
		p.failLine(start, msg)
		return
	}
	c.Properties = append(c.Properties, &Property{Key: ident(t), Value: v, Span: Span{t.Start, v.ExprSpan().End}})
}

// splitKeyword reads `modelUser {` as `model User {`: Prisma's grammar
// needs no space after a block keyword.
func (p *parser) splitKeyword(t *ptok) {
	for _, kw := range []string{"datasource", "generator", "model", "enum", "view", "type"} {
		rest := strings.TrimPrefix(t.Text, kw)
		if rest == t.Text || rest == "" || !isIdentStart(rest[0]) {
			continue
		}
		name := *t
		name.Text = rest
		name.docs = nil
		name.NL = false
		name.Start.Offset += len(kw)
		name.Start.Col += len(kw)
		kwTok := *t
		kwTok.Text = kw
		kwTok.End = name.Start
		p.toks = append(p.toks[:p.i], append([]ptok{kwTok, name}, p.toks[p.i+1:]...)...)
		return
	}
}

// onlyAttributes reports whether the rest of the line parses as field
// attributes, without consuming it.
func (p *parser) onlyAttributes() bool {
	save, nerr := p.i, len(p.file.Errors)
	defer func() { p.i, p.file.Errors = save, p.file.Errors[:nerr] }()
	for p.onLine() {
		if p.peek().Kind != TokAt || p.parseAttribute() == nil {
			return false
		}
	}
	return true
}
