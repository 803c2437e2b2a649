package schema

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// relationArgs is a parsed @relation attribute.
type relationArgs struct {
	attr       *ast.Attribute
	name       string
	fields     []string
	fieldsArg  *ast.Arg
	refs       []string
	refsArg    *ast.Arg
	onDelete   string
	onUpdate   string
	mapName    string
	hasFields  bool
	hasRefs    bool
	nameGiven  bool
	actionsPos ast.Pos
	badRefs    bool // fields/references name missing or relation fields
}

func (r *resolver) relationArgs(a *ast.Attribute) *relationArgs {
	ra := &relationArgs{attr: a}
	r.checkArgs2(a, "name", "fields", "references", "onDelete", "onUpdate", "map")
	if arg := a.Arg("name", 0); arg != nil {
		if s, ok := arg.Value.(*ast.StringLit); ok {
			ra.name, ra.nameGiven = s.Value, true
		} else {
			r.errAt(stAttrs, arg.Span, "Expected a string value, but received "+exprKind(arg.Value)+".")
		}
	}
	if arg := a.Arg("fields", -1); arg != nil {
		ra.fields, ra.hasFields, ra.fieldsArg = r.nameList(a, arg), true, arg
	}
	if arg := a.Arg("references", -1); arg != nil {
		ra.refs, ra.hasRefs, ra.refsArg = r.nameList(a, arg), true, arg
	}
	ra.onDelete = r.referentialAction(a, "onDelete")
	ra.onUpdate = r.referentialAction(a, "onUpdate")
	if s, ok := r.optString(a, "map"); ok {
		ra.mapName = s
	}
	return ra
}

// checkArgs2 is checkArgs allowing one positional argument (the name).
func (r *resolver) checkArgs2(a *ast.Attribute, allowed ...string) {
	positional := 0
	for _, arg := range a.Args {
		if arg.Name == nil {
			positional++
			if positional > 1 {
				r.errAt(stAttrs, arg.Span, "No such argument.")
			}
			continue
		}
		ok := false
		for _, n := range allowed {
			if arg.Name.Name == n {
				ok = true
			}
		}
		if !ok {
			r.errAt(stAttrs, arg.Span, "No such argument.")
		}
	}
}

func (r *resolver) nameList(a *ast.Attribute, arg *ast.Arg) []string {
	arr, ok := arg.Value.(*ast.ArrayExpr)
	if !ok {
		if c, isConst := arg.Value.(*ast.ConstExpr); isConst {
			return []string{c.Name} // Prisma accepts a single name without brackets
		}
		r.errAt(stAttrs, arg.Span, "Error parsing attribute \""+attrName(a)+"\": Expected an array of field names, but received "+exprKind(arg.Value)+".")
		return nil
	}
	out := make([]string, 0, len(arr.Elems))
	for _, el := range arr.Elems {
		c, ok := el.(*ast.ConstExpr)
		if !ok {
			r.errAt(stAttrs, el.ExprSpan(), "Error parsing attribute \""+attrName(a)+"\": Expected a field name, but received "+exprKind(el)+".")
			continue
		}
		out = append(out, c.Name)
	}
	return out
}

func (r *resolver) referentialAction(a *ast.Attribute, name string) string {
	arg := a.Arg(name, -1)
	if arg == nil || countArg(a, name) > 1 {
		return "" // a repeated argument is reported and not read
	}
	c, ok := arg.Value.(*ast.ConstExpr)
	if ok {
		switch c.Name {
		case "Cascade", "Restrict", "NoAction", "SetNull", "SetDefault":
			return c.Name
		}
	}
	r.errAt(stAttrs, arg.Value.ExprSpan(), "Error parsing attribute \"@relation\": Invalid referential action: `"+renderExpr(arg.Value)+"`")
	return ""
}

// relEnd is one relation field while the relations are paired.
type relEnd struct {
	mi *modelInfo
	fi *fieldInfo
	to *modelInfo
}

// relations pairs every relation field with its opposite and fills in
// Relation on both. Fields are grouped by (the two models, relation name):
// a well-formed group holds exactly one field on each side.
func (r *resolver) relations() {
	type key struct{ a, b, name string }
	groups := map[key][]relEnd{}
	var order []key
	for _, mi := range r.modelSeq {
		for _, fi := range mi.seq {
			if fi.f.Kind != RelationField {
				continue
			}
			to := r.models[fi.f.TypeName]
			a, b := mi.m.Name, to.m.Name
			if b < a {
				a, b = b, a
			}
			k := key{a, b, fi.rel.name}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], relEnd{mi: mi, fi: fi, to: to})
		}
	}
	for _, k := range order {
		ends := groups[k]
		r.relPos = relationPos(ends)
		if k.a == k.b {
			r.selfGroup(ends)
			continue
		}
		var sideA, sideB []relEnd
		for _, e := range ends {
			if e.mi.m.Name == k.a {
				sideA = append(sideA, e)
			} else {
				sideB = append(sideB, e)
			}
		}
		okA := r.oneSide(sideA, k.name)
		okB := r.oneSide(sideB, k.name)
		if !okA || !okB {
			continue
		}
		switch {
		case len(sideA) == 1 && len(sideB) == 1:
			r.pair(sideA[0], sideB[0])
		case len(sideA) == 1:
			r.missingOpposite(sideA[0])
		default:
			r.missingOpposite(sideB[0])
		}
	}
}

// oneSide reports an ambiguity when one model has several fields in the
// same relation.
func (r *resolver) oneSide(side []relEnd, name string) bool {
	if len(side) <= 1 {
		return true
	}
	first, e := side[0], side[1]
	// Prisma names every field of the group: `a`, `b` and `c`.
	names := make([]string, len(side))
	for i, x := range side {
		names[i] = "`" + x.fi.f.Name + "`"
	}
	all := strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	msg := "Error validating model \"" + e.mi.m.Name + "\": Ambiguous relation detected. The fields " + all + " in model `" + e.mi.m.Name + "` both refer to `" + e.to.m.Name + "`. Please provide different relation names for them by adding `@relation(<name>)."
	if name != "" {
		msg = "Error validating model \"" + e.mi.m.Name + "\": Wrongly named relation detected. The fields `" + first.fi.f.Name + "` and `" + e.fi.f.Name + "` in model `" + e.mi.m.Name + "` both use the same relation name. Please provide unique relation names for them through `@relation(...)`."
	}
	r.ambiguity(first, msg)
	return false
}

func (r *resolver) selfGroup(ends []relEnd) {
	switch len(ends) {
	case 1:
		r.missingOpposite(ends[0])
	case 2:
		if ends[0].fi.rel.name == "" {
			m := ends[0].mi.m.Name
			r.ambiguity(ends[0], "Error validating model \""+m+"\": Ambiguous self relation detected. The fields `"+ends[0].fi.f.Name+"` and `"+ends[1].fi.f.Name+"` in model `"+m+"` both refer to `"+m+"`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`.")
		}
		r.pair(ends[0], ends[1])
	default:
		m := ends[0].mi.m.Name
		e := ends[1]
		var unnamed []string
		for _, x := range ends {
			if x.fi.rel.name == "" {
				unnamed = append(unnamed, "`"+x.fi.f.Name+"`")
			}
		}
		if len(unnamed) == len(ends) {
			list := strings.Join(unnamed[:len(unnamed)-1], ", ") + " and " + unnamed[len(unnamed)-1]
			r.ambiguity(ends[0], "Error validating model \""+m+"\": Unnamed self relation detected. The fields "+list+" in model `"+m+"` have no relation name. Please provide a relation name for one of them by adding `@relation(<name>).")
			return
		}
		msg := "Error validating model \"" + m + "\": Ambiguous self relation detected. The fields `" + ends[0].fi.f.Name + "` and `" + e.fi.f.Name + "` in model `" + m + "` both refer to `" + m + "`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`."
		if e.fi.rel.name != "" {
			msg = "Error validating model \"" + m + "\": Wrongly named relation detected. The fields `" + ends[0].fi.f.Name + "` and `" + e.fi.f.Name + "` in model `" + m + "` both use the same relation name. Please provide unique relation names for them through `@relation(...)`."
		}
		r.ambiguity(ends[0], msg)
	}
}

// ambiguity keeps the first ambiguous relation in model order: Prisma
// stops validating at the first one it meets.
func (r *resolver) ambiguity(e relEnd, msg string) {
	idx := 0
	for i, mi := range r.modelSeq {
		if mi == e.mi {
			idx = i
		}
	}
	if r.ambiguous != nil && (r.ambiguousModel < idx || r.ambiguousModel == idx && r.ambiguous.Start <= e.fi.node.Span.Start.Offset) {
		return
	}
	sp := r.lineSpan(e.fi.node.Span)
	r.ambiguous = &Diagnostic{Pos: r.pos(sp.Start), Message: msg, Start: sp.Start.Offset, End: sp.End.Offset, stage: stValidate, rank: rkIgnoredRel - 1, sub: sp.Start.Offset, stop: true}
	r.ambiguousModel = idx
}

func (r *resolver) missingOpposite(e relEnd) {
	// Prisma checks the foreign key of a lone field too: its name, and
	// its arity.
	if ra := e.fi.rel; ra != nil && ra.attr != nil && ra.mapName != "" && r.provider == SQLite {
		r.verr(rkNamedFK, e.fi.node.Span.Start.Offset, ra.attr.Span, "Error parsing attribute \"@relation\": Your provider does not support named foreign keys.")
	}
	if ra := e.fi.rel; ra != nil && ra.hasFields {
		if ra.hasRefs && len(ra.fields) == len(ra.refs) && !ra.badRefs {
			r.fkTypes(e, e.to)
		}
		r.optionalFK(e)
	}
	r.verr(rkRelBoth, 0, r.lineSpan(e.fi.node.Span), "Error validating field `"+e.fi.f.Name+"` in model `"+e.mi.m.Name+"`: The relation field `"+e.fi.f.Name+"` on model `"+e.mi.m.Name+"` is missing an opposite relation field on the model `"+e.to.m.Name+"`. Either run `prisma format` or add it manually.")
}

// relErr reports a relation problem at the whole relation field.
func (r *resolver) relErr(e relEnd, msg string) {
	r.verr(relRank(msg), 0, r.lineSpan(e.fi.node.Span), "Error parsing attribute \"@relation\": "+msg)
}

// relErrLate is relErr for the checks Prisma makes after those of the side
// holding the foreign key.
func (r *resolver) relErrLate(e relEnd, msg string) {
	r.verr(relRank(msg), 1, r.lineSpan(e.fi.node.Span), "Error parsing attribute \"@relation\": "+msg)
}

func (r *resolver) relSpan(e relEnd) ast.Span {
	if e.fi.rel != nil && e.fi.rel.attr != nil {
		return e.fi.rel.attr.Span
	}
	return r.lineSpan(e.fi.node.Span)
}

// defaultRelationName is Prisma's name for an unnamed relation: the two
// model names, sorted, joined by "To".
func defaultRelationName(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "To" + b
}

// pair links two opposite relation fields and decides the relation kind and
// which side holds the foreign key.
func (r *resolver) pair(x, y relEnd) {
	fx, fy := x.fi.f, y.fi.f
	r.referentialActions(x)
	r.referentialActions(y)
	name := x.fi.rel.name
	if name == "" {
		name = defaultRelationName(x.mi.m.Name, y.mi.m.Name)
	}
	rx := &Relation{Name: name, Model: y.mi.m, Back: fy}
	ry := &Relation{Name: name, Model: x.mi.m, Back: fx}
	fx.Relation, fy.Relation = rx, ry
	hasX := x.fi.rel.hasFields || x.fi.rel.hasRefs
	hasY := y.fi.rel.hasFields || y.fi.rel.hasRefs

	switch {
	case fx.List && fy.List:
		rx.Kind, ry.Kind = ManyToMany, ManyToMany
		if x.fi.rel.hasFields || y.fi.rel.hasFields {
			// Prisma reads this as MongoDB's embedded many-to-many.
			if r.provider != "mongodb" {
				for _, e := range []relEnd{x, y} {
					r.verr(rkRelM2M, 0, r.lineSpan(e.fi.node.Span), "Error validating: Embedded many-to-many relations are not supported on "+providerTitle(r.provider)+". Please use the syntax defined in https://pris.ly/d/relational-database-many-to-many")
				}
			}
			return
		}
		for _, e := range []relEnd{x, y} {
			if e.fi.rel.hasRefs {
				r.relErr(e, "Implicit many-to-many relations must not specify `fields` or `references`. The relation field `"+e.fi.f.Name+"` on model `"+e.mi.m.Name+"` does.")
			}
			if e.fi.rel.onDelete != "" || e.fi.rel.onUpdate != "" {
				r.verr(relRank(""), 0, r.relSpan(e), "Error validating: Referential actions on implicit many-to-many relations are not supported")
			}
		}
		r.checkManyToManyID(x)
		r.checkManyToManyID(y)
		// Prisma's side A: the field on the model whose name sorts first; for
		// a self relation, the field whose name sorts first. Column A of the
		// join table holds the ids of side A's own model.
		aIsX := x.mi.m.Name < y.mi.m.Name || (x.mi.m.Name == y.mi.m.Name && fx.Name < fy.Name)
		join := "_" + name
		rx.JoinTable, ry.JoinTable = join, join
		// The join table lives in side A's schema in a multi-schema
		// database (prisma-engines: the relation's namespace is model A's).
		joinSchema := y.mi.m.Schema
		if aIsX {
			joinSchema = x.mi.m.Schema
		}
		rx.JoinSchema, ry.JoinSchema = joinSchema, joinSchema
		if aIsX {
			rx.JoinColumn, rx.OtherColumn = "A", "B"
			ry.JoinColumn, ry.OtherColumn = "B", "A"
		} else {
			rx.JoinColumn, rx.OtherColumn = "B", "A"
			ry.JoinColumn, ry.OtherColumn = "A", "B"
		}
	case fx.List || fy.List:
		many, one := x, y
		if fy.List {
			many, one = y, x
		}
		many.fi.f.Relation.Kind = OneToMany
		one.fi.f.Relation.Kind = ManyToOne
		if many.fi.rel.hasFields || many.fi.rel.hasRefs {
			r.relErrLate(many, "The relation field `"+many.fi.f.Name+"` on Model `"+many.mi.m.Name+"` must not specify the `fields` or `references` argument in the @relation attribute. You must only specify it on the opposite field `"+one.fi.f.Name+"` on model `"+one.mi.m.Name+"`.")
		}
		if many.fi.rel.onDelete != "" || many.fi.rel.onUpdate != "" {
			r.relErrLate(many, "The relation field `"+many.fi.f.Name+"` on Model `"+many.mi.m.Name+"` must not specify the `onDelete` or `onUpdate` argument in the @relation attribute. You must only specify it on the opposite field `"+one.fi.f.Name+"` on model `"+one.mi.m.Name+"`, or in case of a many to many relation, in an explicit join table.")
		}
		if !one.fi.rel.hasFields && !one.fi.rel.hasRefs {
			r.relErr(one, "The relation field `"+one.fi.f.Name+"` on Model `"+one.mi.m.Name+"` must specify the `fields` argument in the @relation attribute. You can run `prisma format` to fix this automatically.")
			r.relErr(one, "The relation field `"+one.fi.f.Name+"` on Model `"+one.mi.m.Name+"` must specify the `references` argument in the @relation attribute.")
			return
		}
		r.foreignKey(one, many, false)
	default:
		rx.Kind, ry.Kind = OneToOne, OneToOne
		fieldsX, fieldsY := x.fi.rel.hasFields, y.fi.rel.hasFields
		refsX, refsY := x.fi.rel.hasRefs, y.fi.rel.hasRefs
		switch {
		case hasX && hasY:
			r.relErr(x, "The relation fields `"+fx.Name+"` on Model `"+x.mi.m.Name+"` and `"+fy.Name+"` on Model `"+y.mi.m.Name+"` both provide the `references` argument in the @relation attribute. You have to provide it only on one of the two fields.")
		case !fieldsX && !fieldsY || !refsX && !refsY:
			a, b := x, y
			if b.mi.m.Name < a.mi.m.Name || b.mi.m.Name == a.mi.m.Name && b.fi.f.Name < a.fi.f.Name {
				a, b = b, a
			}
			for _, arg := range []string{"fields", "references"} {
				if arg == "fields" && (fieldsX || fieldsY) || arg == "references" && (refsX || refsY) {
					continue
				}
				for _, p := range [][2]relEnd{{a, b}, {b, a}} {
					r.relErr(p[0], "The relation fields `"+p[0].fi.f.Name+"` on Model `"+p[0].mi.m.Name+"` and `"+p[1].fi.f.Name+"` on Model `"+p[1].mi.m.Name+"` do not provide the `"+arg+"` argument in the @relation attribute. You have to provide it on one of the two fields.")
				}
			}
		case hasX:
			// Prisma checks the back side only once the foreign key is unique.
			if r.foreignKey(x, y, true) {
				r.oneToOneBack(y, x)
			}
		default:
			if r.foreignKey(y, x, true) {
				r.oneToOneBack(x, y)
			}
		}
	}
}

// oneToOneBack checks the side of a 1:1 relation without the foreign key.
func (r *resolver) oneToOneBack(back, holder relEnd) {
	if back.fi.f.Optional {
		return
	}
	r.verr(rkRel11, 1, r.lineSpan(back.fi.node.Span), "Error parsing attribute \"@relation\": The relation field `"+back.fi.f.Name+"` on Model `"+back.mi.m.Name+"` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `"+back.fi.f.TypeName+"` to `"+back.fi.f.TypeName+"?` to fix this.")
	if back.fi.rel.onDelete != "" || back.fi.rel.onUpdate != "" {
		r.relErr(back, "The relation field `"+back.fi.f.Name+"` on Model `"+back.mi.m.Name+"` must not specify the `onDelete` or `onUpdate` argument in the @relation attribute. You must only specify it on the opposite field `"+holder.fi.f.Name+"` on model `"+holder.mi.m.Name+"`.")
	}
}

// foreignKey validates and records the FK-holding side of a relation.
func (r *resolver) foreignKey(h, other relEnd, oneToOne bool) bool {
	ra := h.fi.rel
	rel := h.fi.f.Relation
	rel.OnDelete, rel.OnUpdate = ra.onDelete, ra.onUpdate
	switch {
	case !ra.hasFields:
		r.relErr(h, "The relation field `"+h.fi.f.Name+"` on Model `"+h.mi.m.Name+"` must specify the `fields` argument in the @relation attribute. You can run `prisma format` to fix this automatically.")
		return false
	case !ra.hasRefs:
		r.relErr(h, "The relation field `"+h.fi.f.Name+"` on Model `"+h.mi.m.Name+"` must specify the `references` argument in the @relation attribute.")
		r.optionalFK(h) // Prisma checks the arity of the fields all the same
		return false
	case len(ra.fields) != len(ra.refs):
		r.verr(rkRelArity, 0, r.relSpan(h), "Error validating: You must specify the same number of fields in `fields` and `references`.")
		return false
	case len(ra.fields) == 0:
		r.relErr(h, "The `fields` and `references` arguments must not be empty.")
		return false
	}
	if ra.badRefs {
		return false // reported by checkRelationRefs
	}
	rel.Fields, rel.References = ra.fields, ra.refs

	unique := false
	for _, c := range uniqueCriteria(other.mi) {
		if sameSet(c, ra.refs) {
			unique = true
			break
		}
	}
	if !unique {
		msg := "The argument `references` must refer to a unique criterion in the related model. Consider adding an `@@unique([" + strings.Join(ra.refs, ", ") + "])` attribute to the model `" + other.mi.m.Name + "`."
		if len(ra.refs) == 1 {
			msg = "The argument `references` must refer to a unique criterion in the related model. Consider adding an `@unique` attribute to the field `" + ra.refs[0] + "` in the model `" + other.mi.m.Name + "`."
		}
		r.relErr(h, msg)
	}
	r.fkTypes(h, other.mi)
	r.optionalFK(h)
	uniqueOK := true
	if oneToOne {
		fkUnique := false
		for _, c := range uniqueCriteria(h.mi) {
			if sameSet(c, ra.fields) {
				fkUnique = true
				break
			}
		}
		if !fkUnique {
			msg := "A one-to-one relation must use unique fields on the defining side. Either add an `@@unique([" + strings.Join(ra.fields, ", ") + "])` attribute to the model, or change the relation to one-to-many."
			if len(ra.fields) == 1 {
				msg = "A one-to-one relation must use unique fields on the defining side. Either add an `@unique` attribute to the field `" + ra.fields[0] + "`, or change the relation to one-to-many."
			}
			r.relErr(h, msg)
			uniqueOK = false
		}
	}
	if r.relationMode() == "prisma" && !r.indexedPrefix(h.mi, ra.fields) {
		r.warnAt(ra.attr.Span, "With `relationMode = \"prisma\"`, no foreign keys are used, so relation fields will not benefit from the index usually created by the relational database under the hood. This can lead to poor performance when querying these fields. We recommend adding an index manually. Learn more at https://pris.ly/d/relation-mode-prisma-indexes\" ")
	}
	if ra.mapName != "" && r.provider == SQLite {
		r.verr(rkNamedFK, h.fi.node.Span.Start.Offset, ra.attr.Span, "Error parsing attribute \"@relation\": Your provider does not support named foreign keys.")
	}
	if ra.mapName != "" {
		rel.DBName = ra.mapName
	} else {
		rel.DBName = constraintName(r.provider, h.mi.m.DBName, columnNames(h.mi.m, ra.fields), "fkey")
	}
	return uniqueOK
}

// checkManyToManyID: an implicit m-n join table references single-field ids.
func (r *resolver) checkManyToManyID(e relEnd) {
	pk := e.to.m.PrimaryKey
	if pk != nil && len(pk.Fields) == 1 && !pk.Implicit {
		return
	}
	r.verr(rkRelM2M, 0, r.lineSpan(e.fi.node.Span), "Error validating field `"+e.fi.f.Name+"` in model `"+e.mi.m.Name+"`: The relation field `"+e.fi.f.Name+"` on model `"+e.mi.m.Name+"` references `"+e.to.m.Name+"` which does not have an `@id` field. Models without `@id` cannot be part of a many to many relation. Use an explicit intermediate Model to represent this relationship.")
}
