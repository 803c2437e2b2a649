package schema

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// checkRelationRefs checks that `fields` and `references` name scalar
// fields that exist, for every relation field, paired or not: Prisma does it
// while it reads the @relation attribute.
func (r *resolver) checkRelationRefs() {
	for _, mi := range r.modelSeq {
		for _, fi := range mi.seq {
			ra := fi.rel
			if fi.f.Kind != RelationField || ra == nil {
				continue
			}
			other := r.models[fi.f.TypeName]
			// Found while reading the field's @relation: before the
			// findings of its other attributes (hence the offset - 1).
			r.fieldOff, r.attrRank = fi.node.Span.Start.Offset-1, attrRankRelation
			var unknown, relational []string
			for _, n := range ra.fields {
				f := mi.fields[n]
				switch {
				case f == nil && contains(r.untyped[mi], n):
					relational = append(relational, n)
				case f == nil:
					unknown = append(unknown, n)
				case f.f.Kind == RelationField:
					relational = append(relational, n)
				}
			}
			if len(unknown) > 0 {
				r.errAt(stAttrs, ra.fieldsArg.Span, "Error validating: The argument fields must refer only to existing fields. The following fields do not exist in this model: "+strings.Join(unknown, ", "))
				ra.badRefs = true
			}
			if len(relational) > 0 {
				r.errAt(stAttrs, ra.fieldsArg.Span, "Error validating: The argument fields must refer only to scalar fields. But it is referencing the following relation fields: "+strings.Join(relational, ", "))
				ra.badRefs = true
			}
			if other == nil {
				continue
			}
			unknown, relational = nil, nil
			for _, n := range ra.refs {
				f := other.fields[n]
				switch {
				case f == nil && contains(r.untyped[other], n):
					relational = append(relational, n)
				case f == nil:
					unknown = append(unknown, n)
				case f.f.Kind == RelationField:
					relational = append(relational, n)
				}
			}
			if len(unknown) > 0 {
				r.errAt(stAttrs, ra.refsArg.Span, "Error validating: The argument `references` must refer only to existing fields in the related model `"+other.m.Name+"`. The following fields do not exist in the related model: "+strings.Join(unknown, ", "))
				ra.badRefs = true
			}
			if len(relational) > 0 {
				r.errAt(stAttrs, ra.refsArg.Span, "Error validating: The argument `references` must refer only to scalar fields in the related model `"+other.m.Name+"`. But it is referencing the following relation fields: "+strings.Join(relational, ", "))
				ra.badRefs = true
			}
		}
	}
}

// ignoredTargets: a relation field pointing at an @@ignore model must be
// ignored itself.
func (r *resolver) ignoredTargets() {
	for _, mi := range r.modelSeq {
		if mi.m.Ignored {
			continue
		}
		for _, fi := range mi.seq {
			if fi.f.Kind != RelationField || fi.f.Ignored {
				continue
			}
			if to := r.models[fi.f.TypeName]; to != nil && to.m.Ignored {
				r.verr(rkIgnoredRel, fi.node.Span.Start.Offset, r.lineSpan(fi.node.Span), "Error parsing attribute \"@ignore\": The relation field `"+fi.f.Name+"` on Model `"+mi.m.Name+"` must specify the `@ignore` attribute, because the model "+to.m.Name+" it is pointing to is marked ignored.")
			}
		}
	}
}

// relationMode is the datasource's relationMode ("foreignKeys" by default).
func (r *resolver) relationMode() string {
	if ds := r.s.Datasource; ds != nil {
		if m := ds.Config["relationMode"]; m != "" {
			return m
		}
		if m := ds.Config["referentialIntegrity"]; m != "" {
			return m
		}
	}
	return "foreignKeys"
}

// referentialActions checks onDelete/onUpdate against what the provider and
// the relation mode can enforce.
func (r *resolver) referentialActions(h relEnd) {
	a := h.fi.rel.attr
	if a == nil {
		return
	}
	prismaMode := r.relationMode() == "prisma"
	for _, name := range []string{"onDelete", "onUpdate"} {
		arg := a.Arg(name, -1)
		if arg == nil {
			continue
		}
		c, ok := arg.Value.(*ast.ConstExpr)
		if !ok {
			continue
		}
		act := c.Name
		if act == "SetNull" && (h.fi.rel.hasFields || h.fi.rel.hasRefs) {
			required := len(h.fi.rel.fields) == 0 // no fields: nothing can be set to NULL
			for _, n := range h.fi.rel.fields {
				if fi := h.mi.fields[n]; fi != nil && !fi.f.Optional {
					required = true
				}
			}
			if required {
				// PostgreSQL's own foreign keys only warn; emulated
				// actions (relationMode = "prisma") refuse it everywhere.
				if (r.provider == PostgreSQL || r.provider == "cockroachdb") && !prismaMode {
					r.warnAt(r.lineSpan(h.fi.node.Span), "The `"+name+"` referential action of a relation should not be set to `SetNull` when a referenced field is required. We recommend either to choose another referential action, or to make the referenced fields optional. Read more at https://pris.ly/d/postgres-set-null ")
				} else {
					r.verr(rkRelSetNull, 0, r.lineSpan(h.fi.node.Span), "Error parsing attribute \"@relation\": The `"+name+"` referential action of a relation must not be set to `SetNull` when a referenced field is required.\nEither choose another referential action, or make the referenced fields optional.\n")
				}
			}
		}
		if prismaMode {
			allowed := []string{"Cascade", "Restrict", "SetNull"}
			if r.provider == MySQL {
				allowed = []string{"Cascade", "Restrict", "NoAction", "SetNull"}
			}
			ok := false
			for _, x := range allowed {
				ok = ok || x == act
			}
			if !ok {
				msg := "Error validating: Invalid referential action: `" + act + "`. Allowed values: (`" + strings.Join(allowed, "`, `") + "`)"
				if act == "NoAction" && (r.provider == SQLite || r.provider == PostgreSQL) {
					who := "sqlite"
					if r.provider == PostgreSQL {
						who = "Postgres"
					}
					msg += ". `NoAction` is not implemented for " + who + " when using `relationMode = \"prisma\"`, you could try using `Restrict` instead. Learn more at https://pris.ly/d/relation-mode"
				}
				r.verr(rkActions, h.fi.node.Span.Start.Offset, arg.Span, msg)
			}
			continue
		}
		if act == "SetDefault" && r.provider == MySQL {
			r.warnAt(arg.Span, "MySQL does not actually support the `SetDefault` referential action, so using it may result in unexpected errors. Read more at https://pris.ly/d/mysql-set-default ")
		}
	}
}

// countArg counts the named arguments called name.
func countArg(a *ast.Attribute, name string) int {
	n := 0
	for _, arg := range a.Args {
		if arg.Name != nil && arg.Name.Name == name {
			n++
		}
	}
	return n
}

// indexedPrefix reports whether fields lead the primary key, a unique
// constraint or an index of the model, in order.
func (r *resolver) indexedPrefix(mi *modelInfo, fields []string) bool {
	lists := [][]string{}
	if pk := mi.m.PrimaryKey; pk != nil && !pk.Implicit {
		lists = append(lists, pk.Fields)
	}
	for _, d := range mi.idxDef {
		lists = append(lists, d.idx.Fields)
	}
	for _, l := range lists {
		if len(l) < len(fields) {
			continue
		}
		ok := true
		for i, f := range fields {
			if l[i] != f {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// relRank places a relation finding among Prisma's relation checks.
func relRank(msg string) int {
	switch {
	case strings.HasPrefix(msg, "The argument `references` must refer to a unique"):
		return rkRelUnique
	case strings.HasPrefix(msg, "The type of the field"):
		return rkRelTypes
	case strings.HasPrefix(msg, "A one-to-one relation must use unique"):
		return rkRel11
	}
	return rkRelFields
}

// relationPos orders a relation's findings as Prisma meets relations:
// at the field holding the foreign key, else (a lone field, a relation
// without fields on either side) at its last field.
func relationPos(ends []relEnd) int {
	for _, e := range ends {
		if e.fi.rel != nil && e.fi.rel.hasFields {
			return globalOffset(e.fi.node.Span.Start)
		}
	}
	last := 0
	for _, e := range ends {
		last = max(last, globalOffset(e.fi.node.Span.Start))
	}
	return last
}

// fkTypes reports foreign key fields whose type differs from the field
// they reference.
func (r *resolver) fkTypes(h relEnd, to *modelInfo) {
	ra := h.fi.rel
	for i, n := range ra.fields {
		fi, ri := h.mi.fields[n], to.fields[ra.refs[i]]
		if fi == nil || ri == nil {
			continue
		}
		if f, ref := fi.f, ri.f; f.TypeName != ref.TypeName {
			r.relErr(h, "The type of the field `"+f.Name+"` in the model `"+h.mi.m.Name+"` is not matching the type of the referenced field `"+ref.Name+"` in model `"+to.m.Name+"`.")
		}
	}
}

// optionalFK reports a required relation field over an optional foreign key.
func (r *resolver) optionalFK(h relEnd) {
	ra := h.fi.rel
	if h.fi.f.Optional || ra == nil || ra.badRefs {
		return
	}
	optional := false
	for _, n := range ra.fields {
		if fi := h.mi.fields[n]; fi != nil && fi.f.Optional {
			optional = true
		}
	}
	if !optional {
		return
	}
	r.verr(rkRelOptional, 0, r.lineSpan(h.fi.node.Span), "Error validating: The relation field `"+h.fi.f.Name+"` uses the scalar fields "+strings.Join(h.fi.rel.fields, ", ")+". At least one of those fields is optional. Hence the relation field must be optional as well.")
}
