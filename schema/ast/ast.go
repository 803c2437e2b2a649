// Package ast is the syntax tree of the Prisma schema language: a lexer with
// positions, a parser that recovers from errors line by line, and node types
// that carry their spans so later stages can point diagnostics at the text.
//
// It knows nothing of what the names mean (that is package schema's job) and
// must not import anything outside the standard library.
package ast

// Pos is a point in the source: byte offset plus 1-based line and column
// (columns count runes, as an editor shows them).
type Pos struct {
	Offset int
	Line   int
	Col    int
	File   int // index of the file in a multi-file schema (0 for the first)
}

// Span is the half-open source range [Start, End) of a node.
type Span struct {
	Start Pos
	End   Pos
}

// File is one parsed schema file.
type File struct {
	Name   string
	Blocks []Block
	Errors []Error // syntax errors; the tree holds whatever could be recovered
}

// Error is a syntax error.
type Error struct {
	Pos     Pos
	End     Pos // end of the offending text; equal to Pos for a point
	Message string
}

// Block is a top-level declaration: *Model, *Enum, *Config.
type Block interface {
	BlockSpan() Span
}

// Ident is a name with its span.
type Ident struct {
	Name string
	Span Span
}

// Model is a `model` block (Keyword may also be "view" or "type", which the
// parser accepts so the resolver can reject them with a clear message).
type Model struct {
	Keyword string
	Name    Ident
	Fields  []*Field
	Attrs   []*Attribute // block attributes (@@...)
	Doc     string
	Span    Span
}

// Enum is an `enum` block.
type Enum struct {
	Name   Ident
	Values []*EnumValue
	Attrs  []*Attribute // @@map and friends
	Doc    string
	Span   Span
}

// EnumValue is one line of an enum block.
type EnumValue struct {
	Name  Ident
	Attrs []*Attribute
	Doc   string
	Span  Span
}

// Config is a `datasource` or `generator` block.
type Config struct {
	Keyword    string // "datasource" or "generator"
	Name       Ident
	Properties []*Property
	// Empty are the keys written as `key =` with no value (an error).
	Empty []Ident
	Doc   string
	Span  Span
}

// Property is `key = value` inside a config block.
type Property struct {
	Key   Ident
	Value Expr
	Span  Span
}

// Arity of a field type.
type Arity int

const (
	Required Arity = iota
	Optional       // T?
	List           // T[]
)

// Field is one field of a model.
type Field struct {
	Name     Ident
	Type     Ident
	TypeArgs []*Arg // Unsupported("...") carries its argument here
	Arity    Arity
	Attrs    []*Attribute
	Doc      string
	Span     Span
}

// Attribute is `@name(args)` or `@@name(args)`; Name is the dotted path
// without the at-signs ("id", "db.VarChar").
type Attribute struct {
	Name  Ident
	Block bool // @@
	Args  []*Arg
	Paren bool // written with parentheses, even empty ones
	Span  Span
}

// Arg is one attribute or function argument, named or positional.
type Arg struct {
	Name  *Ident // nil when positional
	Value Expr
	Span  Span
}

// Expr is a value: *StringLit, *NumberLit, *ConstExpr, *ArrayExpr, *FuncCall.
type Expr interface {
	ExprSpan() Span
}

// StringLit is a double-quoted string; Value is unescaped.
type StringLit struct {
	Value string
	Span  Span
	// BadEscape: the literal holds an escape Prisma rejects (reported by
	// the parser); its value is not checked further.
	BadEscape bool
}

// NumberLit keeps the literal text so no precision is lost.
type NumberLit struct {
	Text string
	Span Span
}

// ConstExpr is a bare identifier: true, false, an enum value, a field name,
// a referential action.
type ConstExpr struct {
	Name string
	Span Span
}

// ArrayExpr is `[a, b]`.
type ArrayExpr struct {
	Elems []Expr
	Span  Span
}

// ObjectExpr is `{ key: value, ... }`, as in @@index(where: { x: null }).
type ObjectExpr struct {
	Fields []*Arg
	Span   Span
}

// FuncCall is `name(args)`: now(), env("X"), or a field with index options
// such as `title(sort: Desc)`.
type FuncCall struct {
	Name Ident
	Args []*Arg
	Span Span
}

func (m *Model) BlockSpan() Span  { return m.Span }
func (e *Enum) BlockSpan() Span   { return e.Span }
func (c *Config) BlockSpan() Span { return c.Span }

func (e *StringLit) ExprSpan() Span  { return e.Span }
func (e *NumberLit) ExprSpan() Span  { return e.Span }
func (e *ConstExpr) ExprSpan() Span  { return e.Span }
func (e *ArrayExpr) ExprSpan() Span  { return e.Span }
func (e *FuncCall) ExprSpan() Span   { return e.Span }
func (e *ObjectExpr) ExprSpan() Span { return e.Span }

// Attr returns the first attribute with the given name, or nil.
func Attr(attrs []*Attribute, name string) *Attribute {
	for _, a := range attrs {
		if a.Name.Name == name {
			return a
		}
	}
	return nil
}

// Arg returns the argument with the given name, or, when pos >= 0 and no
// named argument matches, the pos-th positional argument. Nil when absent.
func (a *Attribute) Arg(name string, pos int) *Arg {
	return FindArg(a.Args, name, pos)
}

// FindArg is Attribute.Arg over a plain argument list.
func FindArg(args []*Arg, name string, pos int) *Arg {
	for _, arg := range args {
		if arg.Name != nil && arg.Name.Name == name {
			return arg
		}
	}
	if pos < 0 {
		return nil
	}
	i := 0
	for _, arg := range args {
		if arg.Name == nil {
			if i == pos {
				return arg
			}
			i++
		}
	}
	return nil
}
