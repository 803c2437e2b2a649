package schema

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// Parse parses, resolves and validates one schema file. On any problem it
// returns a nil Schema and a Diagnostics holding every problem found, in
// source order, each at its file:line:col.
func Parse(src, filename string) (*Schema, error) {
	f := ast.Parse(src, filename)
	r := newResolver(filename)
	for _, e := range f.Errors {
		r.errAt(e.Pos, e.Message)
	}
	s := r.resolve(f)
	s.Source = src
	if len(r.diags) > 0 {
		return nil, sortDiagnostics(r.diags)
	}
	return s, nil
}

// resolver turns the AST into the model. It keeps the AST node of every
// model and field next to the model value, so later passes (indexes,
// relations, capability checks) can point at what the user wrote.
type resolver struct {
	file     string
	diags    Diagnostics
	s        *Schema
	provider string // normalised provider, "" when unknown

	models   map[string]*modelInfo
	enums    map[string]*Enum
	modelSeq []*modelInfo
}

type modelInfo struct {
	m      *Model
	node   *ast.Model
	fields map[string]*fieldInfo
	seq    []*fieldInfo
	// pkPos is where the primary key was declared, for error messages.
	pkPos  ast.Pos
	idxDef []*indexDef
}

type fieldInfo struct {
	f    *Field
	node *ast.Field
	rel  *relationArgs // parsed @relation, for relation fields
}

func newResolver(file string) *resolver {
	return &resolver{
		file:   file,
		s:      &Schema{},
		models: map[string]*modelInfo{},
		enums:  map[string]*Enum{},
	}
}

func (r *resolver) pos(p ast.Pos) Pos { return Pos{File: r.file, Line: p.Line, Col: p.Col} }

func (r *resolver) errAt(p ast.Pos, msg string) {
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(p), Message: msg})
}

func (r *resolver) resolve(f *ast.File) *Schema {
	var models []*ast.Model
	var enums []*ast.Enum
	for _, b := range f.Blocks {
		switch b := b.(type) {
		case *ast.Config:
			if b.Keyword == "datasource" {
				r.datasource(b)
			} else {
				r.generator(b)
			}
		case *ast.Model:
			models = append(models, b)
		case *ast.Enum:
			enums = append(enums, b)
		}
	}
	if r.s.Datasource == nil {
		r.errAt(ast.Pos{Line: 1, Col: 1}, "A datasource block is required, e.g. `datasource db { provider = \"sqlite\" }`.")
	}
	r.declare(models, enums)
	for _, e := range enums {
		r.enum(e)
	}
	for _, mi := range r.modelSeq {
		r.modelFields(mi)
	}
	for _, mi := range r.modelSeq {
		r.blockAttributes(mi)
	}
	r.relations()
	for _, mi := range r.modelSeq {
		r.finishModel(mi)
	}
	r.databaseNames()
	r.capabilities()
	return r.s
}

var knownProviders = map[string]string{
	"sqlite":     SQLite,
	"postgresql": PostgreSQL,
	"postgres":   PostgreSQL,
	"mysql":      MySQL,
}

// Providers Prisma knows that this engine does not implement.
var foreignProviders = map[string]bool{"sqlserver": true, "mongodb": true, "cockroachdb": true}

func (r *resolver) datasource(c *ast.Config) {
	if r.s.Datasource != nil {
		r.errAt(c.Name.Span.Start, "You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.")
		return
	}
	ds := &Datasource{Name: c.Name.Name, Pos: r.pos(c.Name.Span.Start), Config: map[string]string{}}
	r.s.Datasource = ds
	var provider *ast.Property
	for _, p := range c.Properties {
		switch p.Key.Name {
		case "provider":
			provider = p
		case "url":
			switch v := p.Value.(type) {
			case *ast.StringLit:
				ds.URL = v.Value
			case *ast.FuncCall:
				if name, ok := envVar(v); ok {
					ds.URLEnv = name
				} else {
					r.errAt(p.Value.ExprSpan().Start, "Expected a string value or env(\"VARIABLE\") for `url`.")
				}
			default:
				r.errAt(p.Value.ExprSpan().Start, "Expected a string value or env(\"VARIABLE\") for `url`.")
			}
		default:
			ds.Config[p.Key.Name] = renderExpr(p.Value)
		}
	}
	if provider == nil {
		r.errAt(c.Name.Span.Start, "Argument \"provider\" is missing in data source block \""+c.Name.Name+"\".")
		return
	}
	switch v := provider.Value.(type) {
	case *ast.StringLit:
		norm, ok := knownProviders[v.Value]
		switch {
		case ok:
			ds.Provider = norm
			r.provider = norm
		case foreignProviders[v.Value]:
			r.errAt(v.Span.Start, "Datasource provider \""+v.Value+"\" is not supported by caspian-prisma. Use \"sqlite\", \"postgresql\" or \"mysql\".")
		default:
			r.errAt(v.Span.Start, "Datasource provider not known: \""+v.Value+"\".")
		}
	case *ast.FuncCall:
		r.errAt(v.Span.Start, "A datasource must not use the env() function in the provider argument.")
	default:
		r.errAt(provider.Value.ExprSpan().Start, "Expected a string value for `provider`.")
	}
}

// envVar recognises env("NAME").
func envVar(f *ast.FuncCall) (string, bool) {
	if f.Name.Name != "env" || len(f.Args) != 1 {
		return "", false
	}
	s, ok := f.Args[0].Value.(*ast.StringLit)
	if !ok {
		return "", false
	}
	return s.Value, true
}

func (r *resolver) generator(c *ast.Config) {
	g := &Generator{Name: c.Name.Name, Config: map[string]string{}, Pos: r.pos(c.Name.Span.Start)}
	for _, p := range c.Properties {
		v := renderExpr(p.Value)
		g.Config[p.Key.Name] = v
		switch p.Key.Name {
		case "provider":
			g.Provider = v
		case "output":
			g.Output = v
		}
	}
	r.s.Generators = append(r.s.Generators, g)
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

// declare registers every model and enum name before any field is looked
// at, so types can refer to blocks declared later in the file.
func (r *resolver) declare(models []*ast.Model, enums []*ast.Enum) {
	kinds := map[string]string{}
	for _, e := range enums {
		if k, dup := kinds[e.Name.Name]; dup {
			r.errAt(e.Name.Span.Start, "The enum \""+e.Name.Name+"\" cannot be defined because a "+k+" with that name already exists.")
			continue
		}
		if isBuiltinType(e.Name.Name) {
			r.errAt(e.Name.Span.Start, "The enum \""+e.Name.Name+"\" cannot be defined because it has the same name as a built-in type.")
			continue
		}
		kinds[e.Name.Name] = "enum"
		en := &Enum{Name: e.Name.Name, DBName: e.Name.Name, Doc: e.Doc, Pos: r.pos(e.Name.Span.Start)}
		r.enums[en.Name] = en
		r.s.Enums = append(r.s.Enums, en)
	}
	for _, m := range models {
		switch m.Keyword {
		case "view":
			r.errAt(m.Span.Start, "`view` blocks are not supported by caspian-prisma yet.")
			continue
		case "type":
			r.errAt(m.Span.Start, "Composite types are not supported on relational databases; only MongoDB has them.")
			continue
		}
		if k, dup := kinds[m.Name.Name]; dup {
			r.errAt(m.Name.Span.Start, "The model \""+m.Name.Name+"\" cannot be defined because a "+k+" with that name already exists.")
			continue
		}
		if isBuiltinType(m.Name.Name) {
			r.errAt(m.Name.Span.Start, "The model \""+m.Name.Name+"\" cannot be defined because it has the same name as a built-in type.")
			continue
		}
		kinds[m.Name.Name] = "model"
		mo := &Model{Name: m.Name.Name, DBName: m.Name.Name, Doc: m.Doc, Pos: r.pos(m.Name.Span.Start)}
		mi := &modelInfo{m: mo, node: m, fields: map[string]*fieldInfo{}}
		r.models[mo.Name] = mi
		r.modelSeq = append(r.modelSeq, mi)
		r.s.Models = append(r.s.Models, mo)
	}
}

func isBuiltinType(name string) bool {
	switch ScalarType(name) {
	case String, Boolean, Int, BigInt, Float, Decimal, DateTime, Json, Bytes:
		return true
	}
	return name == "Unsupported"
}

func (r *resolver) enum(e *ast.Enum) {
	en := r.enums[e.Name.Name]
	if en == nil || en.Pos != r.pos(e.Name.Span.Start) {
		return // a duplicate, already reported
	}
	seen := map[string]bool{}
	for _, v := range e.Values {
		if seen[v.Name.Name] {
			r.errAt(v.Name.Span.Start, "Value \""+v.Name.Name+"\" is already defined on enum \""+e.Name.Name+"\".")
			continue
		}
		seen[v.Name.Name] = true
		ev := &EnumValue{Name: v.Name.Name, DBName: v.Name.Name, Doc: v.Doc}
		for _, a := range v.Attrs {
			if a.Name.Name == "map" {
				if s, ok := r.stringArg(a, "name"); ok {
					ev.DBName = s
				}
				continue
			}
			r.errAt(a.Span.Start, "Attribute not known: \"@"+a.Name.Name+"\".")
		}
		en.Values = append(en.Values, ev)
	}
	if len(e.Values) == 0 {
		r.errAt(e.Name.Span.Start, "An enum must have at least one value.")
	}
	for _, a := range e.Attrs {
		switch a.Name.Name {
		case "map":
			if s, ok := r.stringArg(a, "name"); ok {
				en.DBName = s
			}
		default:
			r.errAt(a.Span.Start, "Attribute not known: \"@@"+a.Name.Name+"\".")
		}
	}
}

// stringArg reads the single string argument of @map / @@map style
// attributes, reporting Prisma's error when it is missing or not a string.
func (r *resolver) stringArg(a *ast.Attribute, name string) (string, bool) {
	arg := a.Arg(name, 0)
	if arg == nil {
		r.errAt(a.Span.Start, "Error parsing attribute \""+attrName(a)+"\": The `"+name+"` argument is missing.")
		return "", false
	}
	s, ok := arg.Value.(*ast.StringLit)
	if !ok {
		r.errAt(arg.Span.Start, "Error parsing attribute \""+attrName(a)+"\": Expected a string value, but received "+exprKind(arg.Value)+".")
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
		if e.Name == "true" || e.Name == "false" {
			return "boolean value `" + e.Name + "`"
		}
		return "constant value `" + e.Name + "`"
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
