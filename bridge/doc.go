// Package bridge is the request handling both forms of the engine share:
// the c-shared library (pybridge) and the WebAssembly module (wasmbridge).
// Everything between "bytes of an envelope in" and "bytes of a reply out"
// lives here: decoding the open config, opening an engine, answering a
// request (a panic becomes an INTERNAL reply with meta is_panic), the
// in-flight set that cancellation and close act on, scrubbing credentials
// from every error, the engine-free methods (Call) and the command line
// (RunCLI).
//
// It is pure Go: no cgo, no eventfd, no handle table, nothing specific to
// one host. Those stay in the main packages that import it. It knows the
// wire only through abi and the engine only through engine.Open/Handle/
// Close, engine.Call and cli.Main.
package bridge
