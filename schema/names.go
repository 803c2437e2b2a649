package schema

import (
	"sort"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// databaseNames reports two models on one table and two fields on one
// column, then the constraint names used twice within the namespace the
// provider keeps them in. Tables and global constraint namespaces are per
// database schema: two models of one name in different @@schema are fine.
func (r *resolver) databaseNames() {
	type table struct{ schema, name string }
	tables := map[table]string{}
	for _, mi := range r.modelSeq {
		m := mi.m
		if other, dup := tables[table{m.Schema, m.DBName}]; dup {
			sp := mi.node.Name.Span
			if a := ast.Attr(mi.node.Attrs, "map"); a != nil {
				sp = a.Span
			}
			what := "model"
			if m.IsView {
				what = "view"
			}
			r.verr(rkTableName, 0, sp, "The "+what+" with database name \""+m.DBName+"\" could not be defined because another model or view with this name exists: \""+other+"\"")
		} else {
			tables[table{m.Schema, m.DBName}] = m.Name
		}
		cols := map[string]string{} // column name -> the field that took it
		all := append(append([]*fieldInfo{}, mi.seq...), mi.dups...)
		sort.SliceStable(all, func(i, j int) bool { return all[i].node.Span.Start.Offset < all[j].node.Span.Start.Offset })
		for _, fi := range all {
			if fi.f.Kind == RelationField {
				continue
			}
			if other, taken := cols[fi.f.DBName]; taken {
				saved := r.fieldOff
				if other != fi.f.Name {
					// A clash made by @map: Prisma finds it after the
					// fields' attributes, before the block's.
					r.fieldOff = 1 << 40
				}
				r.errAt(stAttrs, r.lineSpan(fi.node.Span), "Field \""+fi.f.Name+"\" is already defined on model \""+m.Name+"\".")
				r.fieldOff = saved
			} else {
				cols[fi.f.DBName] = fi.f.Name
			}
		}
	}
	r.constraintNamespaces()
}

// A constraint scope is a namespace in which a database keeps constraint
// names; which scopes exist depends on the provider.
type scope int

const (
	globalKeyIndex scope = iota
	globalForeignKey
	globalPrimaryKeyKeyIndex
	globalPrimaryKeyForeignKeyDefault
	modelKeyIndex
	modelPrimaryKeyKeyIndex
	modelPrimaryKeyKeyIndexForeignKey
)

func (s scope) describe(model string) string {
	switch s {
	case globalKeyIndex:
		return "global for indexes and unique constraints"
	case globalForeignKey:
		return "global for foreign keys"
	case globalPrimaryKeyKeyIndex:
		return "global for primary key, indexes and unique constraints"
	case globalPrimaryKeyForeignKeyDefault:
		return "global for primary keys, foreign keys and default constraints"
	case modelKeyIndex:
		return "on model `" + model + "` for indexes and unique constraints"
	case modelPrimaryKeyKeyIndex:
		return "on model `" + model + "` for primary key, indexes and unique constraints"
	}
	return "on model `" + model + "` for primary key, indexes, unique constraints and foreign keys"
}

func (s scope) global() bool { return s <= globalPrimaryKeyForeignKeyDefault }

var providerScopes = map[string][]scope{
	PostgreSQL:    {globalPrimaryKeyKeyIndex, modelPrimaryKeyKeyIndexForeignKey},
	"cockroachdb": {globalPrimaryKeyKeyIndex, modelPrimaryKeyKeyIndexForeignKey},
	MySQL:         {globalForeignKey, modelKeyIndex},
	SQLite:        {globalKeyIndex},
	"sqlserver":   {globalPrimaryKeyForeignKeyDefault, modelPrimaryKeyKeyIndex},
}

type constraintKind int

const (
	ckIndex constraintKind = iota
	ckRelation
	ckPrimaryKey
)

// scopeMembers says which kinds of constraint a scope holds.
var scopeMembers = map[scope][]constraintKind{
	globalKeyIndex:                    {ckIndex},
	globalForeignKey:                  {ckRelation},
	globalPrimaryKeyKeyIndex:          {ckPrimaryKey, ckIndex},
	globalPrimaryKeyForeignKeyDefault: {ckPrimaryKey, ckRelation},
	modelKeyIndex:                     {ckIndex},
	modelPrimaryKeyKeyIndex:           {ckIndex, ckPrimaryKey},
	modelPrimaryKeyKeyIndexForeignKey: {ckIndex, ckPrimaryKey, ckRelation},
}

// possibleScopes lists, in Prisma's order, the scopes a name is checked in.
var possibleScopes = map[constraintKind][]scope{
	ckIndex:      {globalKeyIndex, globalPrimaryKeyKeyIndex, modelKeyIndex, modelPrimaryKeyKeyIndex},
	ckRelation:   {globalForeignKey, globalPrimaryKeyForeignKeyDefault, modelPrimaryKeyKeyIndexForeignKey},
	ckPrimaryKey: {globalPrimaryKeyForeignKeyDefault, globalPrimaryKeyKeyIndex, modelPrimaryKeyKeyIndex, modelPrimaryKeyKeyIndexForeignKey},
}

type constraint struct {
	kind  constraintKind
	name  string
	model int
	attr  string // the attribute the error names ("@@index", "@id", "@relation")
	span  ast.Span
	// relPos is where a foreign key's relation is first seen (its earlier
	// field), which orders relation findings.
	relPos int
}

// constraintNamespaces reports constraint names used twice in a namespace,
// every occurrence, in Prisma's order: per model the primary key, then the
// indexes; then the foreign keys.
func (r *resolver) constraintNamespaces() {
	var cs, fks []constraint
	for i, mi := range r.modelSeq {
		m := mi.m
		if m.IsView {
			continue // a view has no constraints of its own
		}
		if pk := m.PrimaryKey; pk != nil && !pk.Implicit {
			if pk.DBName != "" && !namedPrimaryKeys(r.provider) && r.opts.Strict {
				r.verr(rkPKNamed, 0, mi.node.Span, "Error validating model \""+m.Name+"\": You defined a database name for the primary key on the model. This is not supported by the provider.")
			}
			if namedPrimaryKeys(r.provider) {
				name := pk.DBName
				if name == "" {
					name = constraintName(r.provider, m.DBName, nil, "pkey")
				}
				attr := "@id"
				if a := ast.Attr(mi.node.Attrs, "id"); a != nil && a.Span == mi.pkPos {
					attr = "@@id"
				}
				cs = append(cs, constraint{ckPrimaryKey, name, i, attr, mi.pkPos, 0})
			}
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
			cs = append(cs, constraint{ckIndex, d.idx.DBName, i, attr, d.pos, 0})
		}
		for _, fi := range mi.seq {
			if rel := fi.f.Relation; rel != nil && rel.DBName != "" && fi.rel != nil && fi.rel.attr != nil {
				pos := globalOffset(fi.node.Span.Start)
				if b := rel.Back; b != nil {
					if bmi := r.models[b.Model.Name]; bmi != nil {
						if bfi := bmi.fields[b.Name]; bfi != nil && globalOffset(bfi.node.Span.Start) < pos {
							pos = globalOffset(bfi.node.Span.Start)
						}
					}
				}
				fks = append(fks, constraint{ckRelation, rel.DBName, i, "@relation", fi.rel.attr.Span, pos})
			}
		}
	}
	all := append(cs, fks...)
	active := map[scope]bool{}
	for _, s := range providerScopes[r.provider] {
		active[s] = true
	}
	type key struct {
		s      scope
		model  int
		schema string // global scopes are per database schema
		name   string
	}
	counts := map[key]int{}
	for _, c := range all {
		for s := range active {
			for _, k := range scopeMembers[s] {
				if k != c.kind {
					continue
				}
				kk := key{s, c.model, "", c.name}
				if s.global() {
					kk.model, kk.schema = -1, r.modelSeq[c.model].m.Schema
				}
				counts[kk]++
			}
		}
	}
	for _, c := range all {
		for _, s := range possibleScopes[c.kind] {
			if !active[s] {
				continue
			}
			kk := key{s, c.model, "", c.name}
			if s.global() {
				kk.model, kk.schema = -1, r.modelSeq[c.model].m.Schema
			}
			if counts[kk] > 1 {
				rank := map[constraintKind]int{ckPrimaryKey: rkPKName, ckIndex: rkIndexName, ckRelation: rkRelFKName}[c.kind]
				sub := c.span.Start.Offset
				if c.kind == ckRelation {
					sub = c.relPos * 2
				}
				r.verr(rank, sub, c.span, "Error parsing attribute \""+c.attr+"\": The given constraint name `"+c.name+"` has to be unique in the following namespace: "+s.describe(r.modelSeq[c.model].m.Name)+". Please provide a different name using the `map` argument.")
			}
		}
	}
}

// namedPrimaryKeys reports whether the provider lets a primary key
// constraint have a name of its own.
func namedPrimaryKeys(provider string) bool {
	return provider == PostgreSQL || provider == "cockroachdb" || provider == "sqlserver"
}
