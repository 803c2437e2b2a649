package schema

import (
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// declare registers every model and enum name before any field is looked
// at, so types can refer to blocks declared later in the file.
func (r *resolver) declare(models []*ast.Model, enums []*ast.Enum) {
	kinds := map[string]string{}
	type top struct {
		m *ast.Model
		e *ast.Enum
	}
	spanOf := func(t top) ast.Span {
		if t.m != nil {
			return t.m.Span
		}
		return t.e.Span
	}
	// Prisma checks names in source order across models and enums.
	var tops []top
	for _, m := range models {
		tops = append(tops, top{m: m})
	}
	for _, e := range enums {
		tops = append(tops, top{e: e})
	}
	sort.SliceStable(tops, func(i, j int) bool {
		a, b := spanOf(tops[i]), spanOf(tops[j])
		if a.Start.File != b.Start.File {
			return a.Start.File < b.Start.File
		}
		return a.Start.Offset < b.Start.Offset
	})
	for _, t := range tops {
		if t.e != nil {
			r.checkName(t.e.Name, "Enum")
		} else {
			r.checkName(t.m.Name, map[string]string{"model": "Model", "view": "View", "type": "Composite type"}[t.m.Keyword])
		}
		if e := t.e; e != nil {
			if reservedNames[e.Name.Name] {
				r.nameErr(-1, e.Span, "Error validating enum `"+e.Name.Name+"`: The enum name `"+e.Name.Name+"` is invalid. It is a reserved name. Please change it. Read more at https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums")
			}
			if isBuiltinType(e.Name.Name) {
				r.nameErr(-2, e.Name.Span, "\""+e.Name.Name+"\" is a reserved scalar type name and cannot be used.")
				continue
			}
			if k, dup := kinds[e.Name.Name]; dup {
				r.nameErr(1, e.Name.Span, "The enum \""+e.Name.Name+"\" cannot be defined because a "+k+" with that name already exists.")
				continue
			}
			kinds[e.Name.Name] = "enum"
			en := &Enum{Name: e.Name.Name, DBName: e.Name.Name, Doc: e.Doc, Pos: r.pos(e.Name.Span.Start)}
			r.enums[en.Name] = en
			r.enumNodes[en] = e
			r.s.Enums = append(r.s.Enums, en)
			continue
		}
		m := t.m
		what := "model"
		switch m.Keyword {
		case "view":
			what = "view"
		case "type":
			what = "composite type"
		}
		if isBuiltinType(m.Name.Name) {
			r.nameErr(-2, m.Name.Span, "\""+m.Name.Name+"\" is a reserved scalar type name and cannot be used.")
			continue
		}
		if reservedNames[m.Name.Name] && m.Keyword != "type" {
			r.nameErr(-1, m.Span, "Error validating model \""+m.Name.Name+"\": The "+what+" name `"+m.Name.Name+"` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models")
		}
		if k, dup := kinds[m.Name.Name]; dup {
			r.nameErr(1, m.Name.Span, "The "+what+" \""+m.Name.Name+"\" cannot be defined because a "+k+" with that name already exists.")
			if m.Keyword != "type" {
				// Prisma still reads its fields and attributes.
				mo := &Model{Name: m.Name.Name, DBName: m.Name.Name, Pos: r.pos(m.Name.Span.Start), IsView: m.Keyword == "view"}
				r.dupModels = append(r.dupModels, &modelInfo{m: mo, node: m, fields: map[string]*fieldInfo{}})
			}
			continue
		}
		kinds[m.Name.Name] = what
		if m.Keyword == "type" {
			r.composite[m.Name.Name] = true
			if r.provider != "mongodb" {
				title := providerTitle(r.provider)
				r.verr(rkComposite, 0, m.Span, "Error validating: Composite types are not supported on "+title+".")
			}
			continue
		}
		mo := &Model{Name: m.Name.Name, DBName: m.Name.Name, Doc: m.Doc, Pos: r.pos(m.Name.Span.Start), IsView: m.Keyword == "view",
			Ignored: ast.Attr(m.Attrs, "ignore") != nil}
		if a := ast.Attr(m.Attrs, "schema"); a != nil {
			if arg := a.Arg("map", 0); arg != nil {
				if s, ok := arg.Value.(*ast.StringLit); ok {
					mo.Schema = s.Value
				}
			}
		} else if r.hasSchemas {
			what, rank := "model", rkModelMissingSchema
			if m.Keyword == "view" {
				// Views are checked after the models, in a loop of their own.
				what, rank = "view", rkViews+1
			}
			r.verr(rank, 0, m.Span, "Error validating "+what+" \""+m.Name.Name+"\": This "+what+" is missing an `@@schema` attribute.")
		}
		if mo.IsView && !r.preview["views"] {
			r.verr(rkViews, 0, m.Span, "Error validating: View definitions are only available with the `views` preview feature.")
		}
		mi := &modelInfo{m: mo, node: m, fields: map[string]*fieldInfo{}}
		r.models[mo.Name] = mi
		r.modelSeq = append(r.modelSeq, mi)
		r.s.Models = append(r.s.Models, mo)
	}
}

// reservedNames are names the Prisma client API cannot use for a model or
// enum: its own class and the JavaScript keywords.
var reservedNames = map[string]bool{}

func init() {
	for _, n := range strings.Fields("PrismaClient break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return super switch this throw true try typeof var void while with yield") {
		reservedNames[n] = true
	}
}

// dupArgs reports a named argument written twice in one attribute.
func (r *resolver) dupArgs(attrs []*ast.Attribute) {
	for _, a := range attrs {
		seen := map[string]bool{}
		for _, arg := range a.Args {
			if arg.Name == nil {
				continue
			}
			if seen[arg.Name.Name] {
				r.errAt(stAttrs, arg.Span, "Argument \""+arg.Name.Name+"\" is already specified.")
			}
			seen[arg.Name.Name] = true
		}
	}
}

// nameErr records a finding of the name pass; rank orders it within its
// block: the block's own name checks (< 0), its fields (0), then the
// clash with another block (1).
func (r *resolver) nameErr(rank int, sp ast.Span, msg string) {
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(sp.Start), Message: msg, Start: sp.Start.Offset, End: sp.End.Offset, stage: stNames, rank: rank})
}

// checkName rejects a declared name that starts with a digit, which the
// lexer lets through as a name so it can be reported this way.
func (r *resolver) checkName(id ast.Ident, what string) {
	if id.Name != "" && id.Name[0] >= '0' && id.Name[0] <= '9' {
		rank := 0
		if what != "Field" && what != "Enum Value" {
			rank = -1
		}
		r.nameErr(rank, id.Span, "Error validating: The name of a "+what+" must not start with a number.")
	} else if strings.Contains(id.Name, "-") {
		rank := 0
		if what != "Field" && what != "Enum Value" {
			rank = -1
		}
		r.nameErr(rank, id.Span, "Error validating: The character `-` is not allowed in "+what+" names.")
	}
}

// providerTitle is the connector name Prisma puts in its messages.
func providerTitle(p string) string {
	switch p {
	case PostgreSQL:
		return "Postgres"
	case MySQL:
		return "MySQL"
	case SQLite:
		return "sqlite"
	case "sqlserver":
		return "SQL Server"
	case "cockroachdb":
		return "CockroachDB"
	case "mongodb":
		return "MongoDB"
	}
	return p
}

func isBuiltinType(name string) bool {
	switch ScalarType(name) {
	case String, Boolean, Int, BigInt, Float, Decimal, DateTime, Json, Bytes:
		return true
	}
	return false
}

func (r *resolver) enum(e *ast.Enum) {
	en := r.enums[e.Name.Name]
	if en == nil || r.enumNodes[en] != e {
		return // a duplicate, already reported
	}
	seen := map[string]bool{}
	for _, v := range e.Values {
		r.checkName(v.Name, "Enum Value")
		if seen[v.Name.Name] {
			r.errAt(stNames, r.lineSpan(v.Span), "Value \""+v.Name.Name+"\" is already defined on enum \""+e.Name.Name+"\".")
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
			r.errAt(stAttrs, a.Name.Span, "Attribute not known: \"@"+a.Name.Name+"\".")
		}
		en.Values = append(en.Values, ev)
	}
	if r.hasSchemas && ast.Attr(e.Attrs, "schema") == nil {
		r.verr(rkSchema, 0, e.Span, "This enum is missing an `@@schema` attribute.")
	}
	if len(e.Values) == 0 {
		r.errAt(stNames, e.Span, "Error validating: An enum must have at least one value.")
	}
	for _, a := range e.Attrs {
		switch a.Name.Name {
		case "map":
			if s, ok := r.stringArg(a, "name"); ok {
				en.DBName = s
			}
		case "schema":
			if s := r.schemaAttr(a, true); s != "" {
				en.Schema = s
			}
		default:
			r.errAt(stAttrs, a.Name.Span, "Attribute not known: \"@"+a.Name.Name+"\".")
		}
	}
	// Two enums on one database type (in one schema) clash; Prisma names
	// the later one.
	k := en.Schema + "\x00" + en.DBName
	if r.enumDBNames[k] {
		r.verr(rkSchemaEnum, 0, e.Span, "An enum with the same database name is already defined.")
	}
	r.enumDBNames[k] = true
}
