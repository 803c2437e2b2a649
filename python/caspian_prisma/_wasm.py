"""The engine as a WebAssembly module, run by wasmtime: where no native
library exists for this platform, or when ``CASPIAN_PRISMA_ENGINE=wasm``.

The module (``caspian_prisma.wasm``, Go package wasmbridge) answers the same
msgpack envelopes as the native library, handled by the same Go code; only
the transport differs. A WebAssembly instance is single-threaded, so it
lives on one worker thread of its own, which calls one export at a time:
it hands each request to ``cp_submit`` (the module runs it on a goroutine,
as the native library does) and, while any is in flight, calls ``cp_poll``
(the module's goroutines run during it, for up to a millisecond at a time)
and sets every reply of the batch on its caller's loop with
``call_soon_threadsafe``, so the loop never blocks. Cancelling an await
calls ``cp_cancel``, so the query is aborted as natively.

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
import itertools
import os
import queue
import struct
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, cast

import msgpack  # type: ignore[import-untyped,unused-ignore]

from ._codec import unpackb
from .errors import EngineLoadError, InternalError, PrismaError, error_from_reply

__all__ = ["ENGINE_ENV", "MODULE_ENV", "module_path", "selected", "open_engine", "close_engine", "request", "send_nowait", "call", "cli"]

ENGINE_ENV = "CASPIAN_PRISMA_ENGINE"
MODULE_ENV = "CASPIAN_PRISMA_WASM"

# Status codes of caspian_prisma.h (the module returns the same).
OK, BAD_HANDLE, BUSY, OPEN_FAILED = 0, 1, 3, 5

_EXPORTS = ("cp_version", "cp_alloc", "cp_free", "cp_open", "cp_close", "cp_submit", "cp_poll", "cp_cancel", "cp_call", "cp_cli")

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


def _instantiate(wasmtime: Any, linker: Any, store: Any, module: Any) -> Any:
    """linker.instantiate, tried again a few times when wasmtime cannot seal
    the memfd of the module's memory image: Linux refuses F_SEAL_WRITE with
    EBUSY while a page of it still holds a transient extra reference, which
    a loaded machine showed (`cannot add seals to the memfd`, 9 ppy runs in
    a row); nothing has run in the store by then."""
    for attempt in range(6):
        try:
            return linker.instantiate(store, module)
        except wasmtime.WasmtimeError as exc:
            if "seals" not in str(exc) or attempt == 5:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


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
        exports = _instantiate(wasmtime, linker, self.store, module).exports(self.store)
        exports["_initialize"](self.store)
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

    def submit(self, handle: int, rid: int, envelope: bytes) -> int:
        return self._with_input(envelope, lambda p, n: int(self.fn["cp_submit"](self.store, handle, rid, p, n)))

    def poll(self, timeout_ms: int) -> Optional[bytes]:
        s = self.scratch
        status = int(self.fn["cp_poll"](self.store, timeout_ms, s + 8, s + 12))
        batch = self._reply()
        if status != OK:
            raise InternalError(f"cp_poll failed with status {status}", meta={"status": status})
        return batch

    def cancel(self, handle: int, rid: int) -> None:
        self.fn["cp_cancel"](self.store, handle, rid)

    def close(self, handle: int) -> None:
        self.fn["cp_close"](self.store, handle)


Reply = Callable[[Optional[bytes], Optional[BaseException]], None]


class _Worker(threading.Thread):
    """The thread that owns the instance: it runs jobs (synchronous calls,
    submissions, cancellations) in order and polls while requests are in flight."""

    def __init__(self) -> None:
        super().__init__(name="caspian_prisma-wasm", daemon=True)
        self.jobs: "queue.SimpleQueue[Tuple[Any, ...]]" = queue.SimpleQueue()
        self.waiting: Dict[int, Reply] = {}
        self.instance: Optional[_Instance] = None
        self.broken: Optional[BaseException] = None  # a failed load or a trap: refuse everything

    def run(self) -> None:
        while True:
            try:
                job = self.jobs.get(block=not self.waiting)
            except queue.Empty:
                job = None
            while job is not None:
                if job[0] == "stop":
                    return
                self._guard(self._job, job)
                try:
                    job = self.jobs.get_nowait()
                except queue.Empty:
                    job = None
            if self.waiting:
                self._guard(self._poll)

    def _guard(self, f: Callable[..., None], *args: Any) -> None:
        try:
            f(*args)
        except BaseException as exc:  # a trap or a failed load: every waiter hears of it
            if self.instance is not None and isinstance(exc, self.instance.trap):
                exc = InternalError(f"the WebAssembly engine trapped (a bug, please report it): {exc}")
            self.broken = exc
            waiting, self.waiting = self.waiting, {}
            for reply in waiting.values():
                reply(None, exc)

    def _load(self) -> _Instance:
        if self.broken is not None:
            raise self.broken
        if self.instance is None:
            self.instance = _Instance(module_path())
        return self.instance

    def _job(self, job: Tuple[Any, ...]) -> None:
        kind = job[0]
        if kind == "sync":
            f, cf = job[1], job[2]
            try:
                cf.set_result(f(self._load()))
            except BaseException as exc:
                cf.set_exception(exc)
                if self.instance is not None and isinstance(exc, self.instance.trap):
                    raise
        elif kind == "submit":
            _, handle, rid, envelope, reply = job
            try:
                status = self._load().submit(handle, rid, envelope)
            except BaseException as exc:
                reply(None, exc)
                raise
            if status == OK:
                self.waiting[rid] = reply
            elif status == BUSY:  # the engine-wide bound: try again after a poll
                self.jobs.put(job)
            elif status == BAD_HANDLE:
                reply(None, PrismaError("the engine is closed", code="ENGINE_CLOSED"))
            else:
                reply(None, InternalError(f"cp_submit failed with status {status}", meta={"status": status}))
        elif kind == "cancel" and self.instance is not None:
            self.instance.cancel(job[1], job[2])

    def _poll(self) -> None:
        batch = self._load().poll(1)
        if batch is None:
            return
        for rid, reply in cast(List[Tuple[int, bytes]], msgpack.unpackb(batch, raw=False)):  # pyright: ignore[reportUnknownMemberType]
            waiter = self.waiting.pop(rid, None)
            if waiter is not None:
                waiter(reply, None)


_lock = threading.Lock()
_worker: Optional[_Worker] = None
_stopped = False
_ids = itertools.count(1)


def _post(job: Tuple[Any, ...]) -> None:
    global _worker
    with _lock:
        if _stopped:
            raise PrismaError("the engine is closed", code="ENGINE_CLOSED")
        if _worker is None:
            _worker = _Worker()
            _worker.start()
        _worker.jobs.put(job)


def _sync(f: Callable[[_Instance], T]) -> T:
    cf: "concurrent.futures.Future[T]" = concurrent.futures.Future()
    _post(("sync", f, cf))
    return cf.result()


@atexit.register
def _shutdown() -> None:
    """Stop the worker and free the instance while wasmtime can still do it
    (registered at import, before _bridge's handler that closes engines, so
    it runs after it)."""
    global _worker, _stopped
    with _lock:
        worker, _worker, _stopped = _worker, None, True
    if worker is not None:
        worker.jobs.put(("stop",))
        worker.join(timeout=10)
        worker.instance = None


def open_engine(config: bytes) -> int:
    return _sync(lambda i: i.open(config))


def close_engine(handle: int) -> None:
    _sync(lambda i: i.close(handle))


async def request(handle: int, envelope: bytes) -> bytes:
    """One envelope answered by engine handle; cancelling the await cancels
    the request in the engine."""
    loop = asyncio.get_running_loop()
    fut: "asyncio.Future[bytes]" = loop.create_future()

    def resolve(reply: Optional[bytes], exc: Optional[BaseException]) -> None:
        if fut.done():
            return
        if exc is not None:
            fut.set_exception(exc)
        else:
            fut.set_result(reply or b"")

    def on_reply(reply: Optional[bytes], exc: Optional[BaseException]) -> None:
        try:
            loop.call_soon_threadsafe(resolve, reply, exc)
        except RuntimeError:  # the loop is closed: nobody awaits the reply
            pass

    rid = next(_ids)
    _post(("submit", handle, rid, envelope, on_reply))
    try:
        return await fut
    except asyncio.CancelledError:
        try:
            _post(("cancel", handle, rid))
        except PrismaError:  # pragma: no cover - shut down meanwhile
            pass
        raise


def send_nowait(handle: int, envelope: bytes) -> None:
    """Submit an envelope whose reply nobody reads (tx.abandon)."""
    _post(("submit", handle, next(_ids), envelope, _ignore))


def _ignore(reply: Optional[bytes], exc: Optional[BaseException]) -> None:
    """The reply callback of a request nobody awaits."""


def call(envelope: bytes) -> bytes:
    """An envelope method that needs no engine (config.resolve), synchronously."""
    return _sync(lambda i: i.exchange("cp_call", envelope))


def cli(invocation: bytes) -> int:
    return _sync(lambda i: i.cli(invocation))
