// Command gen generates the Python client for a schema file:
//
//	go run ./engine/codegen/cmd/gen -schema prisma/schema.prisma -out src/lib/prisma
//
// It is a development helper for tests; users run `ppy generate`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/caspian-prisma/caspian-prisma/engine/codegen"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

func main() {
	schemaPath := flag.String("schema", "prisma/schema.prisma", "schema file")
	out := flag.String("out", "src/lib/prisma", "output folder (replaced)")
	flag.Parse()
	src, err := os.ReadFile(*schemaPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sch, err := schema.Parse(string(src), *schemaPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := codegen.Generate(sch, string(src), *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
