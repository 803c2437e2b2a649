// Package wasmhost runs the engine's WebAssembly module (package
// wasmbridge, caspian_prisma.wasm) in Go with github.com/tetratelabs/wazero:
// the Go counterpart of the Python host, used by the conformance tests
// (which compare its replies with package bridge's, so the two forms of the
// engine cannot drift) and by benchmarks.
//
// A Module is one instance; WebAssembly instances are single-threaded, so
// its methods take a lock and run one export at a time. Buffers cross as
// the module's ABI says (wasmbridge/main.go, async.go): the request is written into
// memory from cp_alloc, the reply read from the buffer the export names
// and given back with cp_free.
//
// Only this package imports wazero; it must not import the engine.
package wasmhost

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// Config says what the module sees of the host.
type Config struct {
	// Dirs maps guest paths to host directories to preopen (read-write).
	// Mounting a directory at its own path keeps absolute paths valid.
	Dirs map[string]string
	// Env is the module's environment (WASI sees nothing else of the host's).
	Env map[string]string
	// Stdout and Stderr receive the module's output (the CLI's); nil
	// discards it.
	Stdout, Stderr io.Writer
	// CacheDir, when set, keeps wazero's compiled code between runs:
	// compiling the module is most of a cold start.
	CacheDir string
}

// Module is one instance of the engine's module.
type Module struct {
	mu      sync.Mutex
	rt      wazero.Runtime
	mod     api.Module
	fn      map[string]api.Function
	scratch uint32 // 16 bytes for out-parameters: handle (8), buffer (4), length (4)
}

var exports = []string{"cp_version", "cp_alloc", "cp_free", "cp_open", "cp_close", "cp_request", "cp_submit", "cp_poll", "cp_cancel", "cp_call", "cp_cli"}

// New compiles and instantiates the module and runs its _initialize.
func New(ctx context.Context, wasm []byte, cfg Config) (*Module, error) {
	rc := wazero.NewRuntimeConfig()
	if cfg.CacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, err
		}
		rc = rc.WithCompilationCache(cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	m, err := instantiate(ctx, rt, wasm, cfg)
	if err != nil {
		_ = rt.Close(ctx)
		return nil, err
	}
	return m, nil
}

func instantiate(ctx context.Context, rt wazero.Runtime, wasm []byte, cfg Config) (*Module, error) {
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return nil, err
	}
	fsc := wazero.NewFSConfig()
	for guest, host := range cfg.Dirs {
		fsc = fsc.WithDirMount(host, guest)
	}
	mc := wazero.NewModuleConfig().WithName("caspian_prisma").
		WithStartFunctions("_initialize").WithFSConfig(fsc).
		WithSysWalltime().WithSysNanotime().WithSysNanosleep().WithRandSource(rand.Reader)
	for k, v := range cfg.Env {
		mc = mc.WithEnv(k, v)
	}
	if cfg.Stdout != nil {
		mc = mc.WithStdout(cfg.Stdout)
	}
	if cfg.Stderr != nil {
		mc = mc.WithStderr(cfg.Stderr)
	}
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	mod, err := rt.InstantiateModule(ctx, compiled, mc)
	if err != nil {
		return nil, fmt.Errorf("instantiate: %w", err)
	}
	m := &Module{rt: rt, mod: mod, fn: map[string]api.Function{}}
	for _, name := range exports {
		if m.fn[name] = mod.ExportedFunction(name); m.fn[name] == nil {
			return nil, fmt.Errorf("the module exports no %s", name)
		}
	}
	if m.scratch, err = m.alloc(ctx, 16); err != nil {
		return nil, err
	}
	return m, nil
}

// Close ends the instance and the runtime.
func (m *Module) Close(ctx context.Context) error { return m.rt.Close(ctx) }

func (m *Module) call(ctx context.Context, name string, args ...uint64) (uint64, error) {
	res, err := m.fn[name].Call(ctx, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if len(res) == 0 {
		return 0, nil
	}
	return res[0], nil
}

func (m *Module) alloc(ctx context.Context, n uint32) (uint32, error) {
	p, err := m.call(ctx, "cp_alloc", uint64(n))
	if err == nil && p == 0 {
		err = errors.New("cp_alloc: out of memory")
	}
	return uint32(p), err
}

// write copies b into a fresh module buffer; the caller frees it.
func (m *Module) write(ctx context.Context, b []byte) (uint32, error) {
	p, err := m.alloc(ctx, uint32(len(b)))
	if err != nil {
		return 0, err
	}
	if !m.mod.Memory().Write(p, b) {
		return 0, errors.New("write out of the module's memory")
	}
	return p, nil
}

// reply reads and frees the buffer the last export left in scratch+8.
func (m *Module) reply(ctx context.Context) ([]byte, error) {
	mem := m.mod.Memory()
	p, ok1 := mem.ReadUint32Le(m.scratch + 8)
	n, ok2 := mem.ReadUint32Le(m.scratch + 12)
	if !ok1 || !ok2 {
		return nil, errors.New("out-parameters out of the module's memory")
	}
	if p == 0 {
		return nil, nil
	}
	view, ok := mem.Read(p, n)
	if !ok {
		return nil, errors.New("reply out of the module's memory")
	}
	b := append([]byte(nil), view...)
	_, err := m.call(ctx, "cp_free", uint64(p))
	return b, err
}

// withInput writes in, runs f with its address and length, frees it.
func (m *Module) withInput(ctx context.Context, in []byte, f func(p, n uint32) error) error {
	p, err := m.write(ctx, in)
	if err != nil {
		return err
	}
	ferr := f(p, uint32(len(in)))
	_, err = m.call(ctx, "cp_free", uint64(p))
	return errors.Join(ferr, err)
}

// Version is cp_version: the ABI version the module implements.
func (m *Module) Version(ctx context.Context) (uint32, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, err := m.call(ctx, "cp_version")
	return uint32(v), err
}

// Open is cp_open with an encoded config map. On status 5 (open failed),
// errMap is the encoded {code, message, meta}.
func (m *Module) Open(ctx context.Context, cfg []byte) (handle uint64, errMap []byte, status int32, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	err = m.withInput(ctx, cfg, func(p, n uint32) error {
		rc, err := m.call(ctx, "cp_open", uint64(p), uint64(n), uint64(m.scratch), uint64(m.scratch+8), uint64(m.scratch+12))
		if err != nil {
			return err
		}
		status = int32(rc)
		h, ok := m.mod.Memory().Read(m.scratch, 8)
		if !ok {
			return errors.New("out-parameters out of the module's memory")
		}
		handle = binary.LittleEndian.Uint64(h)
		errMap, err = m.reply(ctx)
		return err
	})
	return handle, errMap, status, err
}

// CloseEngine is cp_close.
func (m *Module) CloseEngine(ctx context.Context, handle uint64) (int32, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rc, err := m.call(ctx, "cp_close", handle)
	return int32(rc), err
}

// Request is cp_request: one encoded envelope answered by engine handle.
func (m *Module) Request(ctx context.Context, handle uint64, req []byte) (reply []byte, status int32, err error) {
	return m.exchange(ctx, "cp_request", req, handle)
}

// Call is cp_call: one envelope method that needs no engine.
func (m *Module) Call(ctx context.Context, req []byte) (reply []byte, status int32, err error) {
	return m.exchange(ctx, "cp_call", req)
}

func (m *Module) exchange(ctx context.Context, name string, req []byte, lead ...uint64) (reply []byte, status int32, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	err = m.withInput(ctx, req, func(p, n uint32) error {
		args := append(lead, uint64(p), uint64(n), uint64(m.scratch+8), uint64(m.scratch+12))
		rc, err := m.call(ctx, name, args...)
		if err != nil {
			return err
		}
		status = int32(rc)
		reply, err = m.reply(ctx)
		return err
	})
	return reply, status, err
}

// CLI is cp_cli: runs the ppy command line from an encoded {args, env,
// cwd}, writing to Config.Stdout/Stderr, and returns its exit code.
func (m *Module) CLI(ctx context.Context, inv []byte) (code int32, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	err = m.withInput(ctx, inv, func(p, n uint32) error {
		rc, err := m.call(ctx, "cp_cli", uint64(p), uint64(n))
		code = int32(rc)
		return err
	})
	return code, err
}

// Submit is cp_submit: starts one request under id; its reply comes from Poll.
func (m *Module) Submit(ctx context.Context, handle, id uint64, req []byte) (status int32, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	err = m.withInput(ctx, req, func(p, n uint32) error {
		rc, err := m.call(ctx, "cp_submit", handle, id, uint64(p), uint64(n))
		status = int32(rc)
		return err
	})
	return status, err
}

// Poll is cp_poll: waits up to timeoutMS for replies and returns the batch
// (a msgpack array of [id, reply] pairs), nil when none was ready.
func (m *Module) Poll(ctx context.Context, timeoutMS uint32) (batch []byte, status int32, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rc, err := m.call(ctx, "cp_poll", uint64(timeoutMS), uint64(m.scratch+8), uint64(m.scratch+12))
	if err != nil {
		return nil, 0, err
	}
	batch, err = m.reply(ctx)
	return batch, int32(rc), err
}

// Cancel is cp_cancel.
func (m *Module) Cancel(ctx context.Context, handle, id uint64) (int32, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rc, err := m.call(ctx, "cp_cancel", handle, id)
	return int32(rc), err
}
