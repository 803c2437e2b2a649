package dmmf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// Config returns the datasources and generators of the schema in the shape
// of Prisma's get_config.
func Config(sch *schema.Schema) (datasources, generators []any, err error) {
	if sch == nil {
		return nil, nil, fmt.Errorf("dmmf: no schema")
	}
	src, err := readSource(sch)
	if err != nil {
		return nil, nil, err
	}
	datasources, generators = []any{}, []any{}
	for _, c := range src.configs {
		if c.Keyword == "datasource" {
			datasources = append(datasources, datasource(c, src.configFile[c]))
		} else {
			generators = append(generators, generator(c, src.configFile[c]))
		}
	}
	return datasources, generators, nil
}

// Document is what `ppy dmmf` writes: {"datamodel", "datasources",
// "generators"}, indented like JSON.stringify(v, null, 2).
func Document(sch *schema.Schema) ([]byte, error) {
	dm, err := DatamodelValue(sch)
	if err != nil {
		return nil, err
	}
	ds, gens, err := Config(sch)
	if err != nil {
		return nil, err
	}
	return Indent(obj("datamodel", dm, "datasources", ds, "generators", gens)), nil
}

// datasource: the provider as written and normalised (activeProvider), the
// connection URLs when the block has them (Prisma 7 moved them out of the
// schema and reports none; Prisma 6 wrote url and directUrl as
// {fromEnvVar, value}), and the schemas.
func datasource(c *ast.Config, file string) Object {
	provider := ""
	if p := property(c, "provider"); p != nil {
		provider = plain(p.Value)
	}
	active := provider
	if active == "postgres" {
		active = schema.PostgreSQL
	}
	o := obj("name", c.Name.Name, "provider", provider, "activeProvider", active)
	for _, key := range []string{"url", "directUrl"} {
		if p := property(c, key); p != nil {
			o = append(o, Member{key, envValue(p.Value)})
		}
	}
	schemas := []any{}
	if p := property(c, "schemas"); p != nil && (active == schema.PostgreSQL || active == "cockroachdb" || active == "sqlserver") {
		schemas = schemaNames(p.Value)
	}
	return append(o, Member{"schemas", schemas}, Member{"sourceFilePath", file})
}

// generator: provider and output as {fromEnvVar, value}, every other key
// under config (strings as strings, lists as lists of strings), the binary
// targets and the preview features (sorted, as Prisma keeps them in a set).
func generator(c *ast.Config, file string) Object {
	var provider, output any
	config := Object{}
	binaryTargets, preview := []any{}, []any{}
	for _, p := range c.Properties {
		switch p.Key.Name {
		case "provider":
			provider = envValue(p.Value)
		case "output":
			output = envValue(p.Value)
		case "binaryTargets":
			for _, e := range elems(p.Value) {
				binaryTargets = append(binaryTargets, envValue(e))
			}
		case "previewFeatures":
			var names []string
			seen := map[string]bool{}
			for _, v := range strings_(p.Value) {
				if s := v.(string); !seen[strings.ToLower(s)] {
					seen[strings.ToLower(s)] = true
					names = append(names, s)
				}
			}
			sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
			for _, n := range names {
				preview = append(preview, n)
			}
		default:
			if a, ok := p.Value.(*ast.ArrayExpr); ok {
				config = append(config, Member{p.Key.Name, strings_(a)})
			} else {
				config = append(config, Member{p.Key.Name, plain(p.Value)})
			}
		}
	}
	return obj(
		"name", c.Name.Name,
		"provider", provider,
		"output", output,
		"config", config,
		"binaryTargets", binaryTargets,
		"previewFeatures", preview,
		"sourceFilePath", file,
	)
}

func property(c *ast.Config, key string) *ast.Property {
	for _, p := range c.Properties {
		if p.Key.Name == key {
			return p
		}
	}
	return nil
}

// envValue is Prisma's StringFromEnvVar: env("X") → {fromEnvVar: "X",
// value: null}; a literal → {fromEnvVar: null, value}.
func envValue(e ast.Expr) Object {
	if f, ok := e.(*ast.FuncCall); ok && f.Name.Name == "env" && len(f.Args) == 1 {
		if s, ok := f.Args[0].Value.(*ast.StringLit); ok {
			return obj("fromEnvVar", s.Value, "value", nil)
		}
	}
	return obj("fromEnvVar", nil, "value", plain(e))
}

// plain is a config value as a string: a string literal unquoted, anything
// else as written.
func plain(e ast.Expr) string {
	switch v := e.(type) {
	case *ast.StringLit:
		return v.Value
	case *ast.NumberLit:
		return v.Text
	case *ast.ConstExpr:
		return v.Name
	case *ast.FuncCall:
		parts := make([]string, 0, len(v.Args))
		for _, a := range v.Args {
			parts = append(parts, fmt.Sprintf("%q", plain(a.Value)))
		}
		return v.Name.Name + "(" + strings.Join(parts, ", ") + ")"
	case *ast.ArrayExpr:
		parts := make([]string, 0, len(v.Elems))
		for _, el := range v.Elems {
			parts = append(parts, plain(el))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return ""
}

func elems(e ast.Expr) []ast.Expr {
	if a, ok := e.(*ast.ArrayExpr); ok {
		return a.Elems
	}
	return []ast.Expr{e}
}

// strings_ reads a list (or a single value) as strings.
func strings_(e ast.Expr) []any {
	out := []any{}
	for _, el := range elems(e) {
		out = append(out, plain(el))
	}
	return out
}

// schemaNames is the datasource's schemas as get_config gives them:
// sorted, and none at all when an entry is not a string (Prisma then
// reports the entry and keeps no list). A lone string is a list of one.
func schemaNames(e ast.Expr) []any {
	var names []string
	for _, el := range elems(e) {
		s, ok := el.(*ast.StringLit)
		if !ok {
			return []any{}
		}
		names = append(names, s.Value)
	}
	sort.Strings(names)
	out := []any{}
	for _, n := range names {
		out = append(out, n)
	}
	return out
}
