package schema

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// capability answers what a provider can store; validation asks it rather
// than comparing provider names all over the resolver.
type capability struct {
	scalarLists   bool
	indexTypes    map[string]bool
	fullText      bool
	autoincrement string // "any", "id" (SQLite: only the primary key), "indexed" (MySQL)
}

var capabilities = map[string]*capability{
	SQLite: {
		autoincrement: "id",
		indexTypes:    map[string]bool{"BTree": true}, // the only kind SQLite has
	},
	PostgreSQL: {
		scalarLists:   true,
		autoincrement: "any",
		indexTypes:    map[string]bool{"BTree": true, "Hash": true, "Gist": true, "Gin": true, "SpGist": true, "Brin": true},
	},
	MySQL: {
		autoincrement: "indexed",
		fullText:      true,
		indexTypes:    map[string]bool{"BTree": true},
	},
}

// capabilities checks every model against what the datasource's provider
// supports. Without a known provider there is nothing to check against.
func (r *resolver) capabilities() {
	c := capabilities[r.provider]
	if c == nil {
		return
	}
	for _, mi := range r.modelSeq {
		r.primaryKeyArgs(mi)
		r.multipleAutoincrement(c, mi)
		for _, fi := range mi.seq {
			r.fieldCapabilities(c, mi, fi)
		}
		for _, d := range mi.idxDef {
			attr := "@@index"
			switch {
			case d.fromFld:
				attr = "@unique"
			case d.idx.Type == "FullText":
				attr = "@@fulltext"
			case d.idx.Unique:
				attr = "@@unique"
			}
			if d.length && r.provider != MySQL {
				r.verr(rkLength, d.pos.Start.Offset, d.pos, "Error parsing attribute \""+attr+"\": The length argument is not supported in an index definition with the current connector")
			} else if d.length && !lengthFieldsOK(mi, d) {
				r.verr(rkLength, d.pos.Start.Offset, d.pos, "Error parsing attribute \""+attr+"\": The length argument is only allowed with field types `String` or `Bytes`.")
			}
			if d.idx.Type == "" || d.idx.Type == "BTree" || d.idx.Type == "Hash" {
				r.indexNativeTypes(mi, d)
			}
			if r.provider == PostgreSQL && (d.idx.Type == "Gin" || d.idx.Type == "Brin") {
				r.defaultOpClasses(mi, d)
			}
			if d.idx.Type != "" && d.idx.Type != "FullText" && !c.indexTypes[d.idx.Type] {
				r.verr(rkAlgorithm, d.pos.Start.Offset, d.pos, "Error parsing attribute \""+attr+"\": The given index type is not supported with the current connector")
			}
			if d.idx.Type == "FullText" && !c.fullText { // fullTextSearchPostgres enables search, not @@fulltext
				r.verr(rkFulltext, d.pos.Start.Offset, d.pos, "Error parsing attribute \"@@fulltext\": Defining fulltext indexes is not supported with the current connector.")
			}
			if d.idx.Type == "FullText" && d.sorted && r.provider == MySQL {
				r.verr(rkFulltextSrt, d.pos.Start.Offset, d.pos, "Error parsing attribute \"@@fulltext\": The sort argument is not supported in a @@fulltext attribute in the current connector.")
			}
		}
	}
}

func (r *resolver) fieldCapabilities(c *capability, mi *modelInfo, fi *fieldInfo) {
	f := fi.f
	if f.Kind == RelationField {
		return
	}
	if f.List && f.Type == Json && r.provider != PostgreSQL && r.provider != "cockroachdb" {
		r.verr(rkList, fi.node.Span.Start.Offset, r.lineSpan(fi.node.Span), "Error validating field `"+f.Name+"` in model `"+mi.m.Name+"`: Field `"+f.Name+"` in model `"+mi.m.Name+"` can't be of type Json[]. The current connector does not support the Json List type.")
	}
	if f.List && !c.scalarLists {
		r.verr(rkList, fi.node.Span.Start.Offset, r.lineSpan(fi.node.Span), "Field \""+f.Name+"\" in model \""+mi.m.Name+"\" can't be a list. The current connector does not support lists of primitive types.")
	}
	if f.Default != nil && f.Default.Kind == DefaultAutoincrement {
		at := r.lineSpan(fi.node.Span)
		pk := mi.m.PrimaryKey
		if c.autoincrement == "id" && (pk == nil || len(pk.Fields) != 1 || pk.Fields[0] != f.Name || pk.Implicit) {
			r.verr(rkAutoinc, fi.node.Span.Start.Offset, at, "Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-id field even though the datasource does not support this.")
		}
		if c.autoincrement != "any" && !indexedFirst(mi, f.Name) {
			r.verr(rkAutoinc, fi.node.Span.Start.Offset, at, "Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-indexed field even though the datasource does not support this.")
		}
	}
}

// multipleAutoincrement: SQLite and MySQL allow one autoincrement column
// per table.
func (r *resolver) multipleAutoincrement(c *capability, mi *modelInfo) {
	if c.autoincrement == "any" {
		return
	}
	n := 0
	for _, fi := range mi.seq {
		if fi.f.Default != nil && fi.f.Default.Kind == DefaultAutoincrement {
			n++
		}
	}
	if n > 1 {
		r.verr(rkAutoinc, -1, mi.node.Span, "Error parsing attribute \"@default\": The `autoincrement()` default value is used multiple times on this model even though the underlying datasource only supports one instance per table.")
	}
}

// indexedFirst reports whether a field leads the primary key or an index,
// which MySQL requires of an AUTO_INCREMENT column.
func indexedFirst(mi *modelInfo, name string) bool {
	if pk := mi.m.PrimaryKey; pk != nil && len(pk.Fields) > 0 && pk.Fields[0] == name {
		return true
	}
	for _, d := range mi.idxDef {
		if len(d.idx.Fields) > 0 && d.idx.Fields[0] == name {
			return true
		}
	}
	return false
}

// lengthFieldsOK reports whether every field given a length: prefix in an
// index is a String or Bytes column, the only ones MySQL can prefix.
func lengthFieldsOK(mi *modelInfo, d *indexDef) bool {
	for i, name := range d.idx.Fields {
		hasLen := d.fromFld
		if i < len(d.nodes) {
			if call, ok := d.nodes[i].(*ast.FuncCall); ok {
				for _, a := range call.Args {
					hasLen = hasLen || (a.Name != nil && a.Name.Name == "length")
				}
			}
		}
		if !hasLen {
			continue
		}
		fi := mi.fields[name]
		if fi == nil || fi.f.Unsupported != "" || fi.f.Kind == RelationField {
			continue
		}
		if fi.f.Kind != ScalarField || (fi.f.Type != String && fi.f.Type != Bytes) {
			return false
		}
	}
	return true
}

// mysqlPrefixOnly are MySQL's column types an index can only take with a
// length: prefix.
var mysqlPrefixOnly = map[string]bool{"Text": true, "TinyText": true, "MediumText": true, "LongText": true, "Blob": true, "TinyBlob": true, "MediumBlob": true, "LongBlob": true}

// indexNativeTypes reports the columns an index or unique constraint
// cannot cover: MySQL's TEXT and BLOB types without a length: prefix,
// PostgreSQL's xml.
func (r *resolver) indexNativeTypes(mi *modelInfo, d *indexDef) {
	for i, name := range d.idx.Fields {
		fi := mi.fields[name]
		if fi == nil || fi.f.NativeType == "" {
			continue
		}
		typ, _, _ := strings.Cut(fi.f.NativeType, "(")
		switch {
		case r.provider == MySQL && mysqlPrefixOnly[typ] && !fieldHasLength(d, i) && d.idx.Unique:
			r.verr(rkConnectorIndex, d.pos.Start.Offset, d.pos, "Native type `"+typ+"` cannot be unique in MySQL. Please use the `length` argument to the field in the index definition to allow this.")
		case r.provider == MySQL && mysqlPrefixOnly[typ] && !fieldHasLength(d, i):
			r.verr(rkConnectorIndex, d.pos.Start.Offset, d.pos, "You cannot define an index on fields with native type `"+typ+"` of MySQL. Please use the `length` argument to the field in the index definition to allow this.")
		case r.provider == PostgreSQL && typ == "Xml" && d.idx.Unique:
			r.verr(rkConnectorIndex, d.pos.Start.Offset, r.lineSpan(fi.node.Span), "Native type `Xml` cannot be unique in Postgres.")
		case r.provider == PostgreSQL && typ == "Xml":
			r.verr(rkConnectorIndex, d.pos.Start.Offset, r.lineSpan(fi.node.Span), "You cannot define an index on fields with native type `Xml` of Postgres.")
		}
	}
}

// fieldHasLength reports whether the i-th field of an index has a length:
// argument.
func fieldHasLength(d *indexDef, i int) bool {
	if d.fromFld {
		return d.length
	}
	if i < len(d.nodes) {
		if call, ok := d.nodes[i].(*ast.FuncCall); ok {
			for _, a := range call.Args {
				if a.Name != nil && a.Name.Name == "length" {
					return true
				}
			}
		}
	}
	return false
}

// brinTypes are the PostgreSQL column types with a default BRIN operator
// class, by Prisma's native type names; brinScalars the scalar types whose
// default column type has one.
// https://www.postgresql.org/docs/current/brin-builtin-opclasses.html
var (
	brinTypes   = map[string]bool{"Bit": true, "VarBit": true, "Char": true, "VarChar": true, "Text": true, "ByteA": true, "Date": true, "Time": true, "Timetz": true, "Timestamp": true, "Timestamptz": true, "Real": true, "DoublePrecision": true, "SmallInt": true, "Integer": true, "BigInt": true, "Decimal": true, "Oid": true, "Inet": true, "Uuid": true}
	brinScalars = map[ScalarType]bool{String: true, Int: true, BigInt: true, Float: true, Decimal: true, DateTime: true, Bytes: true}
)

// defaultOpClasses checks that every field of a GIN or BRIN index written
// without ops: has a default operator class: GIN takes lists and Json
// (jsonb), BRIN the types in brinTypes. Prisma names the native type when
// one is written, else the field.
func (r *resolver) defaultOpClasses(mi *modelInfo, d *indexDef) {
	for i, name := range d.idx.Fields {
		fi := mi.fields[name]
		if fi == nil || fi.f.Kind == RelationField || fi.f.Unsupported != "" || (i < len(d.idx.Ops) && d.idx.Ops[i] != "") {
			continue
		}
		f := fi.f
		native, _, _ := strings.Cut(f.NativeType, "(")
		var ok bool
		if d.idx.Type == "Gin" {
			ok = f.List || (f.Kind == ScalarField && f.Type == Json && (native == "" || native == "JsonB"))
		} else {
			ok = (native != "" && brinTypes[native]) || (native == "" && f.Kind == ScalarField && brinScalars[f.Type])
		}
		switch {
		case ok:
		case native != "":
			r.verr(rkConnectorIndex, d.pos.Start.Offset, d.pos, "Error parsing attribute \"@@index\": The "+d.idx.Type+" index field type `"+native+"` has no default operator class.")
		default:
			r.verr(rkConnectorIndex, d.pos.Start.Offset, d.pos, "Error parsing attribute \"@@index\": The "+d.idx.Type+" index type does not support the type of the field `"+name+"`.")
		}
	}
}

// primaryKeyArgs refuses what the primary key's attribute asks and the
// provider cannot do: a sort order (SQL Server only), a length prefix
// (MySQL only) and clustering (SQL Server only).
func (r *resolver) primaryKeyArgs(mi *modelInfo) {
	pk := mi.m.PrimaryKey
	if pk == nil || pk.Implicit {
		return
	}
	var attr *ast.Attribute
	if a := ast.Attr(mi.node.Attrs, "id"); a != nil && a.Span == mi.pkPos {
		attr = a
	}
	for _, f := range mi.node.Fields {
		if a := ast.Attr(f.Attrs, "id"); a != nil && a.Span == mi.pkPos {
			attr = a
		}
	}
	if attr == nil {
		return
	}
	name := "Error parsing attribute \"" + attrName(attr) + "\": "
	sorted, length := attr.Arg("sort", -1) != nil, attr.Arg("length", -1) != nil
	if fields := attr.Arg("fields", 0); attr.Block && fields != nil {
		if arr, ok := fields.Value.(*ast.ArrayExpr); ok {
			for _, el := range arr.Elems {
				if call, ok := el.(*ast.FuncCall); ok {
					for _, a := range call.Args {
						sorted = sorted || (a.Name != nil && a.Name.Name == "sort")
						length = length || (a.Name != nil && a.Name.Name == "length")
					}
				}
			}
		}
	}
	if length && r.provider != MySQL {
		r.verr(rkPKNamed, 1, attr.Span, name+"The length argument is not supported in the primary key with the current connector")
	}
	if length && r.provider == MySQL && !attr.Block && len(pk.Fields) == 1 {
		if fi := mi.fields[pk.Fields[0]]; fi != nil && fi.f.Unsupported == "" && (fi.f.Kind != ScalarField || (fi.f.Type != String && fi.f.Type != Bytes)) {
			r.verr(rkPKNamed, 1, attr.Span, name+"The length argument is only allowed with field types `String` or `Bytes`.")
		}
	}
	if sorted {
		r.verr(rkPKNamed, 2, attr.Span, name+"The sort argument is not supported in the primary key with the current connector")
	}
	if attr.Arg("clustered", -1) != nil {
		r.verr(rkPKNamed, 3, attr.Span, name+"Defining clustering is not supported in the current connector.")
	}
}
