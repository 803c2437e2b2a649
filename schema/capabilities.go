package schema

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
				r.errAt(stValidate, d.pos, "Error parsing attribute \""+attr+"\": The length argument is not supported in an index definition with the current connector")
			}
			if d.idx.Type != "" && d.idx.Type != "FullText" && !c.indexTypes[d.idx.Type] {
				r.errAt(stValidate, d.pos, "Error parsing attribute \""+attr+"\": The given index type is not supported with the current connector")
			}
			if d.idx.Type == "FullText" && !c.fullText && !(r.provider == PostgreSQL && r.preview["fullTextSearchPostgres"]) {
				r.errAt(stValidate, d.pos, "Error parsing attribute \"@@fulltext\": Defining fulltext indexes is not supported with the current connector.")
			}
			if d.idx.Type == "FullText" && d.sorted && r.provider == MySQL {
				r.errAt(stValidate, d.pos, "Error parsing attribute \"@@fulltext\": The sort argument is not supported in a @@fulltext attribute in the current connector.")
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
