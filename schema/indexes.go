package schema

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// indexDef is a unique constraint or index while the model is resolved;
// its default database name is filled in by finishModel, once every
// column name (@map) is known.
type indexDef struct {
	idx     *Index
	pos     ast.Span
	nodes   []ast.Expr // the field expressions as written, parallel to idx.Fields
	fromFld bool       // @unique on a field
	length  bool       // a length: argument was written
	sorted  bool       // a sort: argument was written
}

// Identifier length limits of the databases, from their documentation:
// PostgreSQL NAMEDATALEN-1 = 63 bytes, MySQL 64 characters. SQLite has no
// limit; Prisma uses 10000 there, which no default name reaches.
const (
	postgresMaxIdentifier = 63
	mysqlMaxIdentifier    = 64
)

// constraintName is Prisma's default constraint name: table, columns and
// suffix joined by "_", cut so that the suffix survives when the name is
// longer than the database allows.
func constraintName(provider, table string, cols []string, suffix string) string {
	name := table
	if len(cols) > 0 {
		name += "_" + strings.Join(cols, "_")
	}
	name += "_" + suffix
	limit := 0
	switch provider {
	case PostgreSQL:
		limit = postgresMaxIdentifier
	case MySQL:
		limit = mysqlMaxIdentifier
	}
	if limit > 0 && len(name) > limit {
		base := name[:limit-len(suffix)-1]
		name = base + "_" + suffix
	}
	return name
}

// columnNames maps field names to their column names.
func columnNames(m *Model, fields []string) []string {
	cols := make([]string, len(fields))
	for i, n := range fields {
		cols[i] = n
		if f := m.Field(n); f != nil {
			cols[i] = f.DBName
		}
		for _, f := range m.UnsupportedFields { // their @map names the column too
			if f.Name == n {
				cols[i] = f.DBName
			}
		}
	}
	return cols
}

// blockAttributes handles @@id, @@unique, @@index and @@fulltext.
func (r *resolver) blockAttributes(mi *modelInfo) {
	m := mi.m
	r.attrRank = 1
	defer func() { r.attrRank = 0 }()
	r.dupArgs(mi.node.Attrs)
	count := map[string]int{}
	for _, a := range mi.node.Attrs {
		switch a.Name.Name {
		case "id", "map", "ignore", "schema":
			count[a.Name.Name]++
		}
	}
	// Prisma reads @@id, then the indexes, the fulltext indexes, then the
	// unique constraints.
	attrs := make([]*ast.Attribute, 0, len(mi.node.Attrs))
	for _, group := range [][]string{{"id"}, {"index"}, {"fulltext"}, {"unique"}} {
		for _, a := range mi.node.Attrs {
			if contains(group, a.Name.Name) {
				attrs = append(attrs, a)
			}
		}
	}
	for _, a := range mi.node.Attrs {
		if !contains([]string{"id", "index", "fulltext", "unique"}, a.Name.Name) {
			attrs = append(attrs, a)
		}
	}
	for _, a := range mi.node.Attrs {
		if count[a.Name.Name] > 1 {
			r.errAt(stAttrs, a.Span, "Attribute \"@"+a.Name.Name+"\" can only be defined once.")
		}
	}
	for _, a := range attrs {
		if count[a.Name.Name] > 1 {
			continue
		}
		switch a.Name.Name {
		case "map":
		case "id":
			r.checkArgs(a, "fields", "name", "map", "clustered")
			fields, _, _, ok := r.fieldList(mi, a, "id")
			if !ok {
				continue
			}
			if m.PrimaryKey != nil {
				r.errAt(stAttrs, mi.node.Span, "Error validating model \""+m.Name+"\": Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.")
				continue
			}
			if m.IsView {
				r.verr(rkViewPK, 0, a.Span, "Error validating: Views cannot have primary keys.")
			}
			pk := &PrimaryKey{Name: strings.Join(fields, "_"), Fields: fields}
			if s, ok := r.optString(a, "name"); ok {
				pk.Name = s
				if !clientName(s) {
					r.errAt(stAttrs, a.Span, "Error validating model \""+m.Name+"\": The `name` property within the `@@id` attribute only allows for the following characters: `_a-zA-Z0-9`.")
				}
			}
			if s, ok := r.optString(a, "map"); ok {
				pk.DBName = s
			}
			var optional []string
			for _, n := range fields {
				if f := m.Field(n); f != nil && (f.Optional || f.List) {
					optional = append(optional, n)
				}
			}
			if len(optional) == 1 {
				r.errAt(stAttrs, a.Span, "Error validating model \""+m.Name+"\": The id definition refers to the optional field `"+optional[0]+"`. ID definitions must reference only required fields.")
			} else if len(optional) > 1 {
				r.errAt(stAttrs, a.Span, "Error validating model \""+m.Name+"\": The id definition refers to the optional fields `"+strings.Join(optional, "`, `")+"`. ID definitions must reference only required fields.")
			}
			m.PrimaryKey = pk
			mi.pkPos = a.Span
		case "unique", "index", "fulltext":
			what := a.Name.Name
			if what == "fulltext" {
				r.checkArgs(a, "fields", "map")
			} else {
				r.checkArgs(a, "fields", "name", "map", "type", "clustered", "length", "sort", "where")
			}
			fields, sorts, ops, ok := r.fieldList(mi, a, what)
			if !ok {
				continue
			}
			idx := &Index{Name: strings.Join(fields, "_"), Fields: fields, Unique: what == "unique", Sort: sorts, Ops: ops}
			if s, ok := r.optString(a, "name"); ok {
				idx.Name = s
				if what == "index" {
					// On @@index, name: is a legacy alias of map:.
					idx.DBName = s
					if a.Arg("map", -1) != nil {
						r.errAt(stAttrs, a.Span, "Error parsing attribute \"@index\": The `@@index` attribute accepts the `name` argument as an alias for the `map` argument for legacy reasons. It does not accept both though. Please use the `map` argument to specify the database name of the index.")
					}
				}
			}
			if s, ok := r.optString(a, "map"); ok {
				idx.DBName = s
			}
			if what == "fulltext" {
				idx.Type = "FullText"
			} else if arg := a.Arg("type", -1); arg != nil {
				c, ok := arg.Value.(*ast.ConstExpr)
				if !ok || !validIndexType(c.Name) {
					r.errAt(stAttrs, arg.Span, "Error parsing attribute \""+attrName(a)+"\": Unknown index type: "+renderExpr(arg.Value)+".")
				} else {
					idx.Type = c.Name
				}
			}
			if a.Arg("where", -1) != nil && !r.preview["partialIndexes"] {
				r.verr(rkAlgorithm, a.Span.Start.Offset, a.Span, "Error parsing attribute \""+attrName(a)+"\": Partial indexes are a preview feature. Add \"partialIndexes\" to previewFeatures in your generator block.")
			}
			d := &indexDef{idx: idx, pos: a.Span, length: r.sawLength, sorted: r.sawSort}
			if arg := a.Arg("fields", 0); arg != nil {
				if arr, ok := arg.Value.(*ast.ArrayExpr); ok && len(arr.Elems) == len(idx.Fields) {
					d.nodes = arr.Elems
				}
			}
			mi.idxDef = append(mi.idxDef, d)
		case "ignore":
		case "schema":
			r.schemaAttr(a, false)
		case "shardKey":
			r.errAt(stAttrs, a.Span, "The `"+attrName(a)+"` attribute is not supported by caspian-prisma yet.")
		default:
			r.errAt(stAttrs, a.Name.Span, "Attribute not known: \"@"+a.Name.Name+"\".")
		}
	}
}

func validIndexType(s string) bool {
	switch s {
	case "BTree", "Hash", "Gist", "Gin", "SpGist", "Brin":
		return true
	}
	return false
}

// fieldList reads the field list of @@id/@@unique/@@index: names, with the
// per-field sort and operator-class options (nil when none is written).
func (r *resolver) fieldList(mi *modelInfo, a *ast.Attribute, what string) (names, sorts, ops []string, ok bool) {
	m := mi.m
	r.sawLength, r.sawSort = false, false
	arg := a.Arg("fields", 0)
	if arg == nil {
		r.errAt(stAttrs, a.Span, "Error parsing attribute \""+attrName(a)+"\": The `fields` argument is missing.")
		return nil, nil, nil, false
	}
	arr, isArr := arg.Value.(*ast.ArrayExpr)
	if !isArr {
		r.errAt(stAttrs, arg.Span, "Error parsing attribute \""+attrName(a)+"\": Expected an array of field names, but received "+exprKind(arg.Value)+".")
		return nil, nil, nil, false
	}
	if len(arr.Elems) == 0 {
		r.errAt(stAttrs, arg.Span, "Error parsing attribute \""+attrName(a)+"\": The list of fields must not be empty.")
		return nil, nil, nil, false
	}
	var unknown, relations []string
	hasSort, hasOps := false, false
	for _, el := range arr.Elems {
		var name, sort, op string
		switch e := el.(type) {
		case *ast.ConstExpr:
			name = e.Name
		case *ast.FuncCall:
			name = e.Name.Name
			for _, fa := range e.Args {
				if fa.Name == nil {
					r.errAt(stAttrs, fa.Span, "Error parsing attribute \""+attrName(a)+"\": Field arguments must be named (sort:, length:, ops:).")
					continue
				}
				switch fa.Name.Name {
				case "sort":
					r.sawSort = true
					sort = r.sortArg(a, fa)
					hasSort = true
				case "ops":
					op = renderExpr(fa.Value)
					hasOps = true
				case "length":
					r.sawLength = true
					if _, isNum := fa.Value.(*ast.NumberLit); !isNum {
						r.errAt(stAttrs, fa.Span, "Error parsing attribute \""+attrName(a)+"\": The `length` argument must be an integer.")
					}
				default:
					r.errAt(stAttrs, fa.Span, "No such argument.")
				}
			}
		default:
			r.errAt(stAttrs, el.ExprSpan(), "Error parsing attribute \""+attrName(a)+"\": Expected a field name, but received "+exprKind(el)+".")
			return nil, nil, nil, false
		}
		fi := mi.fields[name]
		switch {
		case fi == nil && contains(r.untyped[mi], name):
			relations = append(relations, name)
		case fi == nil:
			unknown = append(unknown, name)
		case fi.f.Kind == RelationField:
			relations = append(relations, name)
		}
		names = append(names, name)
		sorts = append(sorts, sort)
		ops = append(ops, op)
	}
	subject := map[string]string{
		"id":       "The multi field id declaration",
		"unique":   "The unique index definition",
		"index":    "The index definition",
		"fulltext": "The index definition",
	}[what]
	if len(unknown) > 0 {
		sep := ": "
		if what == "id" {
			sep = " "
		}
		list := strings.Join(unknown, ", ")
		noun := "fields"
		if what == "id" {
			list = "`" + strings.Join(unknown, "`, `") + "`"
			if len(unknown) == 1 {
				noun = "field"
			}
		}
		r.errAt(stAttrs, a.Span, "Error validating model \""+m.Name+"\": "+subject+" refers to the unknown "+noun+sep+list+".")
		if what == "id" {
			// The attribute was not read, so its other arguments were not either.
			for _, arg := range a.Args {
				if arg.Name != nil && arg.Name.Name != "fields" {
					r.errAt(stAttrs, arg.Span, "No such argument.")
				}
			}
		}
		return nil, nil, nil, false
	}
	if len(relations) > 0 && what == "id" {
		noun := "fields"
		if len(relations) == 1 {
			noun = "field"
		}
		r.errAt(stAttrs, a.Span, "Error validating model \""+m.Name+"\": The id definition refers to the relation "+noun+" `"+strings.Join(relations, "`, `")+"`. ID definitions must reference only scalar fields.")
		return nil, nil, nil, false
	}
	if len(relations) > 0 {
		msg := "Error validating model \"" + m.Name + "\": " + subject + " refers to the relation fields " + strings.Join(relations, ", ") + ". Index definitions must reference only scalar fields."
		// Prisma suggests the relation's own scalar fields.
		var sugg []string
		for _, n := range names {
			fi := mi.fields[n]
			if fi == nil {
				sugg = nil // a field of no resolved type: nothing to suggest
				break
			}
			if fi.f.Kind != RelationField {
				sugg = append(sugg, n)
				continue
			}
			if fi.rel == nil || len(fi.rel.fields) == 0 {
				sugg = nil
				break
			}
			sugg = append(sugg, fi.rel.fields...)
		}
		if len(sugg) > 0 && what != "id" {
			msg += " Did you mean `@@" + what + "([" + strings.Join(sugg, ", ") + "])`?"
		}
		r.errAt(stAttrs, a.Span, msg)
		return nil, nil, nil, false
	}
	if what != "id" {
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				// Prisma says "unique index" for @@index too.
				r.errAt(stAttrs, a.Span, "Error validating model \""+m.Name+"\": The unique index definition refers to the field "+n+" multiple times.")
				return nil, nil, nil, false
			}
			seen[n] = true
		}
	}
	if !hasSort {
		sorts = nil
	}
	if !hasOps {
		ops = nil
	}
	return names, sorts, ops, true
}

// finishModel names the constraints and settles the primary key.
func (r *resolver) finishModel(mi *modelInfo) {
	m := mi.m
	for _, d := range mi.idxDef {
		idx := d.idx
		if idx.DBName == "" {
			suffix := "idx"
			if idx.Unique {
				suffix = "key"
			}
			idx.DBName = constraintName(r.provider, m.DBName, columnNames(m, idx.Fields), suffix)
		}
		if idx.Unique {
			m.Uniques = append(m.Uniques, idx)
		} else {
			m.Indexes = append(m.Indexes, idx)
		}
	}
	if m.PrimaryKey != nil {
		return
	}
	for _, u := range m.Uniques {
		if allRequired(m, u.Fields) {
			m.PrimaryKey = &PrimaryKey{Name: u.Name, Fields: u.Fields, Implicit: true}
			return
		}
	}
	if m.IsView || m.Ignored {
		// Prisma allows both without a unique criterion; the client reads
		// views without one and leaves ignored models out.
		m.PrimaryKey = &PrimaryKey{Implicit: true}
		return
	}
	msg := "Error validating model \"" + m.Name + "\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model."
	var skipped []string
	for _, u := range m.Uniques {
		skipped = append(skipped, "- "+strings.Join(u.Fields, ", "))
	}
	if len(skipped) > 0 {
		msg += " The following unique criterias were not considered as they contain fields that are not required:\n" + strings.Join(skipped, "\n")
	}
	r.verr(rkUnique, 0, mi.node.Span, msg)
}

func allRequired(m *Model, fields []string) bool {
	for _, n := range fields {
		f := m.Field(n)
		if f == nil || f.Optional || f.List {
			return false
		}
	}
	return true
}

// uniqueCriteria lists the field sets that identify a record: the primary
// key and every unique constraint.
func uniqueCriteria(mi *modelInfo) [][]string {
	var out [][]string
	if pk := mi.m.PrimaryKey; pk != nil {
		out = append(out, pk.Fields)
	}
	for _, d := range mi.idxDef {
		if d.idx.Unique {
			out = append(out, d.idx.Fields)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clientName reports whether a name: argument can name a compound key in
// the client API.
func clientName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
