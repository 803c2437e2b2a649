package format

import "strings"

// Prisma runs the relation magic only when its parser database found no
// error. Besides names and types (collect), that database checks the
// attributes: known names, no repeats, field references of block
// attributes, relation arguments and the type of default values. These are
// the checks whose failure certainly means a parser-database error; a
// schema they let through but Prisma rejects later is still formatted
// with the magic, as Prisma does, since later validation does not stop it.

// collect gathers the models and checks what Prisma's parser database
// checks before it would run the magic: the text parses, names are unique,
// every field type resolves, and relation attributes name existing fields.
func collect(files [][]topNode) ([]*mModel, bool) {
	var models []*mModel
	byName := map[string]*mModel{}
	kinds := map[string]string{}
	enums := map[string]map[string]bool{}
	configs := map[string]bool{}
	for fi, nodes := range files {
		for _, n := range nodes {
			switch n.kind {
			case topRaw:
				return nil, false
			case topBlock:
				b := n.block
				if scalarTypes[b.name] {
					return nil, false // a declaration named like a built-in type
				}
				if b.keyword == "datasource" || b.keyword == "generator" {
					if configs[b.name] {
						return nil, false
					}
					configs[b.name] = true
					keys := map[string]bool{}
					for _, it := range b.items {
						if it.kind == itemRaw || (it.kind == itemKeyValue && keys[it.name]) {
							return nil, false
						}
						keys[it.name] = true
					}
					continue
				}
				if _, dup := kinds[b.name]; dup || !validName(b.name) {
					return nil, false
				}
				kinds[b.name] = b.keyword
				if b.keyword == "enum" {
					vals, seen := map[string]bool{}, map[string]bool{}
					for _, it := range b.items {
						if it.kind == itemRaw {
							return nil, false
						}
						if it.kind == itemBlockAttr && !enumAttrResolves(it.attrs[0], seen) {
							return nil, false
						}
						if it.kind == itemEnumValue {
							if !validName(it.name) || !enumValueAttrsResolve(it) {
								return nil, false
							}
							vals[it.name] = true
						}
					}
					enums[b.name] = vals
				}
				if b.keyword == "model" || b.keyword == "view" {
					m := &mModel{file: fi, block: b, byName: map[string]*mField{}}
					models = append(models, m)
					byName[b.name] = m
				}
			}
		}
	}
	for _, m := range models {
		for _, it := range m.block.items {
			switch it.kind {
			case itemRaw:
				return nil, false
			case itemField:
				if it.typ == nil || it.typ.arity == "[]?" {
					return nil, false // no type, or an optional list
				}
				f := &mField{model: m, it: it, name: it.name, arity: it.typ.arity}
				f.typ = it.typ.base
				if _, dup := m.byName[f.name]; dup || !validName(f.name) {
					return nil, false
				}
				if !scalarTypes[f.typ] && !strings.HasPrefix(f.typ, "Unsupported(") {
					kind, known := kinds[f.typ]
					if !known {
						return nil, false
					}
					if kind == "model" || kind == "view" {
						f.isRelation = true
						f.target = byName[f.typ]
					}
				}
				for _, a := range it.attrs {
					if a.path == "relation" {
						f.rel = a
					}
				}
				m.fields = append(m.fields, f)
				m.byName[f.name] = f
			}
		}
	}
	for _, m := range models {
		for _, f := range m.fields {
			if f.rel == nil || f.rel.args == nil {
				continue
			}
			if !readRelationArgs(f) {
				return nil, false
			}
		}
	}
	if !attributesResolve(models, enums) {
		return nil, false
	}
	return models, true
}

// validName: the grammar lets a name start with a digit or hold a dash,
// the parser database does not.
func validName(s string) bool {
	return s != "" && !isDigit(s[0]) && !strings.Contains(s, "-")
}

// readRelationArgs reads name, fields and references of @relation; false
// when they name fields that do not exist (a parser-database error).
func readRelationArgs(f *mField) bool {
	positional := 0
	for _, a := range f.rel.args.args {
		name := a.name
		if name == "" {
			if positional == 0 {
				name = "name"
			}
			positional++
		}
		switch name {
		case "name":
			if a.value != nil && a.value.kind == exprString {
				s := a.value.text
				f.relName = &s
			}
		case "fields", "references":
			list, ok := fieldList(a.value)
			if !ok {
				return false
			}
			owner := f.model
			if name == "references" {
				owner = f.target
			}
			for _, n := range list {
				if owner != nil && owner.byName[n] == nil {
					return false
				}
			}
			if name == "fields" {
				f.relFields, f.hasFields = list, true
			} else {
				f.relRefs, f.hasRefs = list, true
			}
		}
	}
	return true
}

func fieldList(e *expr) ([]string, bool) {
	if e == nil {
		return nil, false
	}
	switch e.kind {
	case exprArray:
		var out []string
		for _, el := range e.elems {
			if el.kind != exprPath {
				return nil, false
			}
			out = append(out, el.text)
		}
		return out, true
	case exprPath:
		return []string{e.text}, true
	}
	return nil, false
}

var knownFieldAttrs = map[string]bool{
	"id": true, "unique": true, "default": true, "updatedAt": true, "map": true,
	"relation": true, "ignore": true, "shardKey": true,
}

var knownBlockAttrs = map[string]bool{
	"id": true, "unique": true, "index": true, "fulltext": true, "map": true,
	"ignore": true, "schema": true, "shardKey": true,
}

// repeatableBlockAttrs may appear more than once in a model.
var repeatableBlockAttrs = map[string]bool{"unique": true, "index": true, "fulltext": true}

// enumAttrResolves: an enum takes @@map and @@schema, each once, with a
// string argument.
func enumAttrResolves(a *attribute, seen map[string]bool) bool {
	if a.path != "map" && a.path != "schema" {
		return false
	}
	if seen[a.path] {
		return false
	}
	seen[a.path] = true
	v := firstArg(a, "name")
	return v != nil && v.kind == exprString
}

// enumValueAttrsResolve: an enum value takes one @map with a string.
func enumValueAttrsResolve(it *item) bool {
	for i, a := range it.attrs {
		if a.path != "map" || i > 0 || !argsResolve(a, fieldAttrParams["map"]) {
			return false
		}
		if v := firstArg(a, "name"); v == nil || v.kind != exprString {
			return false
		}
	}
	return true
}

var referentialActions = map[string]bool{
	"Cascade": true, "Restrict": true, "NoAction": true, "SetNull": true, "SetDefault": true,
}

// attrParams lists each attribute's parameters: the one a positional
// argument fills ("" when none), then the names it accepts.
var fieldAttrParams = map[string][]string{
	"id":        {"", "map", "length", "sort", "clustered"},
	"unique":    {"", "map", "length", "sort", "clustered", "where"},
	"default":   {"value", "map"},
	"map":       {"name"},
	"relation":  {"name", "fields", "references", "onDelete", "onUpdate", "map"},
	"updatedAt": {""},
	"ignore":    {""},
}

var blockAttrParams = map[string][]string{
	"id":       {"fields", "name", "map", "clustered"},
	"unique":   {"fields", "name", "map", "clustered", "where"},
	"index":    {"fields", "name", "map", "type", "clustered", "where"},
	"fulltext": {"fields", "map"},
	"map":      {"name"},
	"ignore":   {""},
}

// argsResolve: no unknown argument name, at most one positional argument
// and only where the attribute takes one, no argument given twice.
func argsResolve(a *attribute, params []string) bool {
	if params == nil || a.args == nil {
		return true
	}
	seen := map[string]bool{}
	for _, arg := range a.args.args {
		name := arg.name
		if name == "" {
			name = params[0]
			if name == "" {
				return false
			}
		} else {
			ok := false
			for _, p := range params {
				ok = ok || (p != "" && p == name)
			}
			if !ok {
				return false
			}
		}
		if seen[name] {
			return false
		}
		seen[name] = true
		if (name == "name" || name == "map") && (arg.value == nil || arg.value.kind != exprString) {
			return false
		}
	}
	return true
}

// attributesResolve reports whether every model's attributes pass the
// parser database's checks.
func attributesResolve(models []*mModel, enums map[string]map[string]bool) bool {
	for _, m := range models {
		hasFieldID := false
		for _, f := range m.fields {
			seen := map[string]bool{}
			for _, a := range f.it.attrs {
				if !strings.Contains(a.path, ".") {
					if !knownFieldAttrs[a.path] || seen[a.path] {
						return false
					}
					seen[a.path] = true
				}
				if !argsResolve(a, fieldAttrParams[a.path]) || !fieldAttrResolves(f, a, enums) {
					return false
				}
				if a.path == "id" {
					if hasFieldID {
						return false // a second @id field
					}
					hasFieldID = true
				}
			}
		}
		ids := 0
		once := map[string]bool{}
		for _, it := range m.block.items {
			if it.kind != itemBlockAttr {
				continue
			}
			a := it.attrs[0]
			if !strings.Contains(a.path, ".") && !knownBlockAttrs[a.path] {
				return false
			}
			if !repeatableBlockAttrs[a.path] {
				if once[a.path] {
					return false // can only be defined once
				}
				once[a.path] = true
			}
			if !namesAreStrings(a) || !argsResolve(a, blockAttrParams[a.path]) {
				return false
			}
			switch a.path {
			case "id", "unique", "index", "fulltext":
				if a.path == "id" {
					ids++
				}
				if !indexFieldsResolve(m, a) {
					return false
				}
			case "map":
				if v := firstArg(a, "name"); v == nil || v.kind != exprString {
					return false
				}
			}
		}
		if ids > 1 || (ids == 1 && hasFieldID) {
			return false
		}
	}
	return true
}

func firstArg(a *attribute, name string) *expr {
	if a.args == nil {
		return nil
	}
	for i, arg := range a.args.args {
		if arg.name == name || (arg.name == "" && i == 0) {
			return arg.value
		}
	}
	return nil
}

func namedArg(a *attribute, name string) (*expr, bool) {
	if a.args == nil {
		return nil, false
	}
	for _, arg := range a.args.args {
		if arg.name == name {
			return arg.value, true
		}
	}
	return nil, false
}

func fieldAttrResolves(f *mField, a *attribute, enums map[string]map[string]bool) bool {
	if !namesAreStrings(a) {
		return false
	}
	if f.isRelation && a.path != "relation" && a.path != "ignore" {
		return false // only @relation and @ignore go on a relation field
	}
	switch a.path {
	case "relation":
		if !f.isRelation {
			return false
		}
		for _, k := range []string{"onDelete", "onUpdate"} {
			if v, ok := namedArg(a, k); ok && (v == nil || v.kind != exprPath || !referentialActions[v.text]) {
				return false
			}
		}
	case "default":
		if f.isRelation {
			return false
		}
		v := firstArg(a, "value")
		if v == nil {
			return false
		}
		return defaultResolves(f, v, enums)
	case "updatedAt":
		return f.typ == "DateTime"
	case "map":
		v := firstArg(a, "name")
		return v != nil && v.kind == exprString
	case "unique", "id":
		if v, ok := namedArg(a, "sort"); ok && (v == nil || v.kind != exprPath || (v.text != "Asc" && v.text != "Desc")) {
			return false
		}
		if v, ok := namedArg(a, "length"); ok && (v == nil || v.kind != exprNumber) {
			return false
		}
	}
	return true
}

// defaultResolves is the parser database's check of a default value
// against the field type: the right kind of literal, a known enum value,
// or a generator function that fits the type.
func defaultResolves(f *mField, v *expr, enums map[string]map[string]bool) bool {
	if f.arity == "[]" || f.arity == "[]?" {
		if v.kind != exprArray {
			return true // a scalar default on a list is reported later, not by the parser database
		}
		for _, el := range v.elems {
			if !scalarDefaultResolves(f.typ, el, enums) {
				return false
			}
		}
		return true
	}
	return scalarDefaultResolves(f.typ, v, enums)
}

func scalarDefaultResolves(typ string, v *expr, enums map[string]map[string]bool) bool {
	if v.kind == exprCall {
		switch v.text {
		case "dbgenerated", "auto", "sequence":
			return true
		case "autoincrement":
			return typ == "Int" || typ == "BigInt"
		case "now":
			return typ == "DateTime"
		case "uuid", "cuid", "nanoid", "ulid":
			if typ != "String" {
				return false
			}
			if v.text == "cuid" && len(v.args.args) > 0 {
				a := v.args.args[0].value
				return a != nil && a.kind == exprNumber && a.text == "2"
			}
			return true
		}
		return true
	}
	if vals, ok := enums[typ]; ok {
		return v.kind == exprPath && vals[v.text]
	}
	switch typ {
	case "String":
		return v.kind == exprString
	case "Int", "BigInt", "Float":
		return v.kind == exprNumber
	case "Decimal":
		return v.kind == exprNumber || v.kind == exprString
	case "Boolean":
		return v.kind == exprPath && (v.text == "true" || v.text == "false")
	case "DateTime", "Json", "Bytes":
		return v.kind == exprString
	}
	return true
}

// indexFieldsResolve: every field an @@id, @@unique, @@index or @@fulltext
// names is a scalar field of the model.
func indexFieldsResolve(m *mModel, a *attribute) bool {
	v := firstArg(a, "fields")
	if v == nil || v.kind != exprArray {
		return false
	}
	for _, el := range v.elems {
		name := el.text
		if el.kind != exprPath && el.kind != exprCall {
			return false
		}
		f := m.byName[name]
		if f == nil || f.isRelation {
			return false
		}
	}
	return true
}

// namesAreStrings: `map:` and `name:` arguments are string literals.
func namesAreStrings(a *attribute) bool {
	for _, k := range []string{"map", "name"} {
		if v, ok := namedArg(a, k); ok && (v == nil || v.kind != exprString) {
			return false
		}
	}
	return true
}
