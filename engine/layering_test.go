package engine_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// The layering of house-style.md, checked on the real import graph: schema
// knows no drivers, planning and rendering know no connections, only the
// adapters import database drivers, a plan takes no context, only pybridge
// imports "C", a request is read from the schema alone, exec runs the plans it
// is given (no request, no planner), abi and bridge (the request handling pybridge and the
// WebAssembly module share) are cgo-free, only wasmbridge/wasmhost imports
// wazero, and config (project and URL resolution) imports no engine package.
func TestLayering(t *testing.T) {
	const mod = "github.com/caspian-prisma/caspian-prisma/"
	drivers := []string{"github.com/jackc/pgx", "github.com/go-sql-driver/mysql", "github.com/ncruces/go-sqlite3"}
	out, err := exec.Command("go", "list", "-deps", "-json", "../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	type pkg struct {
		ImportPath string
		Imports    []string
		Deps       []string
		CgoFiles   []string
		Standard   bool
	}
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.ImportPath, mod) {
			continue
		}
		rel := strings.TrimPrefix(p.ImportPath, mod)
		if len(p.CgoFiles) > 0 && rel != "pybridge" {
			t.Errorf("%s uses cgo; only pybridge may import \"C\"", rel)
		}
		pure := strings.HasPrefix(rel, "schema") || strings.HasPrefix(rel, "abi") ||
			strings.HasPrefix(rel, "engine/query") || strings.HasPrefix(rel, "engine/sqltree") || rel == "engine/plan" || rel == "engine/request" || rel == "engine/exec" ||
			strings.HasPrefix(rel, "engine/dialect") || strings.HasPrefix(rel, "engine/codegen") ||
			rel == "engine/driver" || rel == "engine/perr" || rel == "engine/config"
		if rel == "engine/plan" {
			// A plan is decided without a connection, a clock or an id
			// generator: it takes no context and draws no random values.
			for _, imp := range p.Imports {
				if imp == "context" || imp == "math/rand" || imp == "math/rand/v2" || imp == "crypto/rand" || imp == mod+"engine/query" || imp == mod+"engine/exec" {
					t.Errorf("engine/plan imports %s; a plan is pure data", imp)
				}
			}
		}
		if rel == "engine/exec" {
			// Running a plan needs no request: exec never reads arguments or plans.
			for _, imp := range p.Imports {
				if imp == mod+"engine/query" || imp == mod+"engine/request" {
					t.Errorf("engine/exec imports %s; it runs plans it is given", imp)
				}
			}
		}
		if rel == "engine/request" {
			// Reading a call needs the schema: no dialect, SQL, plan or driver.
			for _, d := range p.Imports {
				for _, no := range []string{"engine/dialect", "engine/sqltree", "engine/plan", "engine/query", "engine/driver"} {
					if d == mod+no {
						t.Errorf("engine/request imports %s; a request is read from the schema alone", no)
					}
				}
			}
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "github.com/tetratelabs/wazero") && rel != "wasmbridge/wasmhost" {
				t.Errorf("%s imports %s; only wasmbridge/wasmhost hosts WebAssembly", rel, imp)
			}
		}
		for _, d := range p.Deps {
			for _, drv := range drivers {
				if strings.HasPrefix(d, drv) && pure {
					t.Errorf("%s depends on %s; only the driver adapters may", rel, d)
				}
			}
			if strings.HasPrefix(rel, "schema") && strings.HasPrefix(d, mod+"engine") {
				t.Errorf("%s depends on %s; schema knows nothing of the engine", rel, d)
			}
			if rel == "engine/config" && strings.HasPrefix(d, mod+"engine") {
				t.Errorf("%s depends on %s; config knows nothing of the command line, the engine or the drivers", rel, d)
			}
		}
	}
}
