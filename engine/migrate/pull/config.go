package pull

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// ConfigBlocks is the text of the datasource and generator blocks of a
// schema file, verbatim with the comment lines right above each, in file
// order: what db pull keeps of the file besides the datamodel.
func ConfigBlocks(src string) string {
	f := ast.Parse(src, "schema.prisma")
	var parts []string
	for _, b := range f.Blocks {
		c, ok := b.(*ast.Config)
		if !ok {
			continue
		}
		start, end := c.Span.Start.Offset, c.Span.End.Offset
		if start < 0 || end > len(src) || start >= end {
			continue
		}
		// Comment lines directly above the block belong to it.
		lineStart := strings.LastIndexByte(src[:start], '\n') + 1
		for lineStart > 0 {
			prev := strings.LastIndexByte(src[:lineStart-1], '\n') + 1
			if !strings.HasPrefix(strings.TrimSpace(src[prev:lineStart-1]), "//") {
				break
			}
			lineStart = prev
		}
		parts = append(parts, strings.TrimSpace(src[lineStart:end]))
	}
	return strings.Join(parts, "\n\n")
}
