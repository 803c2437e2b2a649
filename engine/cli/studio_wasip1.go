//go:build wasip1

package cli

import "fmt"

// studio is `ppy studio` in the WebAssembly engine, which cannot serve it:
// WASI preview 1 has no sockets to listen on. Leaving engine/studio (and
// net/http) out also keeps the module smaller.
func (r *run) studio([]string) int {
	fmt.Fprintln(r.err, "Error: ppy studio needs the native engine: this is the WebAssembly engine "+
		"(the any-platform wheel, or CASPIAN_PRISMA_ENGINE=wasm), which cannot listen on a port "+
		"because WASI preview 1 has no sockets. Install the native wheel to use ppy studio.")
	return exitError
}
