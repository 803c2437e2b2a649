"""The engine library, loaded with ctypes on first use (never at import).

Lookup: ``$CASPIAN_PRISMA_LIBRARY``, else ``_lib/libcaspian_prisma.so`` inside
this package (``make build`` writes it there). The signatures of
pybridge/caspian_prisma.h are declared once here and the ABI version is
checked at load.

Fork: loading the library starts a Go runtime and its threads, which
``fork()`` does not copy; the child's copy of that runtime is dead (a call
into it would hang), and it can never be restarted. So a child never calls
into a library its parent loaded: the first time the child needs the engine
(a client created or reconnected there), it loads a *private copy* of the
library — the same file copied under another name, so that the dynamic
loader maps it again instead of handing back the inherited one — and that
copy starts a fresh, independent Go runtime. Engines (and event-loop
channels) remember the library that opened them; one opened in the parent
raises :class:`EngineForkError` in the child instead of hanging, and the
client's advice ("create a new client, or disconnect and query again") is
what works. The inherited copy stays mapped, unused (a Go runtime cannot be
unloaded).

The copy is made once per library build and generation (fork depth) in
``$TMPDIR/caspian_prisma-<uid>/`` (a private directory; its name carries the
original's size, mtime and inode, so a rebuilt library gets a new copy, and
copies of other builds older than a day are removed) and shared by every
child; when that directory cannot hold an executable mapping (``noexec``, read
only), an anonymous ``memfd`` is used instead.

Cost, measured on the 28 MB library on a 2-core x86-64 Linux VM
(python/tests/bridge/test_fork.py::test_fork_cost prints it; 3 runs of
a parent and 4 children): a child spends 10-25 ms at its first query
loading the copy and starting its runtime (25-80 ms with the machine at load
20), and about +12 MB RSS (PSS the same); a process loading the library
afresh spends 9-14 ms and +16 MB — the child already shares its parent's
pages of the dead runtime. The first child of a build also copies the file
(+15-20 ms idle, 30-60 ms busy), and each copy takes 28 MB of disk per fork
depth.

ctypes.CDLL releases the GIL during each call, and every export returns
quickly (cp_submit starts a goroutine, cp_poll drains a queue).
"""
from __future__ import annotations

import ctypes
import os
import shutil
import stat
import tempfile
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

from . import _wasm
from ._codec import packb, unpackb
from .errors import EngineForkError, EngineLoadError, InternalError, PrismaError, error_from_reply

__all__ = [
    "ABI_VERSION",
    "LIBRARY_ENV",
    "library_path",
    "Library",
    "load",
    "owner",
    "current",
    "is_loaded",
    "check_owner",
    "fork_error",
    "usable",
    "open_engine",
    "close_engine",
    "channel_open",
    "channel_close",
    "submit",
    "poll",
    "cancel",
    "call",
    "redact",
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
LATER = 9  # cp_try: not answered inline; submit it
NEVER = 10  # cp_try: this engine never answers inline
PENDING = 11  # cp_submit_wait: not answered in time; the reply will be queued
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
    LATER: "CP_LATER",
    NEVER: "CP_NEVER",
    PENDING: "CP_PENDING",
}


class Library:
    """One loaded copy of the engine library: its ctypes handle, the file it
    was loaded from and the process that loaded it (the only one whose Go
    runtime it can use)."""

    __slots__ = ("cdll", "path", "pid", "private")

    def __init__(self, cdll: ctypes.CDLL, path: str, pid: int, private: bool) -> None:
        self.cdll = cdll
        self.path = path
        self.pid = pid
        self.private = private  # a private copy loaded after fork()

    def __repr__(self) -> str:
        return f"<caspian_prisma library {self.path} pid={self.pid}>"


_lock = threading.Lock()
_current: Optional[Library] = None  # the library this process loaded and may call
_inherited: List[Library] = []  # loaded by an ancestor before fork(): never called again


def _forget_inherited() -> None:
    """In a process that did not load _current itself (a fork child), move it
    to _inherited. Runs in the at-fork hook, and again on every load in case
    the process forked without running the hooks (os.fork from C)."""
    global _current
    cur = _current
    if cur is not None and cur.pid != os.getpid():
        _inherited.append(cur)
        _current = None


def _after_fork_in_child() -> None:
    global _lock
    # A thread of the parent may have held the lock; it does not exist here.
    _lock = threading.Lock()
    _forget_inherited()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def library_path() -> str:
    """Where the library is looked for: $CASPIAN_PRISMA_LIBRARY or the package's _lib/."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_lib", "libcaspian_prisma.so")


def is_loaded() -> bool:
    """True once this process loaded the library, or inherited a loaded one."""
    return _current is not None or bool(_inherited)


def usable() -> bool:
    """True when this process loaded a library it may call (not an inherited one)."""
    cur = _current
    return cur is not None and cur.pid == os.getpid()


def current() -> Optional[Library]:
    """The library this process may call, None before it loaded one."""
    cur = _current
    if cur is not None and cur.pid != os.getpid():
        return None
    return cur


def fork_error(owner: Library) -> EngineForkError:
    """The error for using an engine opened by owner, a library of a parent."""
    return EngineForkError(
        f"this client's engine was started in the parent process (pid {owner.pid}) before fork(); "
        "a forked child cannot use it. Create a new client in the child, or reconnect this one "
        "(await client.disconnect(), then query again): either starts a new engine in this process"
    )


def check_owner(owner: Optional[Library]) -> None:
    """Raise EngineForkError when owner (the library that opened an engine or
    a channel) is not this process's own."""
    if owner is not None and owner is not current():
        raise fork_error(owner)


def load() -> ctypes.CDLL:
    """The library this process may call; loads it on the first call (a
    private copy in a child that inherited a loaded one)."""
    cur = _current
    if cur is not None and cur.pid == os.getpid():
        return cur.cdll
    return owner().cdll


def owner() -> Library:
    """The Library this process calls (loading it if needed); engines and
    channels record it to refuse being used after fork()."""
    global _current
    cur = _current
    if cur is not None and cur.pid == os.getpid():
        return cur
    with _lock:
        _forget_inherited()
        if _current is None:
            path = library_path()
            if _inherited:
                _current = _load_private_copy(path, len(_inherited))
            else:
                _current = Library(_open(path), path, os.getpid(), False)
        return _current


def _private_dir() -> str:
    """$TMPDIR/caspian_prisma-<uid>, created 0700 and checked to be ours: the
    library loaded from it runs in this process."""
    d = os.path.join(tempfile.gettempdir(), f"caspian_prisma-{os.getuid()}")
    try:
        os.mkdir(d, 0o700)
    except FileExistsError:
        pass
    st = os.lstat(d)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        raise OSError(f"{d} is not a private directory of this user")
    return d


def _prune(directory: str, keep_prefix: str) -> None:
    """Remove copies of other library builds untouched for a day (a process
    still using one keeps its mapping: unlinking does not unmap)."""
    cutoff = time.time() - 86400
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for n in names:
        if n.startswith("libcaspian_prisma-") and not n.startswith(keep_prefix + "-"):
            p = os.path.join(directory, n)
            try:
                if os.lstat(p).st_mtime < cutoff:
                    os.unlink(p)
            except OSError:
                pass


def _load_private_copy(path: str, generation: int) -> Library:
    """Load a copy of the library at path that the dynamic loader does not
    already know (see the module doc). generation is how many libraries this
    process inherited: a grandchild needs a copy its parent did not map."""
    if not os.path.exists(path):
        return Library(_open(path), path, os.getpid(), True)  # raises the usual error
    st = os.stat(path)
    name = f"libcaspian_prisma-{st.st_size:x}-{st.st_mtime_ns:x}-{st.st_ino:x}-{generation}.so"
    loaded = {lib.path for lib in _inherited}
    try:
        copy = os.path.join(_private_dir(), name)
        if copy in loaded:  # cannot happen (generation grows), but never reuse a mapped file
            raise OSError("copy already mapped")
        if not os.path.exists(copy):
            tmp = f"{copy}.{os.getpid()}.tmp"
            try:
                shutil.copyfile(path, tmp)
                os.chmod(tmp, 0o500)
                os.replace(tmp, copy)  # atomic: concurrent children see a whole file
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            _prune(os.path.dirname(copy), name.rsplit("-", 1)[0])
        return Library(_open(copy), copy, os.getpid(), True)
    except (OSError, EngineLoadError):
        pass
    # No usable private directory (read-only, noexec): an anonymous file.
    if not hasattr(os, "memfd_create"):
        raise EngineLoadError(
            "cannot load a private copy of the engine library after fork(): "
            f"{tempfile.gettempdir()} is not usable and this system has no memfd_create"
        )
    fd = os.memfd_create(name)  # close-on-exec
    try:
        with open(path, "rb") as src, os.fdopen(os.dup(fd), "wb") as dst:
            shutil.copyfileobj(src, dst)
        cdll = _open(f"/proc/self/fd/{fd}")
    finally:
        os.close(fd)  # the loader's mapping keeps the file alive
    return Library(cdll, f"memfd:{name}", os.getpid(), True)


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
    sigs: Dict[str, Tuple[List[Any], Any]] = {
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
    try:  # added after ABI version 1: a library without it is never inline
        lib.cp_try.argtypes, lib.cp_try.restype = [u64, buf, size, P(ptr), P(size)], i32
    except AttributeError:
        pass
    try:  # the same: a library without it is always submitted to
        lib.cp_submit_wait.argtypes = [u64, u64, u64, buf, size, P(ptr), P(size)]
        lib.cp_submit_wait.restype = i32
    except AttributeError:
        pass
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


def submit_wait(engine: int, channel: int, request_id: int, request: bytes) -> Tuple[int, Optional[bytes]]:
    """Start a request and wait on this thread up to the engine's inline
    budget for its reply: (OK, reply); (PENDING, None) when the reply will
    be queued on the channel; (BUSY, None) or (NEVER, None: the database is
    a server's, submit it) when nothing started; raises for anything else.
    A library without cp_submit_wait is submitted to."""
    lib = load()
    fn = getattr(lib, "cp_submit_wait", None)
    if fn is None:
        status = submit(engine, channel, request_id, request)
        return (PENDING if status == OK else status), None
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    status = int(fn(engine, channel, request_id, request, len(request), ctypes.byref(out), ctypes.byref(n)))
    if status == OK:
        return OK, _take(lib, out, n.value)
    if status == PENDING or status == BUSY or status == NEVER:
        return status, None
    if status == BAD_HANDLE:
        raise PrismaError("the engine is closed", code="ENGINE_CLOSED")
    raise _status_error("cp_submit_wait", status)


# Per thread: the library's cp_try and the two out-parameters it fills,
# made once. Creating them (and finding the library, which asks the OS for
# the pid) on every call cost as much as the call itself.
_inline_calls = threading.local()


def _inline_call() -> Tuple[Library, Any, ctypes.c_void_p, ctypes.c_size_t, Any, Any]:
    lib = owner()
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    call = (lib, getattr(lib.cdll, "cp_try", None), out, n, ctypes.byref(out), ctypes.byref(n))
    _inline_calls.call = call
    return call


def try_inline(engine: int, request: bytes) -> Tuple[int, Optional[bytes]]:
    """Have the engine answer a request on this thread if it can without
    waiting: (OK, reply), else (LATER, None) or (NEVER, None). The caller
    has checked that the engine belongs to this process's library
    (Engine.request does, with check_owner): this runs for every inline
    answer and leaves the pid alone. A library replaced after fork() (the
    at-fork hook drops the parent's) is noticed."""
    call = _inline_calls.__dict__.get("call")
    if call is None or call[0] is not _current:
        call = _inline_call()
    lib, fn, out, n, out_ref, n_ref = call
    if fn is None:  # a library older than cp_try
        return NEVER, None
    status: int = fn(engine, request, len(request), out_ref, n_ref)
    if status == OK:
        try:
            return OK, ctypes.string_at(out, n.value)
        finally:
            lib.cdll.cp_free(out)
    if status == LATER or status == NEVER:
        return status, None
    if status == BAD_HANDLE:
        raise PrismaError("the engine is closed", code="ENGINE_CLOSED")
    raise _status_error("cp_try", status)


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
    synchronously: the msgpack reply ``{"ok": ...}`` or ``{"error": ...}``.
    Answered by the WebAssembly engine when that is the one chosen."""
    if _wasm.selected():
        return _wasm.call(request)
    lib = load()
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    status = lib.cp_call(request, len(request), ctypes.byref(out), ctypes.byref(n))
    if status != OK:
        raise _status_error("cp_call", status)
    return _take(lib, out, n.value)


def redact(url: str) -> Tuple[str, List[str]]:
    """The engine's rendering of url for people and the strings of it that
    must never be printed (``url.redact``, engine/config Mask and Secrets)."""
    reply = unpackb(call(packb({"method": "url.redact", "params": {"url": url}})))
    if "error" in reply:
        raise error_from_reply(reply["error"])
    ok = reply["ok"]
    return str(ok["masked"]), [str(s) for s in ok.get("secrets") or ()]


def cli(invocation: bytes) -> int:
    if _wasm.selected():
        return _wasm.cli(invocation)
    return int(load().cp_cli(invocation, len(invocation)))
