package format

import (
	"sort"
	"strings"
)

// The "magic" of Prisma's formatter: on a schema whose names, types and
// relation attributes resolve, it completes relations by inserting text
// into the source before laying it out:
//
//   - the opposite relation field when a relation has only one side
//     (`posts Post[]` or `user User?`, named after the other model);
//   - the `@relation(fields: [...], references: [...])` of a forward
//     relation field that has none, or the arguments it lacks;
//   - the foreign-key scalar fields those arguments name (`userId Int?`),
//     typed like the referenced fields, with their native type attribute.
//
// Relations are classified as Prisma's parser database does (relations.go
// there): which side is the forward side, whether it is one-to-one, and
// which relations are back-only.

// missingBit is text to insert at a byte offset of a file.
type missingBit struct {
	pos     int
	content string
}

type mModel struct {
	file   int
	block  *block
	fields []*mField
	byName map[string]*mField
}

type mField struct {
	model *mModel
	it    *item
	name  string
	typ   string // base type name
	arity string // "", "?", "[]"
	// relation attribute
	rel        *attribute
	relName    *string
	relFields  []string // nil when absent
	hasFields  bool
	relRefs    []string
	hasRefs    bool
	isRelation bool
	target     *mModel
}

var scalarTypes = map[string]bool{
	"String": true, "Boolean": true, "Int": true, "BigInt": true, "Float": true,
	"Decimal": true, "DateTime": true, "Json": true, "Bytes": true,
}

type relKind int

const (
	relOneToOneForward relKind = iota
	relOneToOneBoth
	relOneToManyForward
	relOneToManyBack
	relOneToManyBoth
	relManyToMany
)

type relation struct {
	kind        relKind
	forward     *mField // nil for back-only
	back        *mField
	referencing *mModel // model A
	referenced  *mModel // model B
}

func (r *relation) oneToOne() bool { return r.kind == relOneToOneForward || r.kind == relOneToOneBoth }

// magic computes the text to insert into each file, or nil when the schema
// does not resolve (Prisma then only lays it out).
func magic(files [][]topNode, texts []string) [][]missingBit {
	models, ok := collect(files)
	if !ok {
		return nil
	}
	rels := inferRelations(models)
	bits := make([][]missingBit, len(files))
	add := func(file, pos int, content string) {
		bits[file] = append(bits[file], missingBit{pos, content})
	}
	for _, r := range rels {
		missingFields(r, add, texts)
	}
	for _, r := range rels {
		if f := r.forward; f != nil && f.rel == nil {
			content := " @relation(" + fieldsArg(r) + ", " + referencesArg(r) + ")"
			add(f.model.file, afterType(f.it.typ.end, texts[f.model.file]), content)
		}
	}
	for _, r := range rels {
		f := r.forward
		if f == nil || f.rel == nil {
			continue
		}
		var extra []string
		if !f.hasFields {
			extra = append(extra, fieldsArg(r))
		}
		if !f.hasRefs {
			extra = append(extra, referencesArg(r))
		}
		joined := strings.Join(extra, ", ")
		if f.rel.args == nil || len(f.rel.args.args) == 0 {
			add(f.model.file, f.rel.end, "("+joined+")")
		} else {
			add(f.model.file, f.rel.end-1, ", "+joined)
		}
	}
	for i := range bits {
		sort.SliceStable(bits[i], func(a, b int) bool { return bits[i][a].pos < bits[i][b].pos })
	}
	return bits
}

func enrich(src string, bits []missingBit) string {
	var b strings.Builder
	last := 0
	for _, bit := range bits {
		b.WriteString(src[last:bit.pos])
		b.WriteString(bit.content)
		last = bit.pos
	}
	b.WriteString(src[last:])
	return b.String()
}

func sameName(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// inferRelations classifies every relation field, in model then field
// order, the way Prisma's parser database ingests them.
func inferRelations(models []*mModel) []*relation {
	var rels []*relation
	for _, m := range models {
		for _, f := range m.fields {
			if !f.isRelation || f.target == nil {
				continue
			}
			self := f.target == m
			var opp *mField
			for _, o := range f.target.fields {
				if o.isRelation && o.target == m && (!self || o != f) && sameName(o.relName, f.relName) {
					opp = o
					break
				}
			}
			r := classify(m, f, opp)
			if r != nil {
				rels = append(rels, r)
			}
		}
	}
	return rels
}

func lessPair(a1, a2, b1, b2 string) bool { return a1 > b1 || (a1 == b1 && a2 > b2) }

func classify(m *mModel, f, opp *mField) *relation {
	both := func(kind relKind) *relation {
		return &relation{kind: kind, forward: f, back: opp, referencing: m, referenced: f.target}
	}
	if opp != nil {
		switch {
		case f.arity == "[]" && opp.arity == "[]":
			if m.block.name > f.target.block.name || (m == f.target && f.name > opp.name) {
				return nil
			}
			return &relation{kind: relManyToMany, back: opp, referencing: m, referenced: f.target}
		case f.arity == "" && opp.arity == "?":
			return both(relOneToOneBoth)
		case f.arity == "" && opp.arity == "":
			if lessPair(m.block.name, f.name, f.target.block.name, opp.name) {
				return nil
			}
			return both(relOneToOneBoth)
		case f.arity == "?" && opp.arity == "":
			return nil
		case f.arity == "?" && opp.arity == "?":
			if f.hasFields {
				return both(relOneToOneBoth)
			}
			if !opp.hasFields {
				if lessPair(m.block.name, f.name, f.target.block.name, opp.name) {
					return nil
				}
				return both(relOneToOneBoth)
			}
			return nil
		case f.arity == "[]":
			return nil
		default:
			return both(relOneToManyBoth)
		}
	}
	if f.arity == "[]" {
		return &relation{kind: relOneToManyBack, back: f, referencing: f.target, referenced: m}
	}
	if f.hasFields && fieldsAreUnique(m, f.relFields) {
		return &relation{kind: relOneToOneForward, forward: f, referencing: m, referenced: f.target}
	}
	return &relation{kind: relOneToManyForward, forward: f, referencing: m, referenced: f.target}
}

// fieldsAreUnique: some @unique / @@unique / @id / @@id covers exactly fields.
func fieldsAreUnique(m *mModel, fields []string) bool {
	for _, c := range uniqueCriteria(m, true) {
		if strings.Join(c, ",") == strings.Join(fields, ",") {
			return true
		}
	}
	return false
}

// uniqueCriteria lists the model's unique criteria: the primary key first,
// then the unique constraints, field-level ones before block-level ones.
// With onlyIndexes the primary key is left out (Prisma's relation
// inference looks at unique indexes only).
func uniqueCriteria(m *mModel, onlyIndexes bool) [][]string {
	var out [][]string
	if !onlyIndexes {
		for _, f := range m.fields {
			for _, a := range f.it.attrs {
				if a.path == "id" {
					out = append(out, []string{f.name})
				}
			}
		}
		for _, it := range m.block.items {
			if it.kind == itemBlockAttr && it.attrs[0].path == "id" {
				if l := blockFields(it.attrs[0]); l != nil {
					out = append(out, l)
				}
			}
		}
	}
	for _, f := range m.fields {
		for _, a := range f.it.attrs {
			if a.path == "unique" {
				out = append(out, []string{f.name})
			}
		}
	}
	for _, it := range m.block.items {
		if it.kind == itemBlockAttr && it.attrs[0].path == "unique" {
			if l := blockFields(it.attrs[0]); l != nil {
				out = append(out, l)
			}
		}
	}
	return out
}

// blockFields reads the field list of @@id / @@unique, ignoring sort or
// length options on the fields.
func blockFields(a *attribute) []string {
	if a.args == nil {
		return nil
	}
	var v *expr
	for i, arg := range a.args.args {
		if arg.name == "fields" || (arg.name == "" && i == 0) {
			v = arg.value
			break
		}
	}
	if v == nil || v.kind != exprArray {
		return nil
	}
	var out []string
	for _, el := range v.elems {
		out = append(out, el.text)
	}
	return out
}

type inferred struct {
	name      string
	arity     string
	blueprint *mField
}

// inferScalars names the foreign-key fields of a relation without them:
// camelCase of the referenced model plus each field of its first unique
// criteria (userId), with the arity of an existing field of that name, or
// else of the forward relation field, or else optional.
func inferScalars(r *relation) []inferred {
	crit := uniqueCriteria(r.referenced, false)
	if len(crit) == 0 {
		return nil
	}
	var out []inferred
	for _, fname := range crit[0] {
		bp := r.referenced.byName[fname]
		if bp == nil {
			continue
		}
		name := lowerFirst(r.referenced.block.name) + upperFirst(fname)
		arity := "?"
		if ex := r.referencing.byName[name]; ex != nil && !ex.isRelation {
			arity = ex.arity
		} else if r.forward != nil {
			arity = r.forward.arity
		}
		out = append(out, inferred{name, arity, bp})
	}
	return out
}

func fieldsArg(r *relation) string {
	var names []string
	for _, s := range inferScalars(r) {
		names = append(names, s.name)
	}
	return "fields: [" + strings.Join(names, ", ") + "]"
}

func referencesArg(r *relation) string {
	var names []string
	if r.forward != nil && r.forward.hasRefs {
		names = r.forward.relRefs
	} else if crit := uniqueCriteria(r.referenced, false); len(crit) > 0 {
		names = crit[0]
	}
	return "references: [" + strings.Join(names, ", ") + "]"
}

func isIgnored(m *mModel) bool {
	for _, it := range m.block.items {
		if it.kind == itemBlockAttr && it.attrs[0].path == "ignore" {
			return true
		}
	}
	return false
}

func missingFields(r *relation, add func(file, pos int, content string), texts []string) {
	if r.kind == relManyToMany {
		return
	}
	if r.back == nil {
		name := r.referencing.block.name
		ignore := ""
		if isIgnored(r.referencing) {
			ignore = "@ignore"
		}
		arity, field := "[]", plural(camelCase(name))
		if r.oneToOne() {
			arity, field = "?", camelCase(name)
		}
		add(r.referenced.file, r.referenced.block.closeOff, field+" "+name+arity+" "+ignore+"\n")
	}
	if r.forward == nil {
		name := r.referenced.block.name
		arity := ""
		for _, s := range inferScalars(r) {
			if s.arity == "?" {
				arity = "?"
			}
		}
		field := camelCase(name)
		add(r.referencing.file, r.referencing.block.closeOff,
			field+" "+name+arity+" @relation("+fieldsArg(r)+", "+referencesArg(r)+")\n")
	}
	if r.forward != nil && r.forward.hasFields {
		return
	}
	for _, s := range inferScalars(r) {
		if ex := r.referencing.byName[s.name]; ex != nil && !ex.isRelation {
			continue
		}
		if !scalarTypes[s.blueprint.typ] {
			return
		}
		attrs := ""
		for _, a := range s.blueprint.it.attrs {
			if strings.HasPrefix(a.path, "db.") || (strings.Contains(a.path, ".") && !strings.HasPrefix(a.path, "db")) {
				attrs = texts[s.blueprint.model.file][a.start:a.end]
				break
			}
		}
		add(r.referencing.file, r.referencing.block.closeOff,
			s.name+" "+s.blueprint.typ+s.arity+" "+attrs+"\n")
	}
}

// afterType skips the arity characters that directly follow a type name.
func afterType(end int, src string) int {
	for end < len(src) && strings.IndexByte("[]?!", src[end]) >= 0 {
		end++
	}
	return end
}
