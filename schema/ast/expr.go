package ast

// parseAttribute reads `@name`, `@@name`, `@db.Type(args)` on the current
// line; nil when it does not parse.
func (p *parser) parseAttribute() *Attribute {
	at := p.advance()
	a := &Attribute{Block: at.Kind == TokAtAt}
	nt, ok := p.take(TokIdent)
	if !ok || startsWithDigit(nt.Text) {
		return nil
	}
	name := nt.Text
	end := nt.End
	for p.onLine() && p.peek().Kind == TokDot && p.peekAt(1).Kind == TokIdent && !p.peekAt(1).NL {
		p.advance()
		part := p.advance()
		name += "." + part.Text
		end = part.End
	}
	a.Name = Ident{Name: name, Span: Span{nt.Start, end}}
	if p.onLine() && p.peek().Kind == TokLParen {
		a.Paren = true
		args, good := p.parseArgList()
		if !good {
			return nil
		}
		a.Args = args
	}
	a.Span = Span{at.Start, p.prevEnd()}
	return a
}

// parseArgList reads `( [arg {, arg} [,]] )` on the current line.
func (p *parser) parseArgList() ([]*Arg, bool) {
	p.advance() // (
	var args []*Arg
	for {
		if !p.onLine() {
			return nil, false
		}
		if p.peek().Kind == TokRParen {
			p.advance()
			return args, true
		}
		arg := p.parseArg()
		if arg == nil {
			return nil, false
		}
		args = append(args, arg)
		if !p.onLine() {
			return nil, false
		}
		switch p.peek().Kind {
		case TokComma:
			p.advance()
		case TokRParen:
		default:
			return nil, false
		}
	}
}

// parseArg reads one argument, named (`name: value`) or positional.
func (p *parser) parseArg() *Arg {
	t := p.peek()
	if t.Kind == TokIdent && p.peekAt(1).Kind == TokColon && !p.peekAt(1).NL {
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

// startsWithDigit: Prisma names may start with digits; values may not.
func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// parseExpr reads a value on the current line; nil when there is none.
func (p *parser) parseExpr() Expr {
	if !p.onLine() {
		return nil
	}
	t := p.peek()
	switch t.Kind {
	case TokString:
		p.advance()
		return &StringLit{Value: t.Text, Span: Span{t.Start, t.End}, BadEscape: t.BadEscape}
	case TokNumber:
		p.advance()
		return &NumberLit{Text: t.Text, Span: Span{t.Start, t.End}}
	case TokLBrack:
		p.advance()
		arr := &ArrayExpr{}
		for {
			if !p.onLine() {
				return nil
			}
			if e := p.peek(); e.Kind == TokRBrack {
				p.advance()
				arr.Span = Span{t.Start, e.End}
				return arr
			}
			v := p.parseExpr()
			if v == nil {
				return nil
			}
			arr.Elems = append(arr.Elems, v)
			if !p.onLine() {
				return nil
			}
			switch p.peek().Kind {
			case TokComma:
				p.advance()
			case TokRBrack:
			default:
				return nil
			}
		}
	case TokLBrace:
		p.advance()
		obj := &ObjectExpr{}
		for {
			if !p.onLine() {
				return nil
			}
			if e := p.peek(); e.Kind == TokRBrace {
				p.advance()
				obj.Span = Span{t.Start, e.End}
				return obj
			}
			k, ok := p.take(TokIdent)
			if !ok {
				return nil
			}
			if _, ok := p.take(TokColon); !ok {
				return nil
			}
			v := p.parseExpr()
			if v == nil {
				return nil
			}
			name := ident(k)
			obj.Fields = append(obj.Fields, &Arg{Name: &name, Value: v, Span: Span{k.Start, v.ExprSpan().End}})
			if !p.onLine() {
				return nil
			}
			switch p.peek().Kind {
			case TokComma:
				p.advance()
			case TokRBrace:
			default:
				return nil
			}
		}
	case TokIdent:
		if startsWithDigit(t.Text) {
			return nil
		}
		p.advance()
		name := t.Text
		end := t.End
		for p.onLine() && p.peek().Kind == TokDot && p.peekAt(1).Kind == TokIdent && !p.peekAt(1).NL {
			p.advance()
			part := p.advance()
			name += "." + part.Text
			end = part.End
		}
		if p.onLine() && p.peek().Kind == TokLParen {
			args, ok := p.parseArgList()
			if !ok {
				return nil
			}
			return &FuncCall{Name: Ident{Name: name, Span: Span{t.Start, end}}, Args: args, Span: Span{t.Start, p.prevEnd()}}
		}
		return &ConstExpr{Name: name, Span: Span{t.Start, end}}
	}
	return nil
}
