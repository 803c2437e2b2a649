// Package format is `prisma format` for Go: it lays a schema out exactly as
// Prisma's formatter does (aligned columns, sorted attributes, normalised
// blank lines and comments) and, on a schema whose names and types resolve,
// adds what Prisma's "magic" reformatting adds: the missing opposite side
// of a relation, the missing `@relation(fields, references)` and the
// missing foreign-key scalar fields.
//
// It works on its own concrete syntax tree (cst.go) that mirrors Prisma's
// grammar, because the layout depends on details package ast does not keep
// (comment positions, catch-all lines, the text of every literal). It
// imports package schema only for the File type and to validate the
// result; it must not import anything from engine/.
package format

import (
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// IndentWidth is the indentation inside blocks (Prisma's CLI uses 2).
const IndentWidth = 2

// Format formats every file of a schema the way `prisma format` (the
// formatter, before the CLI's validation) does. Files keep their names and
// order. It never fails on a schema Prisma's formatter accepts; the error
// is reserved for inputs that are not text.
func Format(files []schema.File) ([]schema.File, error) {
	parsed := make([][]topNode, len(files))
	for i, f := range files {
		parsed[i] = parseFile(f.Text)
	}
	texts := make([]string, len(files))
	for i, f := range files {
		texts[i] = f.Text
	}
	if bits := magic(parsed, texts); bits != nil {
		for i := range files {
			if len(bits[i]) > 0 {
				texts[i] = enrich(texts[i], bits[i])
				parsed[i] = parseFile(texts[i])
			}
		}
	}
	out := make([]schema.File, len(files))
	for i, f := range files {
		out[i] = schema.File{Name: f.Name, Text: reformat(parsed[i], IndentWidth)}
	}
	return out, nil
}

// Source formats a single-file schema.
func Source(src string) string {
	out, _ := Format([]schema.File{{Name: "schema.prisma", Text: src}})
	return out[0].Text
}
