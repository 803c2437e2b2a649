//go:build wasip1

package connector

import (
	"context"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// openNetwork refuses PostgreSQL and MySQL in the WebAssembly engine: WASI
// preview 1 has no sockets (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
// has sock_accept but no connect), so only SQLite files are reachable.
func openNetwork(_ context.Context, provider, _, _ string) (driver.Pool, error) {
	name := map[string]string{"postgresql": "PostgreSQL", "mysql": "MySQL"}[provider]
	return nil, perr.New(perr.ConnectFailed, map[string]any{"provider": provider, "engine": "wasm"},
		"%s needs the native engine: this is the WebAssembly engine (the any-platform wheel, or CASPIAN_PRISMA_ENGINE=wasm), "+
			"which reaches SQLite files only, because WASI preview 1 has no network sockets. Install the native wheel "+
			"(caspian_prisma-<version>-py3-none-manylinux_2_17_<arch>.whl, Linux x86-64 and aarch64) and unset CASPIAN_PRISMA_ENGINE, "+
			"or use SQLite (`file:./dev.db`) for development", name)
}
