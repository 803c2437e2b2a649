//go:build wasip1

// Command wasmbridge is the engine as a WebAssembly module (WASI preview 1),
// built with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -tags=sqlite3_dotlk \
//	    -ldflags='-s -w' -o caspian_prisma.wasm ./wasmbridge
//
// (make wasm; about 21.8 MB). It exports, with //go:wasmexport, the envelope ABI of
// pybridge's caspian_prisma.h: the host writes a request into memory it got
// from cp_alloc and the reply comes back in memory the host releases with
// cp_free. cp_request answers one request before returning; cp_submit,
// cp_poll and cp_cancel (async.go) run requests side by side, as the native
// library does, with cp_poll instead of the eventfd. The same msgpack requests and replies cross, handled by the
// same package bridge as the native library, so the ABI fixtures hold for
// both (wasmtest checks it with wazero).
//
// The module is a reactor: the host calls _initialize once, then the
// exports, one at a time (a WebAssembly instance is single-threaded).
//
// SQLite files are reached through the directories the host preopens. The
// host must preopen every ancestor of a database's folder, in practice "/"
// at "/": SQLite resolves a path with filepath.EvalSymlinks, which Lstats
// each ancestor. WASI preview 1 has no file locks, so go-sqlite3 is built
// with its sqlite3_dotlk tag: a database is locked by a "<db>.lock" file
// (and its WAL index is a "<db>-shm" directory, shared in memory between
// the instance's connections). Those locks keep two module instances
// apart, and a native engine out of the module's files (it then fails,
// rather than corrupting), but they are not the native library's OFD
// locks: the two forms must not open the same database at once, and a
// process killed while holding a database leaves its .lock file behind,
// to be removed by hand (https://github.com/ncruces/go-sqlite3/tree/main/vfs#file-locking).
//
// PostgreSQL and MySQL are refused (WASI preview 1 has no sockets) with an
// error naming the native wheel (engine/connector). Every export recovers:
// a panic is StatusInternal (or an INTERNAL reply), never a trap.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"unsafe"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/bridge"
)

func main() {} // a reactor (-buildmode=c-shared): main never runs

// recoverStatus is deferred by every export that returns a status: a panic
// in the export itself is reported on stderr and turned into
// StatusInternal, and the module stays usable.
func recoverStatus(name string, rc *int32) {
	if p := recover(); p != nil {
		fmt.Fprintf(os.Stderr, "caspian_prisma: recovered panic in %s: %v\n%s", name, p, debug.Stack())
		*rc = bridge.StatusInternal
	}
}

//go:wasmexport cp_version
func cpVersion() (v uint32) {
	var rc int32
	defer recoverStatus("cp_version", &rc) // v stays 0: the host reports a version mismatch
	return abi.Version
}

//go:wasmexport cp_alloc
func cpAlloc(n uint32) (p uint32) {
	var rc int32
	defer recoverStatus("cp_alloc", &rc) // p stays 0: out of memory
	return alloc(n)
}

//go:wasmexport cp_free
func cpFree(p uint32) {
	var rc int32
	defer recoverStatus("cp_free", &rc)
	release(p)
}

//go:wasmexport cp_open
func cpOpen(cfg unsafe.Pointer, n uint32, outHandle *uint64, outBuf, outLen *uint32) (rc int32) {
	defer recoverStatus("cp_open", &rc)
	*outHandle, *outBuf, *outLen = 0, 0, 0
	e, errMap, st := bridge.OpenExport(input(cfg, n))
	if errMap != nil {
		*outBuf, *outLen = output(errMap)
	}
	if st == bridge.StatusOK {
		*outHandle = engines.Add(e)
	}
	return st
}

//go:wasmexport cp_close
func cpClose(handle uint64) (rc int32) {
	defer recoverStatus("cp_close", &rc)
	e, ok := engines.Remove(handle)
	if !ok {
		return bridge.StatusBadHandle
	}
	e.Close()
	return bridge.StatusOK
}

// cp_request answers one envelope {method, params} with the engine, before
// it returns: the synchronous form of cp_submit + cp_poll. Nothing else
// runs meanwhile, so a request waiting for a lock that an open transaction
// holds waits out its timeout (the SQLite writer's 10 s): hosts whose
// requests overlap use cp_submit/cp_poll.
//
//go:wasmexport cp_request
func cpRequest(handle uint64, buf unsafe.Pointer, n uint32, outBuf, outLen *uint32) (rc int32) {
	defer recoverStatus("cp_request", &rc)
	e, ok := engines.Get(handle)
	if !ok {
		*outBuf, *outLen = 0, 0
		return bridge.StatusBadHandle
	}
	return answer("cp_request", e.Do, buf, n, outBuf, outLen)
}

// cp_call answers one envelope method that needs no engine
// (config.resolve, url.redact), as the native cp_call.
//
//go:wasmexport cp_call
func cpCall(buf unsafe.Pointer, n uint32, outBuf, outLen *uint32) (rc int32) {
	defer recoverStatus("cp_call", &rc)
	return answer("cp_call", bridge.Call, buf, n, outBuf, outLen)
}

// answer copies the host's envelope, answers it with f and hands the reply
// over; an envelope f refuses is StatusBadRequest, reported on stderr.
func answer(name string, f func([]byte) ([]byte, error), buf unsafe.Pointer, n uint32, outBuf, outLen *uint32) int32 {
	*outBuf, *outLen = 0, 0
	in, err := input(buf, n)
	if err == nil {
		var reply []byte
		if reply, err = f(in); err == nil {
			*outBuf, *outLen = output(reply)
			return bridge.StatusOK
		}
	}
	fmt.Fprintf(os.Stderr, "caspian_prisma: %s: %v\n", name, err)
	return bridge.StatusBadRequest
}

// cp_cli runs the ppy command line from {args, env, cwd}, writing to the
// module's stdout and stderr (the host's, through WASI); the result is the
// exit code.
//
//go:wasmexport cp_cli
func cpCLI(buf unsafe.Pointer, n uint32) int32 {
	copyIn := func() ([]byte, error) { return input(buf, n) }
	return int32(bridge.CLIExport(copyIn, os.Stdout, os.Stderr)) // recovers
}
