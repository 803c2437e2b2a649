package schema

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// capability answers what a provider can store; validation asks it rather
// than comparing provider names all over the resolver.
type capability struct {
	scalarLists   bool
	nativeTypes   map[string]ScalarType // native type name -> the scalar type it stores
	indexTypes    map[string]bool
	fullText      bool
	autoincrement string // "any", "id" (SQLite: only the primary key), "indexed" (MySQL)
}

var capabilities = map[string]*capability{
	SQLite: {
		autoincrement: "id",
	},
	PostgreSQL: {
		scalarLists:   true,
		autoincrement: "any",
		indexTypes:    map[string]bool{"BTree": true, "Hash": true, "Gist": true, "Gin": true, "SpGist": true, "Brin": true},
		nativeTypes: map[string]ScalarType{
			"Text": String, "Char": String, "VarChar": String, "Bit": String, "VarBit": String, "Uuid": String,
			"Xml": String, "Inet": String, "Citext": String,
			"Boolean": Boolean,
			"Integer": Int, "SmallInt": Int, "Oid": Int,
			"BigInt":          BigInt,
			"DoublePrecision": Float, "Real": Float,
			"Decimal": Decimal, "Money": Decimal,
			"Timestamp": DateTime, "Timestamptz": DateTime, "Date": DateTime, "Time": DateTime, "Timetz": DateTime,
			"Json": Json, "JsonB": Json,
			"ByteA": Bytes,
		},
	},
	MySQL: {
		autoincrement: "indexed",
		fullText:      true,
		indexTypes:    map[string]bool{"BTree": true, "Hash": true},
		nativeTypes: map[string]ScalarType{
			"VarChar": String, "Text": String, "Char": String, "TinyText": String, "MediumText": String, "LongText": String,
			"TinyInt": Int, "UnsignedTinyInt": Int, "SmallInt": Int, "UnsignedSmallInt": Int, "MediumInt": Int,
			"UnsignedMediumInt": Int, "Int": Int, "UnsignedInt": Int, "Year": Int,
			"BigInt": BigInt, "UnsignedBigInt": BigInt,
			"Float": Float, "Double": Float,
			"Decimal":  Decimal,
			"DateTime": DateTime, "Date": DateTime, "Time": DateTime, "Timestamp": DateTime,
			"Json": Json,
			"Bit":  Bytes, "Binary": Bytes, "VarBinary": Bytes, "TinyBlob": Bytes, "Blob": Bytes, "MediumBlob": Bytes, "LongBlob": Bytes,
		},
	},
}

// nativeAlso lists native types that fit a second scalar type.
var nativeAlso = map[string]map[string]ScalarType{
	MySQL:      {"TinyInt": Boolean, "Bit": Boolean},
	PostgreSQL: {},
}

// capabilities checks every model against what the datasource's provider
// supports. Without a known provider there is nothing to check against.
func (r *resolver) capabilities() {
	c := capabilities[r.provider]
	if c == nil {
		return
	}
	for _, mi := range r.modelSeq {
		for _, fi := range mi.seq {
			r.fieldCapabilities(c, mi, fi)
		}
		for _, d := range mi.idxDef {
			if d.idx.Type == "FullText" && !c.fullText {
				r.errAt(stValidate, d.pos, "Error parsing attribute \"@@fulltext\": Defining fulltext indexes is not supported with the current connector.")
			} else if d.idx.Type != "" && d.idx.Type != "FullText" && !c.indexTypes[d.idx.Type] {
				r.errAt(stValidate, d.pos, "Error parsing attribute \"@@index\": The given index type is not supported with the current connector")
			}
		}
	}
}

func (r *resolver) fieldCapabilities(c *capability, mi *modelInfo, fi *fieldInfo) {
	f := fi.f
	if f.Kind == RelationField {
		return
	}
	if f.List && !c.scalarLists {
		r.errAt(stValidate, r.lineSpan(fi.node.Span), "Field \""+f.Name+"\" in model \""+mi.m.Name+"\" can't be a list. The current connector does not support lists of primitive types.")
	}
	if a := nativeAttr(fi.node); a != nil {
		name := strings.TrimPrefix(a.Name.Name, "db.")
		switch t, ok := c.nativeTypes[name]; {
		case c.nativeTypes == nil:
			r.errAt(stAttrs, a.Span, "Native types are not supported with "+r.provider+" connector")
		case !ok:
			r.errAt(stAttrs, a.Span, "Native type "+name+" is not supported for "+r.provider+" connector.")
		case f.Kind == EnumField:
			r.errAt(stAttrs, a.Span, "Native type "+name+" is not compatible with declared field type "+f.TypeName+", expected field type "+string(t)+".")
		case t != f.Type && nativeAlso[r.provider][name] != f.Type:
			r.errAt(stAttrs, a.Span, "Native type "+name+" is not compatible with declared field type "+string(f.Type)+", expected field type "+string(t)+".")
		}
	}
	if f.Default != nil && f.Default.Kind == DefaultAutoincrement {
		at := r.lineSpan(fi.node.Span)
		switch c.autoincrement {
		case "id":
			pk := mi.m.PrimaryKey
			if !f.ID || pk == nil || len(pk.Fields) != 1 {
				r.errAt(stValidate, at, "Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-id field even though the datasource does not support this.")
			}
		case "indexed":
			if !indexedFirst(mi, f.Name) {
				r.errAt(stValidate, at, "Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-indexed field even though the datasource does not support this.")
			}
		}
	}
}

func nativeAttr(fn *ast.Field) *ast.Attribute {
	for _, a := range fn.Attrs {
		if strings.HasPrefix(a.Name.Name, "db.") {
			return a
		}
	}
	return nil
}

// indexedFirst reports whether a field leads the primary key or an index,
// which MySQL requires of an AUTO_INCREMENT column.
func indexedFirst(mi *modelInfo, name string) bool {
	if pk := mi.m.PrimaryKey; pk != nil && pk.Fields[0] == name {
		return true
	}
	for _, d := range mi.idxDef {
		if d.idx.Fields[0] == name {
			return true
		}
	}
	return false
}
