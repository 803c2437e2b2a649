package schema

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// modelFields resolves the fields of one model: type, arity and the field
// attributes. Relation attributes are only parsed here; pairing the two
// sides of a relation waits until every model has its fields.
func (r *resolver) modelFields(mi *modelInfo) {
	m := mi.m
	if a := ast.Attr(mi.node.Attrs, "map"); a != nil {
		if s, ok := r.stringArg(a, "name"); ok {
			m.DBName = s
		}
	}
	r.attrRank = 0
	names := map[string]bool{}
	for _, fn := range mi.node.Fields {
		r.fieldOff = fn.Span.Start.Offset
		r.checkName(fn.Name, "Field")
		if r.models[fn.Type.Name] != nil {
			// A relation field's arguments are read with its attributes,
			// before any block's (see attrRankRelation).
			r.attrRank = attrRankRelation
		}
		r.dupArgs(fn.Attrs)
		r.attrRank = 0
		if names[fn.Name.Name] {
			what := "model"
			if m.IsView {
				what = "view"
			}
			r.errAt(stNames, fn.Name.Span, "Field \""+fn.Name.Name+"\" is already defined on "+what+" \""+m.Name+"\".")
			r.duplicateField(mi, fn)
			continue
		}
		names[fn.Name.Name] = true
		f := &Field{
			Name:     fn.Name.Name,
			DBName:   fn.Name.Name,
			Doc:      fn.Doc,
			TypeName: fn.Type.Name,
			List:     fn.Arity == ast.List,
			Optional: fn.Arity == ast.Optional,
			Model:    m,
			Pos:      r.pos(fn.Name.Span.Start),
		}
		fi := &fieldInfo{f: f, node: fn}
		if !r.fieldType(fi) {
			// Prisma still knows the field, as a field of no scalar type.
			r.untyped[mi] = append(r.untyped[mi], f.Name)
			continue
		}
		mi.fields[f.Name] = fi
		mi.seq = append(mi.seq, fi)
		if f.Unsupported != "" {
			// No client can read or write these; only migrations care.
			m.UnsupportedFields = append(m.UnsupportedFields, f)
		} else {
			m.Fields = append(m.Fields, f)
		}
		if f.Kind == RelationField {
			// Prisma reads every relation field's attributes before any
			// other attribute of any block: their findings come first.
			saved := r.attrRank
			r.attrRank = attrRankRelation
			r.relationFieldAttrs(mi, fi)
			r.attrRank = saved
		} else {
			r.scalarFieldAttrs(mi, fi)
		}
	}
}

// fieldType resolves the written type; false when the field is unusable.
func (r *resolver) fieldType(fi *fieldInfo) bool {
	f, fn := fi.f, fi.node
	name := fn.Type.Name
	switch {
	case name == "Unsupported":
		lit, ok := (*ast.StringLit)(nil), false
		if len(fn.TypeArgs) == 1 {
			lit, ok = fn.TypeArgs[0].Value.(*ast.StringLit)
		}
		if !ok {
			r.errAt(stTypes, fn.Type.Span, "Type \"Unsupported\" is neither a built-in type, nor refers to another model, composite type, or enum.")
			return false
		}
		f.Kind = ScalarField
		f.Unsupported = lit.Value
		return true
	case isBuiltinType(name):
		f.Kind = ScalarField
		f.Type = ScalarType(name)
	case r.enums[name] != nil:
		f.Kind = EnumField
		f.Type = String
		f.Enum = r.enums[name]
	case r.models[name] != nil:
		f.Kind = RelationField
	case r.composite[name]:
		return false // reported on the type's declaration
	default:
		msg := "Type \"" + name + "\" is neither a built-in type, nor refers to another model, composite type, or enum."
		if s := r.caseSuggestion(name); s != "" {
			msg = "Type \"" + name + "\" is neither a built-in type, nor refers to another model, composite type, or enum. Did you mean \"" + s + "\"?"
		}
		r.errAt(stTypes, fn.Type.Span, msg)
		return false
	}
	if len(fn.TypeArgs) > 0 {
		r.errAt(stTypes, fn.Type.Span, "Type \""+name+"\" is neither a built-in type, nor refers to another model, composite type, or enum.")
	}
	return true
}

func (r *resolver) relationFieldAttrs(mi *modelInfo, fi *fieldInfo) {
	seen := map[string]bool{}
	count := map[string]int{}
	for _, a := range fi.node.Attrs {
		count[a.Name.Name]++
	}
	for _, a := range fi.node.Attrs {
		if count[a.Name.Name] > 1 {
			r.errAt(stAttrs, a.Span, "Attribute \""+attrName(a)+"\" can only be defined once.")
			if seen[a.Name.Name] {
				continue
			}
		}
		seen[a.Name.Name] = true
		switch a.Name.Name {
		case "relation":
			fi.rel = r.relationArgs(a)
		case "id":
			r.errAt(stAttrs, a.Span, "Error parsing attribute \"@id\": The field `"+fi.f.Name+"` is a relation field and cannot be marked with `@id`. Only scalar fields can be declared as id.")
		case "unique":
			r.errAt(stAttrs, a.Span, "Error parsing attribute \"@unique\": The field `"+fi.f.Name+"` is a relation field and cannot be marked with `unique`. Only scalar fields can be made unique."+r.putItOn(fi))
		case "default":
			r.errAt(stAttrs, a.Span, "Error parsing attribute \"@default\": Cannot set a default value on a relation field.")
		case "map":
			r.errAt(stAttrs, a.Span, "Error parsing attribute \"@map\": The attribute `@map` cannot be used on relation fields.")
		case "ignore":
			// Unlike a scalar field, a relation field of an @@ignore
			// model may repeat @ignore: Prisma says nothing.
			fi.f.Ignored = true
		default:
			r.unknownFieldAttr(a)
		}
	}
	if fi.rel == nil {
		fi.rel = &relationArgs{}
	}
}

func (r *resolver) unknownFieldAttr(a *ast.Attribute) {
	r.errAt(stAttrs, a.Span, "Attribute not known: \""+attrName(a)+"\".")
}

func (r *resolver) scalarFieldAttrs(mi *modelInfo, fi *fieldInfo) {
	f := fi.f
	r.fieldOff = fi.node.Span.Start.Offset
	// @map first: default constraint names use the column name.
	if a := ast.Attr(fi.node.Attrs, "map"); a != nil {
		if s, ok := r.stringArg(a, "name"); ok {
			f.DBName = s
		}
	}
	// Every occurrence of an attribute written twice is reported; native
	// types count as one attribute named after the datasource.
	count := map[string]int{}
	natives := 0
	for _, a := range fi.node.Attrs {
		if strings.Contains(a.Name.Name, ".") {
			natives++
			continue
		}
		count[a.Name.Name]++
	}
	if natives > 1 {
		// Prisma says it once, and reads none of them.
		for _, a := range fi.node.Attrs {
			if strings.Contains(a.Name.Name, ".") {
				shown, _, _ := strings.Cut(a.Name.Name, ".")
				r.errAt(stAttrs, a.Span, "Attribute \"@"+shown+"\" can only be defined once.")
				break
			}
		}
	}
	var idRequired *ast.Attribute
	for _, a := range scalarAttrOrder(fi.node.Attrs, f.Kind == EnumField) {
		key := a.Name.Name
		if count[key] > 1 {
			shown, _, _ := strings.Cut(key, ".")
			r.errAt(stAttrs, a.Span, "Attribute \"@"+shown+"\" can only be defined once.")
			// Prisma reads no occurrence of a repeated attribute.
			continue
		}
		switch a.Name.Name {
		case "map":
		case "id":
			f.ID = true
			if mi.m.IsView {
				r.verr(rkViewPK, 0, a.Span, "Error validating: Views cannot have primary keys.")
			}
			if mi.m.PrimaryKey != nil {
				r.errAt(stAttrs, mi.node.Span, "Error validating model \""+mi.m.Name+"\": At most one field must be marked as the id field with the `@id` attribute.")
				continue
			}
			if f.Optional || f.List {
				idRequired = a // reported after the other attributes, as Prisma does
			}
			pk := &PrimaryKey{Name: f.Name, Fields: []string{f.Name}}
			if s, ok := r.optString(a, "map"); ok {
				pk.DBName = s
			}
			r.checkArgs(a, "map", "sort", "length", "clustered")
			mi.m.PrimaryKey = pk
			mi.pkPos = a.Span
		case "unique":
			f.Unique = true
			r.checkArgs(a, "map", "sort", "length", "clustered")
			d := &indexDef{
				idx:     &Index{Name: f.Name, Fields: []string{f.Name}, Unique: true},
				pos:     a.Span,
				nodes:   []ast.Expr{nil},
				fromFld: true,
			}
			if s, ok := r.optString(a, "map"); ok {
				d.idx.DBName = s
			}
			if arg := a.Arg("sort", -1); arg != nil {
				d.idx.Sort = []string{r.sortArg(a, arg)}
				d.sorted = true
			}
			d.length = a.Arg("length", -1) != nil
			mi.idxDef = append(mi.idxDef, d)
		case "default":
			f.Default = r.parseDefault(a, f)
		case "updatedAt":
			f.UpdatedAt = true
			if f.Type != DateTime || f.Kind != ScalarField {
				r.errAt(stAttrs, a.Span, "Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt must be of type DateTime.")
			}
			if f.List {
				r.errAt(stAttrs, a.Span, "Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt cannot be lists.")
			}
		case "relation":
			r.errAt(stAttrs, a.Span, "Error parsing attribute \"@relation\": Invalid field type, not a relation.")
			for _, arg := range a.Args {
				r.unusedArgs = append(r.unusedArgs, Diagnostic{Pos: r.pos(arg.Span.Start), Message: "No such argument.", Start: arg.Span.Start.Offset, End: arg.Span.End.Offset, stage: stAttrs})
			}
		case "ignore":
			if f.Unsupported != "" {
				// Such fields are ignored by the client already.
				r.errAt(stAttrs, a.Span, "Error parsing attribute \"@ignore\": Fields of type `Unsupported` cannot take an `@ignore` attribute. They are already treated as ignored by the client due to their type.")
				continue
			}
			if mi.m.Ignored {
				r.ignoredTwice(fi)
			}
			f.Ignored = true
		default:
			if strings.Contains(a.Name.Name, ".") && natives > 1 {
				continue
			}
			if strings.Contains(a.Name.Name, ".") && f.Kind == ScalarField {
				f.NativeType = nativeTypeText(a)
				r.checkNativeType(f, a)
				continue
			}
			r.unknownFieldAttr(a)
		}
	}
	if idRequired != nil && !mi.m.Ignored && !blockIDResolves(mi.node) {
		// With a good @@id too, Prisma reports only the clash of the two.
		// Prisma finds it after the model's block attributes.
		saved := r.attrRank
		r.attrRank = 2
		r.errAt(stAttrs, idRequired.Span, "Error parsing attribute \"@id\": Fields that are marked as id must be required.")
		r.attrRank = saved
	}
}

// nativeTypeText renders `@db.VarChar(255)` as "VarChar(255)".
func nativeTypeText(a *ast.Attribute) string {
	_, name, _ := strings.Cut(a.Name.Name, ".")
	if !a.Paren {
		return name
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	writeArgs(&b, a.Args)
	b.WriteByte(')')
	return b.String()
}

// optString reads an optional named string argument.
func (r *resolver) optString(a *ast.Attribute, name string) (string, bool) {
	arg := a.Arg(name, -1)
	if arg == nil {
		return "", false
	}
	s, ok := arg.Value.(*ast.StringLit)
	if !ok {
		r.errAt(stAttrs, arg.Span, "Error parsing attribute \""+attrName(a)+"\": Expected a string value, but received "+exprKind(arg.Value)+".")
		return "", false
	}
	return s.Value, true
}

// checkArgs reports named arguments the attribute does not take, and
// positional ones where none is allowed.
func (r *resolver) checkArgs(a *ast.Attribute, allowed ...string) {
	// Block attributes take their field list as the first positional argument.
	positional := a.Block
	for _, arg := range a.Args {
		if arg.Name == nil {
			if positional {
				positional = false
				continue
			}
			r.errAt(stAttrs, arg.Span, "No such argument.")
			continue
		}
		ok := false
		for _, n := range allowed {
			if arg.Name.Name == n {
				ok = true
				break
			}
		}
		if !ok {
			r.errAt(stAttrs, arg.Span, "No such argument.")
		}
	}
}

func (r *resolver) sortArg(a *ast.Attribute, arg *ast.Arg) string {
	c, ok := arg.Value.(*ast.ConstExpr)
	if !ok || (c.Name != "Asc" && c.Name != "Desc") {
		r.errAt(stAttrs, arg.Value.ExprSpan(), "Unexpected token. Expected one of: Asc, Desc")
		return ""
	}
	return c.Name
}

// caseSuggestion finds a built-in type, model or enum whose name differs
// from name only in letter case, as Prisma suggests it.
func (r *resolver) caseSuggestion(name string) string {
	for _, t := range []ScalarType{String, Boolean, Int, BigInt, Float, Decimal, DateTime, Json, Bytes} {
		if strings.EqualFold(string(t), name) {
			return string(t)
		}
	}
	for _, mi := range r.modelSeq {
		if strings.EqualFold(mi.m.Name, name) {
			return mi.m.Name
		}
	}
	for _, e := range r.s.Enums {
		if strings.EqualFold(e.Name, name) {
			return e.Name
		}
	}
	return ""
}

// duplicateField reads a field whose name is taken, as Prisma still does:
// its type and attributes are checked (a second @id is a second id, a
// @map can collide), but it joins neither the model nor its keys.
func (r *resolver) duplicateField(mi *modelInfo, fn *ast.Field) {
	m := mi.m
	f := &Field{
		Name: fn.Name.Name, DBName: fn.Name.Name, TypeName: fn.Type.Name,
		List: fn.Arity == ast.List, Optional: fn.Arity == ast.Optional, Model: m,
		Pos: r.pos(fn.Name.Span.Start),
	}
	fi := &fieldInfo{f: f, node: fn}
	if !r.fieldType(fi) {
		return
	}
	scratch := &modelInfo{
		m:      &Model{Name: m.Name, DBName: m.DBName, PrimaryKey: m.PrimaryKey, IsView: m.IsView, Ignored: m.Ignored},
		node:   mi.node,
		fields: map[string]*fieldInfo{},
	}
	if f.Kind == RelationField {
		r.relationFieldAttrs(scratch, fi)
		return
	}
	r.scalarFieldAttrs(scratch, fi)
	if ast.Attr(fn.Attrs, "map") != nil {
		mi.dups = append(mi.dups, fi) // its column can collide too
	}
}

// putItOn is Prisma's hint after @unique on a relation field: its one
// scalar field, or a @@unique of its scalar fields when it has several.
func (r *resolver) putItOn(fi *fieldInfo) string {
	a := ast.Attr(fi.node.Attrs, "relation")
	if a == nil {
		return ""
	}
	arg := a.Arg("fields", -1)
	if arg == nil {
		return ""
	}
	arr, ok := arg.Value.(*ast.ArrayExpr)
	if !ok || len(arr.Elems) == 0 {
		return ""
	}
	if len(arr.Elems) > 1 {
		var names []string
		for _, el := range arr.Elems {
			names = append(names, exprText(el))
		}
		return " Did you mean to provide `@@unique([" + strings.Join(names, ", ") + "])`?"
	}
	return " Did you mean to put it on `" + exprText(arr.Elems[0]) + "`?"
}
