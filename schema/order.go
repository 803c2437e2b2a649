package schema

import (
	"sort"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// Ranks of the validation checks, in Prisma's pipeline order: checks before
// the model loop (< 0), per model (0-99, ordered by model then rank), after
// the models (100-199), then the relations loop (200+).
const (
	rkComposite          = -100
	rkViews              = 140 // after the model loop, whatever the block order
	rkUnknownFunc        = -60
	rkTableName          = -50
	rkUnique             = 10
	rkPKName             = 11
	rkPKNamed            = 12
	rkConnectorIndex     = 13 // the connector's own index checks, before the fields'
	rkViewPK             = 13
	rkAutoinc            = 14
	rkModelSchema        = 15 // @@schema of a model: defined, supported
	rkModelMissingSchema = 16
	rkList               = 20
	rkNative             = 21
	rkDefault            = 22
	rkIgnoredRel         = 31
	rkActions            = 32
	rkNamedFK            = 33
	rkIndexName          = 41
	rkLength             = 42
	rkAlgorithm          = 43
	rkFulltext           = 44
	rkFulltextSrt        = 45
	rkSchema             = 150
	rkSchemaEnum         = 151
	rkRelations          = 200
	rkRelSetNull         = 200 // SetNull on a required foreign key, in the relations loop
	rkRelUnique          = 201
	rkRelArity           = 202
	rkRelOptional        = 203
	rkRelTypes           = 204
	rkRelFKName          = 205
	rkRelBoth            = 206
	rkRelFields          = 207
	rkRel11              = 208
	rkRelCycle           = 200 // first of a relation's checks
	rkRelM2M             = 210
	rkOther              = 300
)

// attrRankRelation marks the attribute findings of relation fields, which
// Prisma makes before those of every block (see orderAttrsByBlock).
const attrRankRelation = -1

// orderAttrsByBlock puts the attribute pass's findings in block order:
// Prisma visits the attributes of each model and enum in turn, in source
// order, while the resolver reads enums before models. The attributes of
// relation fields come before all of them.
func orderAttrsByBlock(ds Diagnostics, files []*ast.File, st stage) {
	type blk struct{ file, start, end int }
	var blocks []blk
	fileOf := map[string]int{}
	for i, f := range files {
		fileOf[f.Name] = i
		for _, b := range f.Blocks {
			sp := b.BlockSpan()
			blocks = append(blocks, blk{i, sp.Start.Offset, sp.End.Offset})
		}
	}
	key := func(d Diagnostic) [5]int {
		fi := fileOf[d.Pos.File]
		phase := 1
		if d.rank == attrRankRelation {
			phase = 0
		}
		for _, b := range blocks {
			if b.file == fi && d.Start >= b.start && d.Start < b.end {
				return [5]int{phase, fi, b.start, d.rank, d.sub}
			}
		}
		return [5]int{phase, fi, d.Start, 0, 0}
	}
	var idx []int
	var keys [][5]int
	for i, d := range ds {
		if d.stage == st && d.Severity == SeverityError {
			idx = append(idx, i)
			keys = append(keys, key(d))
		}
	}
	vals := make([]Diagnostic, len(idx))
	order := make([]int, len(idx))
	for i := range order {
		order[i] = i
		vals[i] = ds[idx[i]]
	}
	sort.SliceStable(order, func(a, b int) bool {
		ka, kb := keys[order[a]], keys[order[b]]
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
		return false
	})
	for i, o := range order {
		ds[idx[i]] = vals[o]
	}
}

// orderValidation sorts the validation pipeline's findings into Prisma's
// order: checks before the model loop, then model by model (in source
// order) each check in turn, then checks after the models, then the
// relations; discovery order breaks ties.
func orderValidation(ds Diagnostics, files []*ast.File) {
	fileOf := map[string]int{}
	type blk struct{ file, start, end int }
	var blocks []blk
	for i, f := range files {
		fileOf[f.Name] = i
		for _, b := range f.Blocks {
			sp := b.BlockSpan()
			blocks = append(blocks, blk{i, sp.Start.Offset, sp.End.Offset})
		}
	}
	type item struct {
		d   Diagnostic
		key [6]int
	}
	var idx []int
	var items []item
	for i, d := range ds {
		if d.stage != stValidate || d.Severity != SeverityError {
			continue
		}
		phase := 3
		switch {
		case d.rank < 0:
			phase = 0
		case d.rank < 100:
			phase = 1
		case d.rank < 200:
			phase = 2
		}
		k := [6]int{phase, 0, 0, d.rank, d.sub, d.rank}
		if d.rank >= 20 && d.rank < 50 {
			// Per field (or index), every check of it before the next one.
			k[3] = d.rank / 10 * 10
		}
		if phase == 1 {
			fi := fileOf[d.Pos.File]
			k[1], k[2] = fi, d.Start
			for _, b := range blocks {
				if b.file == fi && d.Start >= b.start && d.Start < b.end {
					k[2] = b.start
					break
				}
			}
		}
		if phase == 0 || phase == 2 {
			k[3], k[4], k[5] = d.rank, 0, 0
		}
		if phase == 3 {
			k[3], k[4], k[5] = d.sub, d.rank, 0
		}
		idx = append(idx, i)
		items = append(items, item{d, k})
	}
	sort.SliceStable(items, func(a, b int) bool {
		ka, kb := items[a].key, items[b].key
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
		return false
	})
	for i, at := range idx {
		ds[at] = items[i].d
	}
}

// orderParse puts syntax errors in source order, file by file: the lexer's
// findings (bad escapes) are made before the parser's.
func orderParse(ds Diagnostics) {
	var idx []int
	for i, d := range ds {
		if d.stage == stParse && d.Severity == SeverityError {
			idx = append(idx, i)
		}
	}
	vals := make(Diagnostics, len(idx))
	for i, at := range idx {
		vals[i] = ds[at]
	}
	sort.SliceStable(vals, func(a, b int) bool {
		if vals[a].Pos.File != vals[b].Pos.File {
			return false // files keep their order
		}
		return vals[a].Start < vals[b].Start
	})
	for i, at := range idx {
		ds[at] = vals[i]
	}
}

// globalOffset orders positions across the files of a schema.
func globalOffset(p ast.Pos) int { return p.File<<32 | p.Offset }
