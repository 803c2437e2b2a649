package dmmf

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// indexes lists a model's primary key, unique constraints and indexes in
// Prisma's order: the primary key, the fields' @unique in field order, then
// @@index, @@unique and @@fulltext, each in declaration order. Only what
// was written appears: a name or database name Prisma derives is left out.
// Indexes are database objects, so those over @ignore'd and Unsupported
// fields are listed too.
func (b *builder) indexes(m *ast.Model) []any {
	model := m.Name.Name
	var out []any
	for _, f := range m.Fields {
		if a := ast.Attr(f.Attrs, "id"); a != nil {
			out = append(out, fieldIndex(model, "id", f, a))
		}
	}
	if a := ast.Attr(m.Attrs, "id"); a != nil {
		out = append(out, blockIndex(model, "id", a))
	}
	for _, f := range m.Fields {
		if a := ast.Attr(f.Attrs, "unique"); a != nil {
			out = append(out, fieldIndex(model, "unique", f, a))
		}
	}
	for _, kind := range []struct{ attr, typ string }{{"index", "normal"}, {"unique", "unique"}, {"fulltext", "fulltext"}} {
		for _, a := range m.Attrs {
			if a.Name.Name == kind.attr {
				out = append(out, blockIndex(model, kind.typ, a))
			}
		}
	}
	return out
}

// fieldIndex is @id or @unique on a field.
func fieldIndex(model, typ string, f *ast.Field, a *ast.Attribute) Object {
	o := obj("model", model, "type", typ, "isDefinedOnField", true)
	if db := optString(a, "map", -1); db != nil {
		o = append(o, Member{"dbName", db})
	}
	if c := boolArg(a, "clustered"); c != nil {
		o = append(o, Member{"clustered", c})
	}
	return append(o, Member{"fields", []any{indexField(f.Name.Name, a.Args)}})
}

// blockIndex is @@id, @@unique, @@index or @@fulltext.
func blockIndex(model, typ string, a *ast.Attribute) Object {
	o := obj("model", model, "type", typ, "isDefinedOnField", false)
	name, db := optString(a, "name", -1), optString(a, "map", -1)
	if typ == "normal" && db == nil {
		// @@index(name: ...) is the spelling of map: from before Prisma 3.
		name, db = nil, name
	}
	if name != nil {
		o = append(o, Member{"name", name})
	}
	if db != nil {
		o = append(o, Member{"dbName", db})
	}
	if arg := a.Arg("type", -1); arg != nil {
		if c, ok := arg.Value.(*ast.ConstExpr); ok {
			o = append(o, Member{"algorithm", c.Name})
		}
	}
	if c := boolArg(a, "clustered"); c != nil {
		o = append(o, Member{"clustered", c})
	}
	fields := []any{}
	if arg := a.Arg("fields", 0); arg != nil {
		elems := []ast.Expr{arg.Value}
		if arr, ok := arg.Value.(*ast.ArrayExpr); ok {
			elems = arr.Elems
		}
		for _, e := range elems {
			switch e := e.(type) {
			case *ast.ConstExpr:
				fields = append(fields, indexField(e.Name, nil))
			case *ast.FuncCall:
				fields = append(fields, indexField(e.Name.Name, e.Args))
			}
		}
	}
	return append(o, Member{"fields", fields})
}

// indexField is one column of an index with the options written on it.
func indexField(name string, args []*ast.Arg) Object {
	o := obj("name", name)
	if arg := ast.FindArg(args, "sort", -1); arg != nil {
		if c, ok := arg.Value.(*ast.ConstExpr); ok {
			o = append(o, Member{"sortOrder", strings.ToLower(c.Name)})
		}
	}
	if arg := ast.FindArg(args, "length", -1); arg != nil {
		if n, ok := arg.Value.(*ast.NumberLit); ok {
			if i, err := strconv.ParseInt(n.Text, 10, 64); err == nil {
				o = append(o, Member{"length", i})
			}
		}
	}
	if arg := ast.FindArg(args, "ops", -1); arg != nil {
		switch v := arg.Value.(type) {
		case *ast.ConstExpr:
			o = append(o, Member{"operatorClass", v.Name})
		case *ast.FuncCall: // raw("...")
			if len(v.Args) == 1 {
				if s, ok := v.Args[0].Value.(*ast.StringLit); ok {
					o = append(o, Member{"operatorClass", s.Value})
				}
			}
		}
	}
	return o
}

// indexFieldNames is the field list of @@id / @@unique as names.
func indexFieldNames(a *ast.Attribute) []any {
	return nameList(a.Arg("fields", 0))
}

func boolArg(a *ast.Attribute, name string) any {
	arg := a.Arg(name, -1)
	if arg == nil {
		return nil
	}
	if c, ok := arg.Value.(*ast.ConstExpr); ok && (c.Name == "true" || c.Name == "false") {
		return c.Name == "true"
	}
	return nil
}
