package schema

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// File is one schema file: its name as diagnostics show it, and its text.
type File struct {
	Name string
	Text string
}

// Parse parses, resolves and validates one schema file. It is ParseFiles of
// that one file.
func Parse(src, filename string) (*Schema, error) {
	return ParseFiles([]File{{Name: filename, Text: src}})
}

// ParseFiles parses, resolves and validates a schema made of several files
// (a folder of .prisma files), which share one namespace. On any error it
// returns a nil Schema and a Diagnostics holding every error Prisma would
// report, in Prisma's order, followed by the warnings.
func ParseFiles(files []File) (*Schema, error) {
	return ParseFilesWith(files, Options{})
}

// Options adjust validation.
type Options struct {
	// Prisma7URLs reports `url`, `directUrl` and `shadowDatabaseUrl` in the
	// datasource block as errors, as Prisma 7 does. The engine itself still
	// reads them from Prisma 6 schemas, so this is off by default.
	Prisma7URLs bool
	// Strict also reports what Prisma rejects but the engine handles well:
	// a map: name on the primary key of a SQLite or MySQL model (the
	// migration fixtures use one).
	Strict bool
}

// ParseFilesWith is ParseFiles with options.
func ParseFilesWith(files []File, opts Options) (*Schema, error) {
	r := newResolver(files)
	r.opts = opts
	asts := make([]*ast.File, len(files))
	for i, f := range files {
		asts[i] = ast.ParseIndexed(f.Text, f.Name, i)
		for _, e := range asts[i].Errors {
			r.errAt(stParse, ast.Span{Start: e.Pos, End: e.End}, e.Message)
		}
	}
	s := r.resolve(asts)
	s.Files = files
	if len(files) > 0 {
		s.Source = files[0].Text
	}
	if len(files) > 1 {
		var b strings.Builder
		for _, f := range files {
			b.WriteString(f.Text)
			if !strings.HasSuffix(f.Text, "\n") {
				b.WriteByte('\n')
			}
		}
		s.Source = b.String()
	}
	orderParse(r.diags)
	orderAttrsByBlock(r.diags, asts, stAttrs)
	orderAttrsByBlock(r.diags, asts, stNames)
	orderValidation(r.diags, asts)
	diags := keepPrismaStages(r.diags)
	if len(diags.Errors()) > 0 {
		return nil, diags
	}
	s.Warnings = diags.Warnings()
	return s, nil
}

// resolver turns the AST into the model. It keeps the AST node of every
// model and field next to the model value, so later passes (indexes,
// relations, capability checks) can point at what the user wrote.
type resolver struct {
	files    []File
	diags    Diagnostics
	s        *Schema
	provider string // normalised provider, "" when unknown

	opts Options
	// set by fieldList: the list had a length: / sort: argument
	sawLength, sawSort bool
	genNames           map[string]bool
	preview            map[string]bool // preview features enabled in any generator
	previewProps       []*ast.Property

	models       map[string]*modelInfo
	enums        map[string]*Enum
	enumNodes    map[*Enum]*ast.Enum
	composite    map[string]bool         // composite type names (MongoDB only)
	dupModels    []*modelInfo            // models whose name was taken: checked, not kept
	untyped      map[*modelInfo][]string // fields whose type did not resolve
	fileProvider map[int]string          // provider of the first datasource of each file

	unusedArgs []Diagnostic // reported after every other attribute error
	fieldOff   int          // offset of the field being resolved, to order its findings
	attrRank   int          // 1 while block attributes are read
	relPos     int          // offset of the relation being checked
	hasSchemas bool         // the datasource has a schemas property
	dsSchemas  []string     // its values
	// schemasProp is the datasource's schemas property, read once the
	// provider is known.
	schemasProp *ast.Property
	// enumDBNames holds the schema and database name of each enum read.
	enumDBNames map[string]bool

	// ambiguous is the first ambiguous relation; Prisma reports only it.
	ambiguous      *Diagnostic
	ambiguousModel int
	modelSeq       []*modelInfo
}

type modelInfo struct {
	m      *Model
	node   *ast.Model
	fields map[string]*fieldInfo
	seq    []*fieldInfo
	dups   []*fieldInfo // fields whose name was taken, read for their @map
	// pkPos is where the primary key was declared, for error messages.
	pkPos  ast.Span
	idxDef []*indexDef
}

type fieldInfo struct {
	f    *Field
	node *ast.Field
	rel  *relationArgs // parsed @relation, for relation fields
}

func newResolver(files []File) *resolver {
	return &resolver{
		files:        files,
		genNames:     map[string]bool{},
		enumNodes:    map[*Enum]*ast.Enum{},
		enumDBNames:  map[string]bool{},
		composite:    map[string]bool{},
		untyped:      map[*modelInfo][]string{},
		fileProvider: map[int]string{},
		preview:      map[string]bool{},
		s:            &Schema{},
		models:       map[string]*modelInfo{},
		enums:        map[string]*Enum{},
	}
}

func (r *resolver) pos(p ast.Pos) Pos {
	name := ""
	if p.File >= 0 && p.File < len(r.files) {
		name = r.files[p.File].Name
	}
	return Pos{File: name, Line: p.Line, Col: p.Col}
}

// errAt records an error found by pass st over the source span sp.
func (r *resolver) errAt(st stage, sp ast.Span, msg string) {
	d := Diagnostic{Pos: r.pos(sp.Start), Message: msg, Start: sp.Start.Offset, End: sp.End.Offset, stage: st}
	switch st {
	case stValidate:
		d.rank = rkOther
	case stAttrs:
		// Within a block Prisma reads each field's attributes, then the
		// block attributes.
		d.rank, d.sub = r.attrRank, r.fieldOff
	case stNames:
		d.sub = sp.Start.Offset
	}
	r.diags = append(r.diags, d)
}

// verr records a validation-pipeline error of the given rank; sub orders
// findings of one rank within a model (a field's or an index's offset).
func (r *resolver) verr(rank, sub int, sp ast.Span, msg string) {
	if rank >= rkRelations && rank < rkOther && sub <= 1 {
		// A relation's findings sort by where the relation is first seen.
		sub = r.relPos*2 + sub
	}
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(sp.Start), Message: msg, Start: sp.Start.Offset, End: sp.End.Offset, stage: stValidate, rank: rank, sub: sub})
}

// warnAt records a warning over the source span sp.
func (r *resolver) warnAt(sp ast.Span, msg string) {
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(sp.Start), Message: msg, Start: sp.Start.Offset, End: sp.End.Offset, Severity: SeverityWarning})
}

func (r *resolver) resolve(files []*ast.File) *Schema {
	var models []*ast.Model
	var enums []*ast.Enum
	var blocks []ast.Block
	for _, f := range files {
		blocks = append(blocks, f.Blocks...)
	}
	// Generators first: their preview features decide what the rest allows.
	for _, b := range blocks {
		if c, ok := b.(*ast.Config); ok && c.Keyword == "generator" {
			r.generator(c)
		}
	}
	var dsBlocks []*ast.Config
	for _, b := range blocks {
		switch b := b.(type) {
		case *ast.Config:
			if b.Keyword == "datasource" {
				dsBlocks = append(dsBlocks, b)
			}
		case *ast.Model:
			models = append(models, b)
		case *ast.Enum:
			enums = append(enums, b)
		}
	}
	r.datasources(dsBlocks)
	r.checkPreview()
	r.declare(models, enums)
	for _, e := range enums {
		r.enum(e)
	}
	for _, mi := range r.modelSeq {
		r.modelFields(mi)
	}
	for _, mi := range r.dupModels {
		r.modelFields(mi)
		r.blockAttributes(mi)
	}
	for _, mi := range r.modelSeq {
		r.blockAttributes(mi)
	}
	r.checkRelationRefs()
	r.attrRank = 0 // what follows is not part of reading relation fields
	r.relations()
	r.referenceCycles()
	r.ignoredTargets()
	for _, mi := range r.modelSeq {
		r.finishModel(mi)
	}
	r.databaseNames()
	r.capabilities()
	if r.ambiguous != nil {
		r.diags = append(r.diags, *r.ambiguous)
	}
	r.diags = append(r.diags, r.unusedArgs...)
	return r.s
}

// exprText prints an expression as written (strings with their quotes).
func exprText(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

// renderExpr prints a config value: strings unquoted at the top level,
// everything else as written (arrays of strings keep their quotes).
func renderExpr(e ast.Expr) string {
	if s, ok := e.(*ast.StringLit); ok {
		return s.Value
	}
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case *ast.StringLit:
		b.WriteString(strconv.Quote(e.Value))
	case *ast.NumberLit:
		b.WriteString(e.Text)
	case *ast.ConstExpr:
		b.WriteString(e.Name)
	case *ast.ArrayExpr:
		b.WriteByte('[')
		for i, el := range e.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, el)
		}
		b.WriteByte(']')
	case *ast.FuncCall:
		b.WriteString(e.Name.Name)
		b.WriteByte('(')
		writeArgs(b, e.Args)
		b.WriteByte(')')
	case *ast.ObjectExpr:
		b.WriteString("{ ")
		writeArgs(b, e.Fields)
		b.WriteString(" }")
	}
}

func writeArgs(b *strings.Builder, args []*ast.Arg) {
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		if a.Name != nil {
			b.WriteString(a.Name.Name)
			b.WriteString(": ")
		}
		writeExpr(b, a.Value)
	}
}

// lineSpan extends a declaration's span over the rest of its line and the
// line break, as Prisma's grammar does for fields and enum values.
func (r *resolver) lineSpan(sp ast.Span) ast.Span {
	f := sp.End.File
	if f < 0 || f >= len(r.files) {
		return sp
	}
	text := r.files[f].Text
	i := sp.End.Offset
	if i > len(text) {
		return sp
	}
	if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
		sp.End.Offset = i + nl + 1
		sp.End.Line++
		sp.End.Col = 1
	} else {
		sp.End.Offset = len(text)
	}
	return sp
}

// stringArg reads the single string argument of @map / @@map style
// attributes, reporting Prisma's error when it is missing or not a string.
func (r *resolver) stringArg(a *ast.Attribute, name string) (string, bool) {
	arg := a.Arg(name, 0)
	if arg == nil {
		r.errAt(stAttrs, a.Span, "Argument \""+name+"\" is missing.")
		return "", false
	}
	s, ok := arg.Value.(*ast.StringLit)
	if !ok {
		r.errAt(stAttrs, arg.Value.ExprSpan(), "Expected a string value, but received "+exprKind(arg.Value)+".")
		return "", false
	}
	return s.Value, true
}

func attrName(a *ast.Attribute) string {
	if a.Block {
		return "@@" + a.Name.Name
	}
	return "@" + a.Name.Name
}

// exprKind describes a value the way Prisma's coercion errors do.
func exprKind(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StringLit:
		return "string value `" + strconv.Quote(e.Value) + "`"
	case *ast.NumberLit:
		return "numeric value `" + e.Text + "`"
	case *ast.ConstExpr:
		return "literal value `" + e.Name + "`"
	case *ast.ArrayExpr:
		var b strings.Builder
		writeExpr(&b, e)
		return "array value `" + b.String() + "`"
	case *ast.FuncCall:
		var b strings.Builder
		writeExpr(&b, e)
		return "function value `" + b.String() + "`"
	}
	return "value"
}
