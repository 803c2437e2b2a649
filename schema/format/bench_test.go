package format

import (
	"fmt"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// BenchmarkFormat500 formats a 500-model schema whose every model lacks the
// back side of one relation, so the magic has work to do.
func BenchmarkFormat500(b *testing.B) {
	var s strings.Builder
	s.WriteString("datasource db {\n  provider = \"postgresql\"\n}\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&s, "model M%d {\nid Int @id @default(autoincrement())\n  name String @db.VarChar(100) // n\n", i)
		if i > 0 {
			fmt.Fprintf(&s, "  parent M%d @relation(fields: [parentId], references: [id])\n  parentId Int\n", i-1)
		}
		s.WriteString("  @@index([name])\n}\n")
	}
	files := []schema.File{{Name: "schema.prisma", Text: s.String()}}
	b.ResetTimer()
	for range b.N {
		if _, err := Format(files); err != nil {
			b.Fatal(err)
		}
	}
}
