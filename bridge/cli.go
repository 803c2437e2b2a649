package bridge

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/engine/cli"
)

// RunCLI decodes the cli export's {args, env, cwd} map and runs the ppy
// command line, returning its exit code (2 for a map that does not decode).
// The environment comes from Python because os.Getenv in a c-shared library
// sees the process environment as it was at load, not os.environ now (and a
// WebAssembly module sees only what its host passed at instantiation).
func RunCLI(b []byte, stdout, stderr io.Writer) int {
	v, err := abi.Decode(b)
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		fmt.Fprintf(stderr, "ppy: bad invocation from Python (%v)\n", err)
		return 2
	}
	var args []string
	list, _ := m["args"].([]any)
	for _, a := range list {
		s, _ := a.(string)
		args = append(args, s)
	}
	env := map[string]string{}
	envMap, _ := m["env"].(map[string]any)
	for k, val := range envMap {
		s, _ := val.(string)
		env[k] = s
	}
	cwd, _ := m["cwd"].(string)
	return cli.Main(args, env, cwd, stdout, stderr)
}

// CLIExport is a cli export: it copies the host's invocation with input
// and runs it (RunCLI). A buffer input refuses is exit code 2, and a panic
// anywhere in it exit code 70 (EX_SOFTWARE) with the stack on stderr, so
// the export needs no recover of its own.
func CLIExport(input func() ([]byte, error), stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "ppy: internal error (a bug, please report it): %v\n%s", p, debug.Stack())
			code = 70
		}
	}()
	b, err := input()
	if err != nil {
		fmt.Fprintf(stderr, "ppy: bad invocation from Python (%v)\n", err)
		return 2
	}
	return RunCLI(b, stdout, stderr)
}
