package schema

import (
	"sort"
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

	models    map[string]*modelInfo
	enums     map[string]*Enum
	enumNodes map[*Enum]*ast.Enum
	composite map[string]bool // composite type names (MongoDB only)
	dupModels []*modelInfo    // models whose name was taken: checked, not kept

	unusedArgs []Diagnostic // reported after every other attribute error
	fieldOff   int          // offset of the field being resolved, to order its findings
	attrRank   int          // 1 while block attributes are read
	relPos     int          // offset of the relation being checked
	hasSchemas bool         // the datasource has a schemas property
	dsSchemas  []string     // its values

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
		files:     files,
		genNames:  map[string]bool{},
		enumNodes: map[*Enum]*ast.Enum{},
		composite: map[string]bool{},
		preview:   map[string]bool{},
		s:         &Schema{},
		models:    map[string]*modelInfo{},
		enums:     map[string]*Enum{},
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

// Ranks of the validation checks, in Prisma's pipeline order: checks before
// the model loop (< 0), per model (0-99, ordered by model then rank), after
// the models (100-199), then the relations loop (200+).
const (
	rkComposite   = -100
	rkViews       = -90
	rkUnknownFunc = -60
	rkTableName   = -50
	rkUnique      = 10
	rkPKName      = 11
	rkPKNamed     = 12
	rkViewPK      = 13
	rkAutoinc     = 14
	rkList        = 20
	rkNative      = 21
	rkDefault     = 22
	rkIgnoredRel  = 31
	rkActions     = 32
	rkNamedFK     = 33
	rkIndexName   = 41
	rkLength      = 42
	rkAlgorithm   = 43
	rkFulltext    = 44
	rkFulltextSrt = 45
	rkSchema      = 150
	rkRelations   = 200
	rkRelUnique   = 201
	rkRelArity    = 202
	rkRelOptional = 203
	rkRelTypes    = 204
	rkRelFKName   = 205
	rkRelBoth     = 206
	rkRelFields   = 207
	rkRel11       = 208
	rkRelM2M      = 210
	rkOther       = 300
)

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
	r.relations()
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

var knownProviders = map[string]string{
	"sqlite":     SQLite,
	"postgresql": PostgreSQL,
	"postgres":   PostgreSQL,
	"mysql":      MySQL,
	// Prisma knows these; the engine cannot run them, but a schema written
	// for them still validates as Prisma would.
	"sqlserver":   "sqlserver",
	"cockroachdb": "cockroachdb",
	"mongodb":     "mongodb",
}

// Prisma 7 moved connection URLs out of the schema. The engine still reads
// them (Prisma 6 schemas), so they are errors only in strict Prisma 7 mode.
var movedURLKeys = map[string]string{
	"url":               "The datasource property `url` is no longer supported in schema files. Move connection URLs for Migrate to `prisma.config.ts` and pass either `adapter` for a direct database connection or `accelerateUrl` for Accelerate to the `PrismaClient` constructor. See https://pris.ly/d/config-datasource and https://pris.ly/d/prisma7-client-config",
	"directUrl":         "The datasource property `directUrl` is no longer supported in schema files. Move connection URLs to `prisma.config.ts`. See https://pris.ly/d/config-datasource",
	"shadowDatabaseUrl": "The datasource property `shadowDatabaseUrl` is no longer supported in schema files. Move connection URLs to `prisma.config.ts`. See https://pris.ly/d/config-datasource",
}

// datasources reads every datasource block; the first that loads (has a
// known provider) is the schema's. More than one that loads is an error on
// each of them, as in Prisma.
func (r *resolver) datasources(blocks []*ast.Config) {
	var loaded []*ast.Config
	var keep *Datasource
	keepProvider := ""
	for _, c := range blocks {
		r.s.Datasource, r.provider = nil, ""
		r.datasource(c)
		if r.provider == "" {
			continue
		}
		loaded = append(loaded, c)
		if keep == nil {
			keep, keepProvider = r.s.Datasource, r.provider
		}
	}
	if keep != nil {
		r.s.Datasource, r.provider = keep, keepProvider
	}
	if len(loaded) > 1 {
		for _, c := range loaded {
			r.errAt(stConfig, c.Span, "Error validating datasource `"+c.Name.Name+"`: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.")
		}
	}
}

func (r *resolver) datasource(c *ast.Config) {
	ds := &Datasource{Name: c.Name.Name, Pos: r.pos(c.Name.Span.Start), Config: map[string]string{}}
	r.s.Datasource = ds
	var provider *ast.Property
	var unknownProps []*ast.Property // reported only when the block has a provider
	moved := map[string]*ast.Property{}
	seen := map[string]bool{}
	for _, p := range c.Properties {
		if seen[p.Key.Name] {
			r.errAt(stParse, p.Span, "Key \""+p.Key.Name+"\" is already defined in source \""+c.Name.Name+"\".")
			continue
		}
		seen[p.Key.Name] = true
		switch p.Key.Name {
		case "provider":
			provider = p
		case "url":
			moved[p.Key.Name] = p
			switch v := p.Value.(type) {
			case *ast.StringLit:
				ds.URL = v.Value
			case *ast.FuncCall:
				if name, ok := envVar(v); ok {
					ds.URLEnv = name
				} else {
					r.errAt(stConfig, p.Span, "Expected a String value, but received "+valueType(p.Value)+" value `"+exprText(p.Value)+"`.")
				}
			default:
				r.errAt(stConfig, p.Span, "Expected a String value, but received "+valueType(p.Value)+" value `"+exprText(p.Value)+"`.")
			}
		case "directUrl", "shadowDatabaseUrl":
			moved[p.Key.Name] = p
			ds.Config[p.Key.Name] = renderExpr(p.Value)
		case "relationMode", "referentialIntegrity":
			v := renderExpr(p.Value)
			ds.Config[p.Key.Name] = v
			if v != "prisma" && v != "foreignKeys" {
				r.errAt(stConfig, c.Span, "Error validating datasource `"+p.Key.Name+"`: Invalid relation mode setting: \""+v+"\". Supported values: \"prisma\", \"foreignKeys\"")
			}
		case "extensions":
			ds.Config[p.Key.Name] = renderExpr(p.Value)
			if !r.preview["postgresqlExtensions"] {
				r.verr(rkComposite-10, 0, p.Span, "The `extensions` property is only available with the `postgresqlExtensions` preview feature.")
			}
		case "schemas":
			ds.Config[p.Key.Name] = renderExpr(p.Value)
			r.hasSchemas = true
			if arr, ok := p.Value.(*ast.ArrayExpr); ok {
				for _, el := range arr.Elems {
					if s, ok := el.(*ast.StringLit); ok {
						r.dsSchemas = append(r.dsSchemas, s.Value)
					}
				}
			}
		default:
			unknownProps = append(unknownProps, p)
		}
	}
	if provider != nil {
		for _, p := range unknownProps {
			r.errAt(stConfig, p.Span, "Property not known: \""+p.Key.Name+"\".")
		}
	}
	if r.opts.Prisma7URLs && provider != nil {
		// Prisma checks them in this order, whatever the order written.
		for _, k := range []string{"url", "shadowDatabaseUrl", "directUrl"} {
			if p := moved[k]; p != nil {
				r.errAt(stConfig, p.Span, movedURLKeys[k])
			}
		}
	}
	for _, e := range c.Empty {
		r.errAt(stConfig, c.Span, "Property "+e.Name+" in datasource "+c.Name.Name+" needs to be assigned a value")
		if e.Name == "provider" {
			return
		}
	}
	if provider == nil {
		r.errAt(stConfig, c.Span, "Argument \"provider\" is missing in data source block \""+c.Name.Name+"\".")
		return
	}
	switch v := provider.Value.(type) {
	case *ast.StringLit:
		norm, ok := knownProviders[v.Value]
		if ok {
			ds.Provider = norm
			r.provider = norm
		} else {
			r.errAt(stConfig, provider.Span, "Datasource provider not known: \""+v.Value+"\".")
		}
	case *ast.FuncCall:
		r.errAt(stConfig, c.Span, "A datasource must not use the env() function in the provider argument.")
	default:
		r.errAt(stConfig, provider.Span, "Error validating datasource `"+c.Name.Name+"`: The provider argument in a datasource must be a string literal")
	}
}

// valueType names an expression's kind as Prisma's coercion errors do.
func valueType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StringLit:
		return "string"
	case *ast.NumberLit:
		return "numeric"
	case *ast.ConstExpr:
		if e.Name == "true" || e.Name == "false" {
			return "boolean"
		}
		return "constant"
	case *ast.ArrayExpr:
		return "array"
	case *ast.FuncCall:
		return "function"
	}
	return "unknown"
}

// exprText prints an expression as written (strings with their quotes).
func exprText(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
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

// Preview features Prisma 7 knows: the active ones (fullTextSearchPostgres
// only on PostgreSQL), and the deprecated ones, which are warnings.
var activePreview = []string{"fullTextSearchPostgres", "nativeDistinct", "partialIndexes", "postgresqlExtensions", "relationJoins", "schemaEngineDriverAdapters", "shardKeys", "strictUndefinedChecks", "typedSql", "views"}

var deprecatedPreview = []string{"aggregateApi", "atomicNumberOperations", "clientExtensions", "cockroachdb", "connectOrCreate", "createMany", "dataProxy", "deno", "distinct", "driverAdapters", "extendedIndexes", "extendedWhereUnique", "fieldReference", "filterJson", "filteredRelationCount", "fullTextIndex", "fullTextSearch", "groupBy", "improvedQueryRaw", "interactiveTransactions", "jsonProtocol", "microsoftSqlServer", "middlewares", "mongoDb", "multiSchema", "nApi", "namedConstraints", "nativeTypes", "omitApi", "orderByAggregateGroup", "orderByNulls", "orderByRelation", "prismaSchemaFolder", "queryCompiler", "reactNative", "referentialActions", "referentialIntegrity", "selectRelationCount", "tracing", "transactionApi", "uncheckedScalarInputs"}

// checkPreview reports unknown preview features; it runs once the provider
// is known, since the list of features Prisma offers depends on it.
func (r *resolver) checkPreview() {
	active := activePreview
	if r.provider != PostgreSQL {
		active = active[1:]
	}
	for _, p := range r.previewProps {
		arr, ok := p.Value.(*ast.ArrayExpr)
		if !ok {
			continue
		}
		for _, el := range arr.Elems {
			s, ok := el.(*ast.StringLit)
			if !ok {
				continue
			}
			if k := findFold(active, s.Value); k != "" {
				r.preview[k] = true
				continue
			}
			if k := findFold(deprecatedPreview, s.Value); k != "" {
				r.preview[k] = true
				r.warnAt(p.Value.ExprSpan(), "Preview feature \""+s.Value+"\" is deprecated. The functionality can be used without specifying it as a preview feature.")
				continue
			}
			r.errAt(stConfig, p.Span, "The preview feature \""+s.Value+"\" is not known. Expected one of: "+strings.Join(active, ", "))
		}
	}
}

func findFold(list []string, s string) string {
	for _, k := range list {
		if strings.EqualFold(k, s) {
			return k
		}
	}
	return ""
}

func (r *resolver) generator(c *ast.Config) {
	g := &Generator{Name: c.Name.Name, Config: map[string]string{}, Pos: r.pos(c.Name.Span.Start)}
	if r.genNames[g.Name] {
		r.errAt(stNames, c.Name.Span, "The generator \""+g.Name+"\" cannot be defined because a generator with that name already exists.")
		return
	}
	r.genNames[g.Name] = true
	hasProvider := false
	seenKey := map[string]bool{}
	for _, p := range c.Properties {
		if seenKey[p.Key.Name] {
			r.errAt(stParse, p.Span, "Key \""+p.Key.Name+"\" is already defined in generator \""+g.Name+"\".")
			continue
		}
		seenKey[p.Key.Name] = true
		v := renderExpr(p.Value)
		g.Config[p.Key.Name] = v
		switch p.Key.Name {
		case "provider":
			g.Provider = v
			hasProvider = true
		case "output":
			g.Output = v
		case "previewFeatures":
			if hasProperty(c, "provider") {
				r.previewProps = append(r.previewProps, p)
			}
			// Features are needed before the datasource is read; the
			// check for unknown ones comes later.
			if arr, ok := p.Value.(*ast.ArrayExpr); ok {
				for _, el := range arr.Elems {
					if s, ok := el.(*ast.StringLit); ok {
						if k := findFold(activePreview, s.Value); k != "" {
							r.preview[k] = true
						}
					}
				}
			}
		}
	}
	for _, e := range c.Empty {
		r.errAt(stConfig, c.Span, "Property "+e.Name+" in generator "+c.Name.Name+" needs to be assigned a value")
		if e.Name == "provider" {
			hasProvider = true
		}
	}
	if !hasProvider {
		r.errAt(stConfig, c.Span, "Argument \"provider\" is missing in generator block \""+g.Name+"\".")
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
			if arg := a.Arg("name", 0); arg != nil {
				if s, ok := arg.Value.(*ast.StringLit); ok {
					mo.Schema = s.Value
				}
			}
		} else if r.hasSchemas {
			r.verr(rkSchema, 0, m.Span, "Error validating model \""+m.Name.Name+"\": This model is missing an `@@schema` attribute.")
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

// providerTitle is the connector name Prisma puts in its messages.
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

// checkName rejects a declared name that starts with a digit, which the
// lexer lets through as a name so it can be reported this way.
// nameErr records a finding of the name pass; rank orders it within its
// block: the block's own name checks (< 0), its fields (0), then the
// clash with another block (1).
func (r *resolver) nameErr(rank int, sp ast.Span, msg string) {
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(sp.Start), Message: msg, Start: sp.Start.Offset, End: sp.End.Offset, stage: stNames, rank: rank})
}

func (r *resolver) checkName(id ast.Ident, what string) {
	if id.Name != "" && id.Name[0] >= '0' && id.Name[0] <= '9' {
		rank := 0
		if what != "Field" && what != "Enum Value" {
			rank = -1
		}
		r.nameErr(rank, id.Span, "Error validating: The name of a "+what+" must not start with a number.")
	}
}

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
			if s := r.schemaAttr(a); s != "" {
				en.Schema = s
			}
		default:
			r.errAt(stAttrs, a.Name.Span, "Attribute not known: \"@"+a.Name.Name+"\".")
		}
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

// schemaAttr checks @@schema("name") against the datasource's schemas and
// returns the name.
func (r *resolver) schemaAttr(a *ast.Attribute) string {
	s, ok := r.stringArg(a, "name")
	if !ok {
		return ""
	}
	switch r.provider {
	case PostgreSQL, "cockroachdb", "sqlserver":
	case "":
		return s // no datasource to check against
	default:
		r.errAt(stAttrs, a.Span, "@@schema is not supported on the current datasource provider")
		return s
	}
	for _, d := range r.dsSchemas {
		if d == s {
			return s
		}
	}
	r.verr(rkSchema, 0, a.Span, "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema")
	return s
}

func hasProperty(c *ast.Config, key string) bool {
	for _, p := range c.Properties {
		if p.Key.Name == key {
			return true
		}
	}
	return false
}

// orderAttrsByBlock puts the attribute pass's findings in block order:
// Prisma visits the attributes of each model and enum in turn, in source
// order, while the resolver reads enums before models.
func orderAttrsByBlock(ds Diagnostics, files []*ast.File, st stage) {
	type blk struct{ file, start, end int }
	var blocks []blk
	fileOf := map[string]int{}
	for i, f := range files {
		fileOf[f.Name] = i
		for _, b := range f.Blocks {
			sp := b.BlockSpan()
			blocks = append(blocks, blk{i, sp.Start.Offset, sp.End.Offset})
		}
	}
	key := func(d Diagnostic) [4]int {
		fi := fileOf[d.Pos.File]
		for _, b := range blocks {
			if b.file == fi && d.Start >= b.start && d.Start < b.end {
				return [4]int{fi, b.start, d.rank, d.sub}
			}
		}
		return [4]int{fi, d.Start, 0, 0}
	}
	var idx []int
	var keys [][4]int
	for i, d := range ds {
		if d.stage == st && d.Severity == SeverityError {
			idx = append(idx, i)
			keys = append(keys, key(d))
		}
	}
	vals := make([]Diagnostic, len(idx))
	order := make([]int, len(idx))
	for i := range order {
		order[i] = i
		vals[i] = ds[idx[i]]
	}
	sort.SliceStable(order, func(a, b int) bool {
		ka, kb := keys[order[a]], keys[order[b]]
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
		return false
	})
	for i, o := range order {
		ds[idx[i]] = vals[o]
	}
}

// orderValidation sorts the validation pipeline's findings into Prisma's
// order: checks before the model loop, then model by model (in source
// order) each check in turn, then checks after the models, then the
// relations; discovery order breaks ties.
func orderValidation(ds Diagnostics, files []*ast.File) {
	fileOf := map[string]int{}
	type blk struct{ file, start, end int }
	var blocks []blk
	for i, f := range files {
		fileOf[f.Name] = i
		for _, b := range f.Blocks {
			sp := b.BlockSpan()
			blocks = append(blocks, blk{i, sp.Start.Offset, sp.End.Offset})
		}
	}
	type item struct {
		d   Diagnostic
		key [6]int
	}
	var idx []int
	var items []item
	for i, d := range ds {
		if d.stage != stValidate || d.Severity != SeverityError {
			continue
		}
		phase := 3
		switch {
		case d.rank < 0:
			phase = 0
		case d.rank < 100:
			phase = 1
		case d.rank < 200:
			phase = 2
		}
		k := [6]int{phase, 0, 0, d.rank, d.sub, d.rank}
		if d.rank >= 20 && d.rank < 50 {
			// Per field (or index), every check of it before the next one.
			k[3] = d.rank / 10 * 10
		}
		if phase == 1 {
			fi := fileOf[d.Pos.File]
			k[1], k[2] = fi, d.Start
			for _, b := range blocks {
				if b.file == fi && d.Start >= b.start && d.Start < b.end {
					k[2] = b.start
					break
				}
			}
		}
		if phase == 0 || phase == 2 {
			k[3], k[4], k[5] = d.rank, 0, 0
		}
		if phase == 3 {
			k[3], k[4], k[5] = d.sub, d.rank, 0
		}
		idx = append(idx, i)
		items = append(items, item{d, k})
	}
	sort.SliceStable(items, func(a, b int) bool {
		ka, kb := items[a].key, items[b].key
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
		return false
	})
	for i, at := range idx {
		ds[at] = items[i].d
	}
}
