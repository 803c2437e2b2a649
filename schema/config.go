package schema

import (
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

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
		if _, seen := r.fileProvider[c.Span.Start.File]; !seen {
			r.fileProvider[c.Span.Start.File] = r.provider
		}
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
			r.schemasProp = p
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
			r.datasourceSchemas()
			ds.Schemas = r.dsSchemas
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
	for _, p := range r.previewProps {
		// Prisma checks a generator's features against the datasource of
		// its own file (in a multi-file schema, maybe none).
		active := activePreview
		if r.fileProvider[p.Span.Start.File] != PostgreSQL {
			active = active[1:]
		}
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

func hasProperty(c *ast.Config, key string) bool {
	for _, p := range c.Properties {
		if p.Key.Name == key {
			return true
		}
	}
	return false
}

// multiSchemaProviders are the connectors with Prisma's MultiSchema
// capability: the only ones that take `schemas` and `@@schema`.
// https://www.prisma.io/docs/orm/prisma-schema/data-model/multi-schema
var multiSchemaProviders = map[string]bool{PostgreSQL: true, "cockroachdb": true, "sqlserver": true}

// datasourceSchemas reads the datasource's `schemas` once the provider is
// known, with Prisma's checks in its order: a provider without multi-schema
// refuses the property outright; otherwise each entry must be a string (a
// lone string counts as a list of one), the list must not be empty, and
// each name may appear once (reported by name, at its first entry).
// https://github.com/prisma/prisma-engines (psl-core datasource_loader.rs)
func (r *resolver) datasourceSchemas() {
	p := r.schemasProp
	if p == nil {
		return
	}
	if !multiSchemaProviders[r.provider] {
		r.errAt(stConfig, p.Value.ExprSpan(), "The `schemas` property is not supported on the current connector.")
		return
	}
	elems := []ast.Expr{p.Value}
	if arr, ok := p.Value.(*ast.ArrayExpr); ok {
		elems = arr.Elems
	}
	type entry struct {
		name string
		span ast.Span
	}
	var names []entry
	bad := false
	for _, el := range elems {
		s, ok := el.(*ast.StringLit)
		if !ok {
			r.errAt(stConfig, el.ExprSpan(), "Expected a string value, but received "+exprKind(el)+".")
			bad = true
			continue
		}
		names = append(names, entry{s.Value, s.ExprSpan()})
		r.dsSchemas = append(r.dsSchemas, s.Value)
	}
	if bad {
		return // Prisma checks the list only when every entry is a string
	}
	if _, ok := p.Value.(*ast.ArrayExpr); ok && len(elems) == 0 {
		r.errAt(stConfig, p.Value.ExprSpan(), "If provided, the schemas array can not be empty.")
	}
	sort.SliceStable(names, func(i, j int) bool { return names[i].name < names[j].name })
	for i := 1; i < len(names); i++ {
		first := i - 1
		for first > 0 && names[first-1].name == names[i].name {
			first--
		}
		if names[first].name == names[i].name {
			r.errAt(stConfig, names[first].span, "Duplicated schema names are not allowed")
		}
	}
}

// schemaAttr checks @@schema("name") against the datasource's schemas and
// returns the name. Prisma calls its one argument `map`.
func (r *resolver) schemaAttr(a *ast.Attribute, enum bool) string {
	s, ok := r.stringArg(a, "map")
	for i, arg := range a.Args {
		if (arg.Name == nil && i > 0) || (arg.Name != nil && arg.Name.Name != "map") {
			r.errAt(stAttrs, arg.Span, "No such argument.")
		}
	}
	if !ok {
		return ""
	}
	switch {
	case r.provider == "":
		return s // no datasource to check against
	case !multiSchemaProviders[r.provider]:
		// A validation check: Prisma skips it when the datasource is wrong,
		// and checks the models before the enums.
		rank := rkModelSchema
		if enum {
			rank = rkSchemaEnum
		}
		r.verr(rank, 0, a.Span, "@@schema is not supported on the current datasource provider")
		return s
	}
	for _, d := range r.dsSchemas {
		if d == s {
			return s
		}
	}
	rank := rkModelSchema
	if enum {
		rank = rkSchemaEnum
	}
	r.verr(rank, 0, a.Span, "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema")
	return s
}
