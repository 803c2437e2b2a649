package format

// The concrete syntax tree the formatter works on. It follows the shape of
// Prisma's own grammar rather than package ast's, because formatting has to
// reproduce what Prisma's parser sees: comments and blank lines are nodes,
// a line the grammar cannot read becomes a raw "catch-all" line that is
// copied as it is, and every node keeps its byte offsets so the magic pass
// (magic.go) can insert text into the source.

// topKind tells the top-level nodes apart.
type topKind int

const (
	topBlock   topKind = iota // model, view, type, enum, datasource, generator
	topComment                // a run of comment lines
	topEmpty                  // one or more empty lines (including the newline ending a block)
	topRaw                    // text copied as written (catch-all line, arbitrary block, type alias)
)

type topNode struct {
	kind    topKind
	block   *block
	comment *commentBlock
	raw     string
}

// block is a declaration with braces.
type block struct {
	keyword  string
	name     string
	items    []*item
	start    int // offset of the keyword
	closeOff int // offset of the closing brace
}

type itemKind int

const (
	itemField itemKind = iota
	itemKeyValue
	itemEnumValue
	itemBlockAttr
	itemComment
	itemEmpty
	itemRaw
)

// item is one element inside a block.
type item struct {
	kind     itemKind
	name     string // field, key or enum value name
	typ      *fieldType
	value    *expr         // key = value
	attrs    []*attribute  // field or enum value attributes; the attribute itself for itemBlockAttr
	trailing string        // trailing comment, as written from its first slash
	comment  *commentBlock // itemComment
	raw      string        // itemRaw
}

// fieldType is a field's type as written.
type fieldType struct {
	base  string // identifier or `Unsupported("...")` as written
	arity string // "", "?", "[]", "[]?"
	end   int    // offset just after the base type
}

type attribute struct {
	path       string
	args       *argList // nil when written without parentheses
	start, end int
}

type argList struct {
	args []*arg
}

type arg struct {
	name  string // "" when positional
	value *expr  // nil for an empty argument `name:`
}

type exprKind int

const (
	exprNumber exprKind = iota
	exprString
	exprPath
	exprCall
	exprArray
	exprObject // { key: value, ... } (partial index conditions)
)

type expr struct {
	kind  exprKind
	text  string // literal text or path
	args  *argList
	elems []*expr
	keys  []string // exprObject: the key of each element
}

// commentBlock is consecutive comment lines.
type commentBlock struct {
	lines []commentLine
}

type commentLine struct {
	kind    int    // 0: `//`, 1: `///`, 2: `/* */`
	content string // after the slashes for line comments; the whole comment for block comments
}
