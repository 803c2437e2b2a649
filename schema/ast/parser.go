package ast

import "strings"

// ptok is a token after doc comments have been folded into their neighbours:
// Lead holds the `///` lines just before it, Trail a `///` comment later on
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

// Parse parses one schema file. It never fails: syntax errors are collected
// in File.Errors and the parser resumes at the next line, so the resolver
// can still report the semantic errors of the rest of the file.
func Parse(src, filename string) *File {
	return ParseIndexed(src, filename, 0)
}

// ParseIndexed parses the index-th file of a multi-file schema: every
// position it records carries that index.
func ParseIndexed(src, filename string, index int) *File {
	p := &parser{file: &File{Name: filename}, fileIdx: index}
	p.lexAll(src)
	p.parseFile()
	return p.file
}

type parser struct {
	toks    []ptok
	i       int
	file    *File
	fileIdx int
}

func (p *parser) lexAll(src string) {
	l := newLexer(src, p.fileIdx, p.errAt)
	p.toks = make([]ptok, 0, len(src)/4+16)
	var lead []string
	for {
		t := l.next()
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

func (p *parser) errAt(pos Pos, msg string) {
	p.file.Errors = append(p.file.Errors, Error{Pos: pos, End: pos, Message: msg})
}

func (p *parser) errSpan(sp Span, msg string) {
	p.file.Errors = append(p.file.Errors, Error{Pos: sp.Start, End: sp.End, Message: msg})
}

func (p *parser) expect(k TokKind, what string) (*ptok, bool) {
	t := p.peek()
	if t.Kind != k {
		p.errAt(t.Start, "Unexpected "+describe(t)+", expected "+what+".")
		return t, false
	}
	return p.advance(), true
}

func describe(t *ptok) string {
	switch t.Kind {
	case TokEOF:
		return "end of file"
	case TokIdent:
		return "`" + t.Text + "`"
	case TokString:
		return "string"
	case TokNumber:
		return "number `" + t.Text + "`"
	}
	return t.Kind.String()
}

// skipLine drops tokens up to the start of the next line (or a closing
// brace, which ends the current block).
func (p *parser) skipLine() {
	if p.peek().Kind == TokEOF {
		return
	}
	p.advance()
	for {
		t := p.peek()
		if t.Kind == TokEOF || t.NL || t.Kind == TokRBrace {
			return
		}
		p.advance()
	}
}

func ident(t *ptok) Ident {
	return Ident{Name: t.Text, Span: Span{t.Start, t.End}}
}

func docOf(t *ptok) string { return strings.Join(t.lead(), "\n") }

func (p *parser) parseFile() {
	for {
		t := p.peek()
		if t.Kind == TokEOF {
			return
		}
		if t.Kind == TokIdent {
			switch t.Text {
			case "model", "view", "type":
				if m := p.parseModel(); m != nil {
					p.file.Blocks = append(p.file.Blocks, m)
				}
				continue
			case "enum":
				if e := p.parseEnum(); e != nil {
					p.file.Blocks = append(p.file.Blocks, e)
				}
				continue
			case "datasource", "generator":
				if c := p.parseConfig(); c != nil {
					p.file.Blocks = append(p.file.Blocks, c)
				}
				continue
			}
		}
		p.errAt(t.Start, "This line is invalid. It does not start with any known Prisma schema keyword.")
		p.skipToTopLevel()
	}
}

// skipToTopLevel drops tokens until a line that starts with a block keyword.
func (p *parser) skipToTopLevel() {
	p.advance()
	depth := 0
	for {
		t := p.peek()
		switch {
		case t.Kind == TokEOF:
			return
		case t.Kind == TokLBrace:
			depth++
		case t.Kind == TokRBrace:
			if depth > 0 {
				depth--
			}
		case t.NL && depth == 0 && t.Kind == TokIdent && isBlockKeyword(t.Text):
			return
		}
		p.advance()
	}
}

func isBlockKeyword(s string) bool {
	switch s {
	case "model", "enum", "datasource", "generator", "view", "type":
		return true
	}
	return false
}

// blockHeader reads `keyword Name {`; ok is false when the block could not
// be opened (the rest of it was skipped).
func (p *parser) blockHeader() (kw *ptok, name Ident, ok bool) {
	kw = p.advance()
	nt, ok := p.expect(TokIdent, "a name for the "+kw.Text+" block")
	if !ok {
		p.skipToTopLevel()
		return kw, name, false
	}
	name = ident(nt)
	if _, ok := p.expect(TokLBrace, "`{`"); !ok {
		p.skipToTopLevel()
		return kw, name, false
	}
	return kw, name, true
}

// closeBlock consumes the closing brace; at EOF it reports the open block.
func (p *parser) closeBlock(kw *ptok) Pos {
	t := p.peek()
	if t.Kind == TokRBrace {
		p.advance()
		return t.End
	}
	p.errAt(kw.Start, "This "+kw.Text+" block is not closed: `}` is missing.")
	return t.Start
}

func (p *parser) parseModel() *Model {
	kw := p.peek()
	doc := docOf(kw)
	_, name, ok := p.blockHeader()
	if !ok {
		return nil
	}
	m := &Model{Keyword: kw.Text, Name: name, Doc: doc}
	for {
		t := p.peek()
		switch t.Kind {
		case TokRBrace, TokEOF:
			m.Span = Span{kw.Start, p.closeBlock(kw)}
			return m
		case TokAtAt:
			m.Attrs = append(m.Attrs, p.parseAttribute())
			p.endLine()
		case TokIdent:
			if t.NL && isBlockKeyword(t.Text) && p.peekAt(1).Kind == TokIdent && p.peekAt(2).Kind == TokLBrace {
				// A new block starts: this one lacks its closing brace.
				m.Span = Span{kw.Start, p.closeBlock(kw)}
				return m
			}
			if f := p.parseField(); f != nil {
				m.Fields = append(m.Fields, f)
			}
		case TokAt:
			p.errAt(t.Start, "Field attributes must follow a field type on the same line; use `@@` for a block attribute.")
			p.skipLine()
		default:
			p.errAt(t.Start, "This line is not a valid field or attribute definition.")
			p.skipLine()
		}
	}
}

// endLine reports stray tokens after a complete declaration on one line.
func (p *parser) endLine() {
	t := p.peek()
	if t.Kind == TokEOF || t.Kind == TokRBrace || t.NL {
		return
	}
	p.errAt(t.Start, "Unexpected "+describe(t)+" at the end of this line.")
	p.skipLine()
}

func (p *parser) parseField() *Field {
	nt := p.advance()
	f := &Field{Name: ident(nt), Doc: docOf(nt)}
	tt := p.peek()
	if tt.Kind != TokIdent || tt.NL {
		p.errAt(nt.Start, "This field declaration is invalid. It is either missing a name or a type.")
		if !tt.NL {
			p.skipLine()
		}
		return nil
	}
	p.advance()
	f.Type = ident(tt)
	if p.peek().Kind == TokLParen && !p.peek().NL {
		f.TypeArgs = p.parseArgList()
	}
	switch t := p.peek(); {
	case t.Kind == TokQuestion && !t.NL:
		p.advance()
		f.Arity = Optional
	case t.Kind == TokLBrack && !t.NL:
		p.advance()
		if _, ok := p.expect(TokRBrack, "`]`"); !ok {
			p.skipLine()
			return nil
		}
		f.Arity = List
		if q := p.peek(); q.Kind == TokQuestion && !q.NL {
			p.errAt(q.Start, "Optional lists are not supported. Use either `Type[]` or `Type?`.")
			p.advance()
		}
	}
	for p.peek().Kind == TokAt && !p.peek().NL {
		f.Attrs = append(f.Attrs, p.parseAttribute())
	}
	f.Span = Span{nt.Start, p.prevEnd()}
	if tr := p.toks[p.i-1].trail(); tr != "" {
		if f.Doc != "" {
			f.Doc += "\n"
		}
		f.Doc += tr
	}
	p.endLine()
	return f
}

// parseAttribute reads `@name`, `@@name`, `@db.Type(args)`.
func (p *parser) parseAttribute() *Attribute {
	at := p.advance()
	a := &Attribute{Block: at.Kind == TokAtAt}
	nt := p.peek()
	if nt.Kind != TokIdent {
		p.errAt(nt.Start, "Expected an attribute name after `"+at.Text+"`.")
		if !nt.NL && nt.Kind != TokRBrace && nt.Kind != TokEOF {
			p.skipLine()
		}
		a.Span = Span{at.Start, at.End}
		a.Name = Ident{Span: a.Span}
		return a
	}
	p.advance()
	name := nt.Text
	end := nt.End
	for p.peek().Kind == TokDot && p.peekAt(1).Kind == TokIdent {
		p.advance()
		part := p.advance()
		name += "." + part.Text
		end = part.End
	}
	a.Name = Ident{Name: name, Span: Span{nt.Start, end}}
	if t := p.peek(); t.Kind == TokLParen && !t.NL {
		a.Paren = true
		a.Args = p.parseArgList()
	}
	a.Span = Span{at.Start, p.prevEnd()}
	return a
}

// parseArgList reads `( [arg {, arg} [,]] )`; the opening paren is current.
func (p *parser) parseArgList() []*Arg {
	open := p.advance()
	var args []*Arg
	for {
		t := p.peek()
		if t.Kind == TokRParen {
			p.advance()
			return args
		}
		if t.Kind == TokEOF || t.Kind == TokRBrace {
			p.errAt(open.Start, "This argument list is not closed: `)` is missing.")
			return args
		}
		arg := p.parseArg()
		if arg == nil {
			p.skipArgs()
			return args
		}
		args = append(args, arg)
		switch t := p.peek(); t.Kind {
		case TokComma:
			p.advance()
		case TokRParen:
		default:
			p.errAt(t.Start, "Unexpected "+describe(t)+", expected `,` or `)`.")
			p.skipArgs()
			return args
		}
	}
}

// skipArgs skips to the matching `)` on a broken argument list.
func (p *parser) skipArgs() {
	depth := 0
	for {
		t := p.peek()
		switch t.Kind {
		case TokEOF, TokRBrace:
			return
		case TokLParen:
			depth++
		case TokRParen:
			if depth == 0 {
				p.advance()
				return
			}
			depth--
		}
		p.advance()
	}
}

func (p *parser) parseArg() *Arg {
	t := p.peek()
	if t.Kind == TokIdent && p.peekAt(1).Kind == TokColon {
		p.advance()
		p.advance()
		name := ident(t)
		v := p.parseExpr()
		if v == nil {
			return nil
		}
		return &Arg{Name: &name, Value: v, Span: Span{t.Start, v.ExprSpan().End}}
	}
	v := p.parseExpr()
	if v == nil {
		return nil
	}
	return &Arg{Value: v, Span: v.ExprSpan()}
}

func (p *parser) parseExpr() Expr {
	t := p.peek()
	switch t.Kind {
	case TokString:
		p.advance()
		return &StringLit{Value: t.Text, Span: Span{t.Start, t.End}}
	case TokNumber:
		p.advance()
		return &NumberLit{Text: t.Text, Span: Span{t.Start, t.End}}
	case TokLBrack:
		p.advance()
		arr := &ArrayExpr{}
		for {
			e := p.peek()
			if e.Kind == TokRBrack {
				p.advance()
				arr.Span = Span{t.Start, e.End}
				return arr
			}
			v := p.parseExpr()
			if v == nil {
				return nil
			}
			arr.Elems = append(arr.Elems, v)
			switch e := p.peek(); e.Kind {
			case TokComma:
				p.advance()
			case TokRBrack:
			default:
				p.errAt(e.Start, "Unexpected "+describe(e)+", expected `,` or `]`.")
				return nil
			}
		}
	case TokIdent:
		p.advance()
		name := t.Text
		end := t.End
		for p.peek().Kind == TokDot && p.peekAt(1).Kind == TokIdent {
			p.advance()
			part := p.advance()
			name += "." + part.Text
			end = part.End
		}
		if n := p.peek(); n.Kind == TokLParen {
			args := p.parseArgList()
			return &FuncCall{Name: Ident{Name: name, Span: Span{t.Start, end}}, Args: args, Span: Span{t.Start, p.prevEnd()}}
		}
		return &ConstExpr{Name: name, Span: Span{t.Start, end}}
	}
	p.errAt(t.Start, "Unexpected "+describe(t)+", expected a value.")
	return nil
}

func (p *parser) parseEnum() *Enum {
	kw := p.peek()
	doc := docOf(kw)
	_, name, ok := p.blockHeader()
	if !ok {
		return nil
	}
	e := &Enum{Name: name, Doc: doc}
	for {
		t := p.peek()
		switch t.Kind {
		case TokRBrace, TokEOF:
			e.Span = Span{kw.Start, p.closeBlock(kw)}
			return e
		case TokAtAt:
			e.Attrs = append(e.Attrs, p.parseAttribute())
			p.endLine()
		case TokIdent:
			if t.NL && isBlockKeyword(t.Text) && p.peekAt(1).Kind == TokIdent && p.peekAt(2).Kind == TokLBrace {
				e.Span = Span{kw.Start, p.closeBlock(kw)}
				return e
			}
			p.advance()
			v := &EnumValue{Name: ident(t), Doc: docOf(t)}
			for p.peek().Kind == TokAt && !p.peek().NL {
				v.Attrs = append(v.Attrs, p.parseAttribute())
			}
			v.Span = Span{t.Start, p.prevEnd()}
			if tr := p.toks[p.i-1].trail(); tr != "" {
				if v.Doc != "" {
					v.Doc += "\n"
				}
				v.Doc += tr
			}
			e.Values = append(e.Values, v)
			p.endLine()
		default:
			p.errAt(t.Start, "This line is not an enum value definition.")
			p.skipLine()
		}
	}
}

func (p *parser) parseConfig() *Config {
	kw := p.peek()
	doc := docOf(kw)
	_, name, ok := p.blockHeader()
	if !ok {
		return nil
	}
	c := &Config{Keyword: kw.Text, Name: name, Doc: doc}
	for {
		t := p.peek()
		switch t.Kind {
		case TokRBrace, TokEOF:
			c.Span = Span{kw.Start, p.closeBlock(kw)}
			return c
		case TokIdent:
			if t.NL && isBlockKeyword(t.Text) && p.peekAt(1).Kind == TokIdent && p.peekAt(2).Kind == TokLBrace {
				c.Span = Span{kw.Start, p.closeBlock(kw)}
				return c
			}
			p.advance()
			if _, ok := p.expect(TokEquals, "`=`"); !ok {
				p.skipLine()
				continue
			}
			v := p.parseExpr()
			if v == nil {
				p.skipLine()
				continue
			}
			c.Properties = append(c.Properties, &Property{Key: ident(t), Value: v, Span: Span{t.Start, v.ExprSpan().End}})
			p.endLine()
		default:
			p.errAt(t.Start, "This line is not a valid definition within a "+kw.Text+".")
			p.skipLine()
		}
	}
}
