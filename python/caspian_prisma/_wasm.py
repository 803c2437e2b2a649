"""The engine as a WebAssembly module, run by wasmtime: where no native
library exists for this platform, or when ``CASPIAN_PRISMA_ENGINE=wasm``.

The module (``caspian_prisma.wasm``, Go package wasmbridge) answers the same
msgpack envelopes as the native library, handled by the same Go code; only
the transport differs. A WebAssembly instance is single-threaded, so it
lives on one worker thread of its own and answers one export at a time:
``cp_request`` runs a request to its reply before returning (there is no
submit/poll). An awaiting coroutine gets its reply on its loop through
``call_soon_threadsafe``, so the loop never blocks. Cancelling the await
drops the reply (and skips the request if the worker has not started it);
a request already running in the module runs to its end, since an instance
cannot be interrupted from outside.

Lookup: ``$CASPIAN_PRISMA_WASM``, else ``_lib/caspian_prisma.wasm`` inside
this package. Choice (once per process, at first use):
``$CASPIAN_PRISMA_ENGINE`` ``wasm`` or ``native``; otherwise the native
library when it exists, else the module when it exists.

The module sees the host's filesystem through WASI, with ``/`` preopened at
``/`` (SQLite resolves a database's path through every ancestor folder),
this process's environment and working directory (``PWD``), and its
stdin/stdout/stderr (the ``ppy`` command line writes there). Compiling the
module takes seconds; wasmtime's cache (``~/.cache/wasmtime``) keeps the
result for the next process.
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import struct
import threading
from typing import Any, Callable, Dict, Optional, TypeVar

from ._codec import unpackb
from .errors import EngineLoadError, InternalError, PrismaError, error_from_reply

__all__ = ["ENGINE_ENV", "MODULE_ENV", "module_path", "selected", "open_engine", "close_engine", "request", "send_nowait", "call", "cli"]

ENGINE_ENV = "CASPIAN_PRISMA_ENGINE"
MODULE_ENV = "CASPIAN_PRISMA_WASM"

# Status codes of caspian_prisma.h (the module returns the same).
OK, BAD_HANDLE, BAD_REQUEST, OPEN_FAILED = 0, 1, 4, 5

_EXPORTS = ("cp_version", "cp_alloc", "cp_free", "cp_open", "cp_close", "cp_request", "cp_call", "cp_cli")

T = TypeVar("T")


def module_path() -> str:
    """Where the module is looked for: $CASPIAN_PRISMA_WASM or the package's _lib/."""
    env = os.environ.get(MODULE_ENV)
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_lib", "caspian_prisma.wasm")


_choice: Optional[bool] = None


def selected() -> bool:
    """True when this process uses the WebAssembly engine (decided once)."""
    global _choice
    if _choice is None:
        want = os.environ.get(ENGINE_ENV, "").strip().lower()
        if want not in ("", "wasm", "native"):
            raise EngineLoadError(f"${ENGINE_ENV} must be `wasm` or `native`, not {want!r}")
        if want:
            _choice = want == "wasm"
        else:
            from . import _native  # here: _native imports this module

            _choice = not os.path.exists(_native.library_path()) and os.path.exists(module_path())
    return _choice


class _Instance:
    """The instantiated module; used only on the worker thread."""

    def __init__(self, path: str) -> None:
        try:
            import wasmtime
        except ImportError:
            raise EngineLoadError(
                "the WebAssembly engine needs the wasmtime package (pip install wasmtime), "
                "or install the native wheel for this platform"
            ) from None
        if not os.path.exists(path):
            raise EngineLoadError(f"the engine module is missing: {path} does not exist (build it with `make wasm`, or point ${MODULE_ENV} at it)")
        self.trap = wasmtime.Trap
        config = wasmtime.Config()
        try:
            config.cache = True
        except wasmtime.WasmtimeError:  # pragma: no cover - no cache directory: compile every time
            pass
        engine = wasmtime.Engine(config)
        with open(path, "rb") as f:
            module = wasmtime.Module(engine, f.read())
        self.store = wasmtime.Store(engine)
        wasi = wasmtime.WasiConfig()
        wasi.inherit_stdin()
        wasi.inherit_stdout()
        wasi.inherit_stderr()
        env = dict(os.environ)
        env["PWD"] = os.getcwd()  # Go's wasip1 runtime starts in $PWD
        wasi.env = list(env.items())
        wasi.preopen_dir("/", "/")
        self.store.set_wasi(wasi)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        exports = linker.instantiate(self.store, module).exports(self.store)
        exports["_initialize"](self.store)  # type: ignore[operator]
        self.fn: Dict[str, Any] = {name: exports[name] for name in _EXPORTS}
        self.memory: Any = exports["memory"]
        self.scratch = self._alloc(16)  # out-parameters: handle (8), buffer (4), length (4)
        version = self.fn["cp_version"](self.store)
        from ._native import ABI_VERSION

        if version != ABI_VERSION:
            raise EngineLoadError(f"the engine module {path} speaks ABI version {version}, this caspian_prisma package speaks {ABI_VERSION}")

    def _alloc(self, n: int) -> int:
        p = int(self.fn["cp_alloc"](self.store, n))
        if not p:
            raise InternalError(f"the engine module cannot allocate {n} bytes")
        return p

    def _with_input(self, data: bytes, f: Callable[[int, int], T]) -> T:
        p = self._alloc(len(data))
        try:
            if data:
                self.memory.write(self.store, data, p)
            return f(p, len(data))
        finally:
            self.fn["cp_free"](self.store, p)

    def _reply(self) -> Optional[bytes]:
        p, n = struct.unpack("<II", self.memory.read(self.store, self.scratch + 8, self.scratch + 16))
        if not p:
            return None
        try:
            return bytes(self.memory.read(self.store, p, p + n))
        finally:
            self.fn["cp_free"](self.store, p)

    def open(self, config: bytes) -> int:
        s = self.scratch
        status = self._with_input(config, lambda p, n: int(self.fn["cp_open"](self.store, p, n, s, s + 8, s + 12)))
        (handle,) = struct.unpack("<Q", self.memory.read(self.store, s, s + 8))
        err = self._reply()
        if status == OPEN_FAILED and err:
            raise error_from_reply(unpackb(err))
        if status != OK:
            raise InternalError(f"cp_open failed with status {status}", meta={"status": status})
        return int(handle)

    def exchange(self, name: str, data: bytes, *lead: int) -> bytes:
        s = self.scratch
        status = self._with_input(data, lambda p, n: int(self.fn[name](self.store, *lead, p, n, s + 8, s + 12)))
        reply = self._reply()
        if status == BAD_HANDLE:
            raise PrismaError("the engine is closed", code="ENGINE_CLOSED")
        if status != OK or reply is None:
            raise InternalError(f"{name} failed with status {status}", meta={"status": status})
        return reply

    def cli(self, invocation: bytes) -> int:
        return self._with_input(invocation, lambda p, n: int(self.fn["cp_cli"](self.store, p, n)))

    def close(self, handle: int) -> None:
        self.fn["cp_close"](self.store, handle)


_lock = threading.Lock()
_worker: Optional[concurrent.futures.ThreadPoolExecutor] = None
_instance: Optional[_Instance] = None
_broken: Optional[BaseException] = None  # a trap: the instance cannot be used again


def _on_worker(f: Callable[[_Instance], T]) -> T:
    global _instance, _broken
    if _broken is not None:
        raise InternalError(f"the WebAssembly engine stopped after an earlier failure: {_broken}")
    if _instance is None:
        _instance = _Instance(module_path())
    try:
        return f(_instance)
    except _instance.trap as exc:
        _broken = exc
        raise InternalError(f"the WebAssembly engine trapped (a bug, please report it): {exc}") from None


def _run(f: Callable[[_Instance], T]) -> "concurrent.futures.Future[T]":
    global _worker
    with _lock:
        if _worker is None:
            if _instance is not None:  # shut down at exit
                raise PrismaError("the engine is closed", code="ENGINE_CLOSED")
            _worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="caspian_prisma-wasm")
        return _worker.submit(_on_worker, f)


@atexit.register
def _shutdown() -> None:
    """Finish queued work and free the instance while wasmtime can still do
    it (registered at import, before _bridge's handler that closes engines,
    so it runs after it)."""
    global _worker, _instance
    with _lock:
        worker, _worker = _worker, None
    if worker is not None:
        worker.shutdown(wait=True)
    _instance = None


def open_engine(config: bytes) -> int:
    return _run(lambda i: i.open(config)).result()


def close_engine(handle: int) -> None:
    _run(lambda i: i.close(handle)).result()


async def request(handle: int, envelope: bytes) -> bytes:
    """One envelope answered by engine handle, on the worker thread."""
    loop = asyncio.get_running_loop()
    fut: "asyncio.Future[bytes]" = loop.create_future()

    def work(i: _Instance) -> Optional[bytes]:
        if fut.cancelled():  # cancelled before its turn: never sent
            return None
        return i.exchange("cp_request", envelope, handle)

    def resolve(cf: "concurrent.futures.Future[Optional[bytes]]") -> None:
        if fut.done():
            return
        exc = cf.exception()
        if exc is not None:
            fut.set_exception(exc)
        else:
            fut.set_result(cf.result() or b"")

    def done(cf: "concurrent.futures.Future[Optional[bytes]]") -> None:
        try:
            loop.call_soon_threadsafe(resolve, cf)
        except RuntimeError:  # the loop is closed: nobody awaits the reply
            pass

    _run(work).add_done_callback(done)
    return await fut


def send_nowait(handle: int, envelope: bytes) -> None:
    """Queue an envelope whose reply nobody reads (tx.abandon)."""
    _run(lambda i: i.exchange("cp_request", envelope, handle))


def call(envelope: bytes) -> bytes:
    """An envelope method that needs no engine (config.resolve), synchronously."""
    return _run(lambda i: i.exchange("cp_call", envelope)).result()


def cli(invocation: bytes) -> int:
    return _run(lambda i: i.cli(invocation)).result()
