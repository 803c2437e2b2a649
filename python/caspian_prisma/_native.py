"""The engine library, loaded with ctypes on first use (never at import).

Lookup: ``$CASPIAN_PRISMA_LIBRARY``, else ``_lib/libcaspian_prisma.so`` inside
this package (``make build`` writes it there). The signatures of
pybridge/caspian_prisma.h are declared once here and the ABI version is
checked at load.

Fork: loading the library starts the Go runtime and its threads, which a
``fork()`` does not copy; a child calling into an inherited runtime would
hang. So the pid that loaded the library is recorded, and a child that
inherited a loaded library gets :class:`EngineForkError` at once. A child
whose parent never loaded it loads its own copy normally.

ctypes.CDLL releases the GIL during each call, and every export returns
quickly (cp_submit starts a goroutine, cp_poll drains a queue).
"""
from __future__ import annotations

import ctypes
import os
import threading
from typing import Optional, Tuple

from ._codec import unpackb
from .errors import EngineForkError, EngineLoadError, InternalError, PrismaError, error_from_reply

__all__ = [
    "ABI_VERSION",
    "LIBRARY_ENV",
    "library_path",
    "load",
    "is_loaded",
    "check_fork",
    "usable",
    "open_engine",
    "close_engine",
    "channel_open",
    "channel_close",
    "submit",
    "poll",
    "cancel",
    "call",
    "cli",
]

#: The ABI version this package speaks (abi.Version in Go).
ABI_VERSION = 1
LIBRARY_ENV = "CASPIAN_PRISMA_LIBRARY"

# Status codes of caspian_prisma.h.
OK = 0
BAD_HANDLE = 1
BAD_CHANNEL = 2
BUSY = 3
BAD_REQUEST = 4
OPEN_FAILED = 5
DUPLICATE = 6
SYSTEM = 7
INTERNAL = 8
STATUS_NAMES = {
    OK: "CP_OK",
    BAD_HANDLE: "CP_ERR_BAD_HANDLE",
    BAD_CHANNEL: "CP_ERR_BAD_CHANNEL",
    BUSY: "CP_ERR_BUSY",
    BAD_REQUEST: "CP_ERR_BAD_REQUEST",
    OPEN_FAILED: "CP_ERR_OPEN",
    DUPLICATE: "CP_ERR_DUPLICATE",
    SYSTEM: "CP_ERR_SYSTEM",
    INTERNAL: "CP_ERR_INTERNAL",
}

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_loaded_pid: Optional[int] = None
_forked_from: Optional[int] = None  # set in a child that inherited a loaded library


def _after_fork_in_child() -> None:
    global _forked_from, _lock
    # A thread of the parent may have held the lock; it does not exist here.
    _lock = threading.Lock()
    if _lib is not None and _forked_from is None:
        _forked_from = _loaded_pid


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def library_path() -> str:
    """Where the library is looked for: $CASPIAN_PRISMA_LIBRARY or the package's _lib/."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_lib", "libcaspian_prisma.so")


def is_loaded() -> bool:
    """True once this process (or a parent before fork) loaded the library."""
    return _lib is not None


def usable() -> bool:
    """True when the library is loaded and owned by this process (not inherited)."""
    try:
        check_fork()
    except EngineForkError:
        return False
    return _lib is not None


def check_fork() -> None:
    """Raise EngineForkError in a child that inherited a loaded library."""
    if _lib is None:
        return
    parent = _forked_from
    if parent is None and os.getpid() != _loaded_pid:
        parent = _loaded_pid  # forked without the at-fork hook (os.fork from C)
    if parent is not None:
        raise EngineForkError(
            f"the engine was started in the parent process (pid {parent}) before fork(); "
            "create the client in the child, or fork before the first query"
        )


def load() -> ctypes.CDLL:
    """The loaded library; loads it on the first call."""
    global _lib, _loaded_pid
    lib = _lib
    if lib is not None and _forked_from is None and _loaded_pid == os.getpid():
        return lib
    check_fork()
    with _lock:
        if _lib is None:
            lib = _open(library_path())
            _loaded_pid = os.getpid()
            _lib = lib
        return _lib


def _open(path: str) -> ctypes.CDLL:
    if not os.path.exists(path):
        raise EngineLoadError(
            f"the engine library is missing: {path} does not exist "
            f"(build it with `make build`, or point ${LIBRARY_ENV} at it)"
        )
    try:
        lib = ctypes.CDLL(path)
    except OSError as exc:
        raise EngineLoadError(f"cannot load the engine library {path}: {exc}") from None
    _declare(lib)
    version = lib.cp_version()
    if version != ABI_VERSION:
        raise EngineLoadError(
            f"the engine library {path} speaks ABI version {version}, this caspian_prisma "
            f"package speaks {ABI_VERSION}; rebuild it with `make build` or reinstall the wheel"
        )
    return lib


def _declare(lib: ctypes.CDLL) -> None:
    u64, u32, i32, size = ctypes.c_uint64, ctypes.c_uint32, ctypes.c_int32, ctypes.c_size_t
    buf, ptr, P = ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER
    sigs = {
        "cp_version": ([], u32),
        "cp_open": ([buf, size, P(u64), P(ptr), P(size)], i32),
        "cp_close": ([u64], i32),
        "cp_channel_open": ([P(u64), P(i32)], i32),
        "cp_channel_close": ([u64], i32),
        "cp_submit": ([u64, u64, u64, buf, size], i32),
        "cp_poll": ([u64, P(ptr), P(size)], i32),
        "cp_free": ([ptr], None),
        "cp_cancel": ([u64, u64], i32),
        "cp_call": ([buf, size, P(ptr), P(size)], i32),
        "cp_cli": ([buf, size], i32),
    }
    for name, (args, res) in sigs.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise EngineLoadError(
                f"the engine library lacks {name}: it is older than this caspian_prisma package; "
                "rebuild it with `make build` or reinstall the wheel"
            ) from None
        fn.argtypes = args
        fn.restype = res


def _status_error(call: str, status: int) -> PrismaError:
    name = STATUS_NAMES.get(status, str(status))
    return InternalError(f"{call} failed with {name}", meta={"status": status})


def _take(lib: ctypes.CDLL, ptr: ctypes.c_void_p, n: int) -> bytes:
    # Copy a library-owned buffer into Python and release it.
    try:
        return ctypes.string_at(ptr, n)
    finally:
        lib.cp_free(ptr)


# Thin wrappers over the exports; the asyncio bridge calls only these.


def open_engine(config: bytes) -> int:
    lib = load()
    handle, err, err_len = ctypes.c_uint64(), ctypes.c_void_p(), ctypes.c_size_t()
    status = lib.cp_open(config, len(config), ctypes.byref(handle), ctypes.byref(err), ctypes.byref(err_len))
    if status == OPEN_FAILED and err.value:
        raise error_from_reply(unpackb(_take(lib, err, err_len.value)))
    if status != OK:
        raise _status_error("cp_open", status)
    return int(handle.value)


def close_engine(handle: int) -> None:
    status = load().cp_close(handle)
    if status not in (OK, BAD_HANDLE):  # closing twice is harmless
        raise _status_error("cp_close", status)


def channel_open() -> Tuple[int, int]:
    channel, fd = ctypes.c_uint64(), ctypes.c_int32()
    status = load().cp_channel_open(ctypes.byref(channel), ctypes.byref(fd))
    if status != OK:
        raise _status_error("cp_channel_open", status)
    return int(channel.value), int(fd.value)


def channel_close(channel: int) -> None:
    load().cp_channel_close(channel)


def submit(engine: int, channel: int, request_id: int, request: bytes) -> int:
    """Start a request; returns OK or BUSY, raises for anything else."""
    status = int(load().cp_submit(engine, channel, request_id, request, len(request)))
    if status == OK or status == BUSY:
        return status
    if status == BAD_HANDLE:
        raise PrismaError("the engine is closed", code="ENGINE_CLOSED")
    raise _status_error("cp_submit", status)


def poll(channel: int) -> Optional[bytes]:
    """Every completion queued on channel as one msgpack batch, or None."""
    lib = load()
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    status = lib.cp_poll(channel, ctypes.byref(out), ctypes.byref(n))
    if status != OK:
        raise _status_error("cp_poll", status)
    if not out.value:
        return None
    return _take(lib, out, n.value)


def cancel(engine: int, request_id: int) -> None:
    load().cp_cancel(engine, request_id)


def call(request: bytes) -> bytes:
    """Answer an envelope method that needs no engine (``config.resolve``),
    synchronously: the msgpack reply ``{"ok": ...}`` or ``{"error": ...}``."""
    lib = load()
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    status = lib.cp_call(request, len(request), ctypes.byref(out), ctypes.byref(n))
    if status != OK:
        raise _status_error("cp_call", status)
    return _take(lib, out, n.value)


def cli(invocation: bytes) -> int:
    return int(load().cp_cli(invocation, len(invocation)))
