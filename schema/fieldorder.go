package schema

import (
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// The order in which Prisma reads a field's attributes, and the field
// rules that depend on the block around it.

// blockIDResolves reports whether the model has an @@id whose fields all
// exist.
func blockIDResolves(m *ast.Model) bool {
	a := ast.Attr(m.Attrs, "id")
	if a == nil {
		return false
	}
	arg := a.Arg("fields", 0)
	if arg == nil {
		return false
	}
	arr, ok := arg.Value.(*ast.ArrayExpr)
	if !ok {
		return false
	}
	for _, el := range arr.Elems {
		name := exprText(el)
		if call, ok := el.(*ast.FuncCall); ok {
			name = call.Name.Name
		}
		found := false
		for _, f := range m.Fields {
			found = found || f.Name.Name == name
		}
		if !found {
			return false
		}
	}
	return true
}

// countAttr counts the attributes called name.
func countAttr(attrs []*ast.Attribute, name string) int {
	n := 0
	for _, a := range attrs {
		if a.Name.Name == name {
			n++
		}
	}
	return n
}

// scalarAttrRank is the order in which Prisma visits a scalar field's
// attributes, whatever order they are written in: its findings come out
// in this order. Native types come next, and unknown attributes last.
var scalarAttrRank = map[string]int{"map": 0, "ignore": 1, "relation": 2, "id": 3, "updatedAt": 4, "default": 5, "unique": 6}

// scalarAttrOrder sorts a field's attributes into Prisma's visiting order,
// keeping the written order among equals. An enum field has no native
// types: Prisma reports them after its other unknown attributes.
func scalarAttrOrder(attrs []*ast.Attribute, enum bool) []*ast.Attribute {
	rank := func(a *ast.Attribute) int {
		if k, ok := scalarAttrRank[a.Name.Name]; ok {
			return k
		}
		if strings.Contains(a.Name.Name, ".") {
			if enum {
				return 10
			}
			return 8
		}
		return 9
	}
	out := append([]*ast.Attribute(nil), attrs...)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// ignoredTwice reports @ignore on a field of an @@ignore model. Prisma
// finds it while it reads the model's @@ignore, after the fields'
// attributes, and points at the whole field line.
func (r *resolver) ignoredTwice(fi *fieldInfo) {
	if n := countAttr(r.models[fi.f.Model.Name].node.Attrs, "ignore"); n != 1 {
		return // a repeated @@ignore is not read
	}
	saved := r.attrRank
	r.attrRank = 1
	r.errAt(stAttrs, r.lineSpan(fi.node.Span), "Error parsing attribute \"@ignore\": Fields on an already ignored Model do not need an `@ignore` annotation.")
	r.attrRank = saved
}
