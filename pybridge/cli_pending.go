package main

import (
	"fmt"
	"io"
)

// cliMain stands in for engine/cli.Main until helper MIGRATE lands that
// package; then this file is replaced by a one-line assignment to cli.Main.
func cliMain(args []string, env map[string]string, cwd string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ppy: the command line is not built into this engine library yet (engine/cli is missing)")
	return 2
}
