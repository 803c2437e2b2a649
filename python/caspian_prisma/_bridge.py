"""The asyncio side of the engine: ``await Engine(config).request(method, params)``.

How a request travels:

1. the envelope ``{"method", "params"}`` is packed (see _codec) and handed to
   ``cp_submit`` with a process-unique request id; the call returns at once
   and the engine answers on a goroutine;
2. each event loop owns one channel (an eventfd, created lazily the first
   time the loop sends a request) watched with ``loop.add_reader``; the
   engine queues the reply on the channel and writes the eventfd;
3. the reader drains the eventfd, calls ``cp_poll`` once and resolves every
   future of the batch.

Inline answers: a ``query.execute`` (and a transaction's begin, commit and
rollback) is first offered to ``cp_try``, which answers it on the loop's own
thread when the engine can do so without waiting: on SQLite, a read with an
idle connection (in an interactive transaction: with its connection free), a
write in an interactive transaction that its own data bounds, a begin with
the writer free, the end of a transaction whose statements were all answered
so; or, outside one, a write with the writer free (in a transaction of its
own), interrupted and undone
after the engine's inline budget (1 ms) and then submitted as above. That
skips the two thread wake-ups of steps 1-3, most of a point lookup's time.
An engine on a database server answers NEVER for each method it never
answers inline, which is then not asked again; its tx.begin is answered
inline when the pool has an idle connection (the BEGIN itself goes with the
transaction's first statement), which skips a round trip per transaction.

Waited answers: any other request on SQLite that is alone in flight on its
loop (a statement of an interactive transaction, its begin and commit, a
query that ran past the inline budget) goes to ``cp_submit_wait``, which
starts it as ``cp_submit`` does and waits on the loop's thread up to the
same budget for its reply. Such a request is never interrupted (inside a
SQLite transaction that would undo the whole transaction); a reply not in
time comes through the channel as usual, and that kind of request (method,
model, action) is not waited for during a while: ten times as long as it
took, doubled each time in a row the wait is outlasted, at most
WAIT_BACKOFF (see _back_off).

Several loops in several threads may share one Engine: each has its own
channel and its own count of slots bounding its in-flight requests (the engine
has its own bound too and answers BUSY, which is retried after a pause).
A cancelled await calls ``cp_cancel``, so the query is aborted in the
database and its connection returned to the pool. A reply that arrives for a
cancelled await is dropped: a caller whose request leaves state behind in the
engine (``tx.begin``) must tell the engine itself (``tx.abandon``, sent with
:meth:`Engine.send_nowait`, which needs no await).

Fork: an Engine and a channel remember the library (``_native.Library``)
that opened them. In a forked child they refuse with EngineForkError (their
Go runtime stayed in the parent); a new Engine, or this one after
``close()``, opens in the child's own copy of the library (see _native).

WebAssembly: when the process runs the engine as a WebAssembly module
(``_wasm.selected()``: no native library for this platform, or
``CASPIAN_PRISMA_ENGINE=wasm``), a request goes to the module's worker
thread instead of cp_submit, and its reply comes back on the loop with
``call_soon_threadsafe``; there are no channels (see _wasm).

Secrets: every error raised here passes through an ``errors.Redactor`` for
the engine's URL (the engine scrubs its errors already; this is the last
line of defence on the Python side).
"""
from __future__ import annotations

# The runtime's classes share underscored members (_from_row, _execute, _wire,
# _core, ...) with each other inside this package; the underscore keeps them
# off the generated client's public surface, not away from the package.
# pyright: reportPrivateUsage=false

import asyncio
import atexit
import collections
import itertools
import logging
import os
import threading
import time
import weakref
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple, cast

import msgpack  # type: ignore[import-untyped,unused-ignore]

from . import _codec, _native, _wasm
from .errors import InternalError, PrismaError, Redactor, error_from_reply

__all__ = ["Engine", "DEFAULT_MAX_IN_FLIGHT_PER_LOOP"]

#: Requests one loop may have in flight on one engine before awaiting a slot.
DEFAULT_MAX_IN_FLIGHT_PER_LOOP = 256

_query_log = logging.getLogger("caspian_prisma.query")
_log = logging.getLogger("caspian_prisma")

# Request ids are unique in the process, not per engine or per channel: one
# channel carries the replies of every engine used on its loop.
_ids = itertools.count(1)

# A task whose requests are answered inline back to back yields to the loop
# after this many seconds of them (see Engine._try_inline).
INLINE_SLICE = 0.002

# The methods offered to cp_try (the engine decides which requests it answers).
_INLINE_METHODS = frozenset({"query.execute", "tx.begin", "tx.commit", "tx.rollback"})

# A kind of request that outlasted cp_submit_wait's wait is submitted
# without waiting for WAIT_BACKOFF_FACTOR times as long as it took, doubled
# for each time in a row it outlasted the wait, at most WAIT_BACKOFF seconds.
# A point lookup that a busy machine stalled past the wait is waited for
# again within milliseconds (a flat second of thread hops used to cost a
# sequential loop several times its speed), while a kind that is always
# slow soon costs the loop one vain wait (at most the 1 ms budget) a second.
WAIT_BACKOFF = 1.0
WAIT_BACKOFF_FACTOR = 10.0

_registry_lock = threading.Lock()
_channels: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Channel]" = weakref.WeakKeyDictionary()
_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


class _Channel:
    """One eventfd channel, owned by one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.owner = _native.owner()
        self.loop = weakref.ref(loop)  # for Engine's cache of its last channel
        self.id, self.fd = _native.channel_open()
        self.pending: Dict[int, "asyncio.Future[bytes]"] = {}
        # When the current run of inline answers on this loop started (0: none).
        self.streak = 0.0
        loop.add_reader(self.fd, self._drain)
        # Closed when the loop is garbage collected (its selector goes with it,
        # so there is no reader to remove) or at interpreter exit.
        self.finalizer = weakref.finalize(loop, _close_channel, self.owner, self.id)

    def _drain(self) -> None:
        try:
            os.read(self.fd, 8)  # reset the eventfd counter
        except (BlockingIOError, InterruptedError):
            pass  # a previous drain already took this batch
        batch = _native.poll(self.id)
        if batch is None:
            return
        replies = cast("List[Tuple[int, Any]]", msgpack.unpackb(batch, raw=False))  # pyright: ignore[reportUnknownMemberType]
        for request_id, reply in replies:
            fut = self.pending.pop(request_id, None)
            # A cancelled request's late reply finds its future done or gone.
            if fut is not None and not fut.done():
                fut.set_result(reply)


def _close_channel(owner: "_native.Library", channel_id: int) -> None:
    if owner is _native.current():  # never call into a runtime inherited across fork()
        _native.channel_close(channel_id)


def _channel_for(loop: asyncio.AbstractEventLoop) -> _Channel:
    with _registry_lock:
        ch = _channels.get(loop)
        if ch is not None and ch.owner is not _native.current():
            # Made before fork() (a loop object the child kept): its eventfd
            # belongs to the parent's runtime. Stop watching it; a new one follows.
            ch.finalizer.detach()
            try:
                loop.remove_reader(ch.fd)
            except Exception:  # pragma: no cover - a loop that cannot say
                pass
            ch = None
        if ch is None:
            ch = _channels[loop] = _Channel(loop)
        return ch


class _Slots:
    """A counting semaphore that keeps no reference to its event loop.

    asyncio.Semaphore remembers its loop once it has made someone wait, and
    these live in maps keyed weakly by the loop: a value referring to its key
    would keep every finished loop (and its eventfd) alive forever.
    """

    def __init__(self, n: int) -> None:
        self.free = n
        self._waiters: "collections.deque[asyncio.Future[None]]" = collections.deque()

    async def acquire(self) -> None:
        if self.free > 0 and not self._waiters:
            self.free -= 1
            return
        fut: "asyncio.Future[None]" = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut  # release() hands the slot over directly
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # handed a slot, then cancelled: pass it on
            raise

    def release(self) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)
                return
        self.free += 1


class Engine:
    """One schema + database URL, answered by the Go engine.

    ``config`` keys: ``schema`` (text), ``schema_file``, ``url``, ``root``,
    ``log_queries`` and optionally ``max_in_flight`` (the engine-wide bound,
    default 1024). Nothing is loaded or opened until the first request; the
    first query connects.

    With ``log_queries`` every reply carries its SQL statements, which go to
    the ``caspian_prisma.query`` logger; ``request(..., log=True)`` asks for
    one request's. Either way they go to ``statements`` (a list of ``[sql,
    duration_ms, start_unix_ns]``, the start missing when the engine does not
    know it), called in the task that awaited the request, when given
    (tracing uses it).
    """

    def __init__(
        self,
        config: Mapping[str, Any],
        *,
        max_in_flight_per_loop: int = DEFAULT_MAX_IN_FLIGHT_PER_LOOP,
        statements: Optional[Callable[[Sequence[Sequence[Any]]], None]] = None,
    ) -> None:
        self._config = dict(config)
        self._log_statements = bool(self._config.get("log_queries"))
        self._statements = statements
        self._max_per_loop = max_in_flight_per_loop
        # The methods the engine said it never answers inline (cp_try: NEVER).
        self._never: Set[str] = set()
        # False once the engine said it never answers a wait (an engine on a
        # database server: cp_submit_wait NEVER).
        self._wait = True
        # Kinds of request (_kind) that outlasted a wait: [until when they are
        # submitted without waiting, times in a row they outlasted it].
        self._slow: Dict[Tuple[Any, ...], List[float]] = {}
        self._handle: Optional[int] = None
        # The channel of the loop the last request ran on (request()); None
        # after close() and in a forked child (_after_fork_in_child).
        self._channel: Optional[_Channel] = None
        self._owner: Optional[_native.Library] = None  # the library the handle belongs to
        self._wasm = False  # the handle is the WebAssembly engine's
        self._redactor: Optional[Redactor] = None
        self._lock = threading.Lock()
        self._slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Slots]" = weakref.WeakKeyDictionary()
        with _registry_lock:
            _engines.add(self)

    async def request(self, method: str, params: Optional[Mapping[str, Any]] = None, *, log: bool = False) -> Any:
        """Send one envelope and return its ``ok`` payload, or raise its error
        as the caspian_prisma.errors class chosen by its code. ``log`` asks
        the engine for this request's SQL statements (see the class doc)."""
        # Packed first, so bad arguments raise before waiting for a slot.
        envelope: Dict[str, Any] = {"method": method, "params": {} if params is None else params}
        if log:
            envelope["log"] = True
        request = _codec.packb(envelope)
        _native.check_owner(self._owner)  # opened before fork(): refuse, never hang
        try:
            loop = asyncio.get_running_loop()
            # The channel of the loop this engine last ran on, else the
            # registry's (a lock and a weak map: the price of several loops).
            channel = self._channel
            if channel is None or channel.loop() is not loop:
                channel = None if _wasm.selected() else _channel_for(loop)
                self._channel = channel
            if channel is not None and method in _INLINE_METHODS and method not in self._never:
                # Answered on this thread when the engine can (cp_try: a
                # SQLite request that needed no wait, bounded by the
                # engine's inline budget), else submitted below.
                status, reply = _native.try_inline(self._open(), request)
                if reply is not None:
                    if _streak_expired(channel):
                        await asyncio.sleep(0)
                    return _unwrap(reply, self._log_statements, self._statements)
                if status == _native.NEVER:
                    self._never.add(method)
                channel.streak = 0.0
            slots = self._slots_for(loop)
            await slots.acquire()
            try:
                if channel is None:
                    reply = await _wasm.request(self._open(), request)
                else:
                    reply = await self._round_trip(loop, channel, request, method, params)
            finally:
                slots.release()
            return _unwrap(reply, self._log_statements, self._statements)
        except PrismaError as exc:
            raise self.redactor().error(exc)

    def redactor(self) -> Redactor:
        """Scrubs this engine's URL credentials from text and errors."""
        r = self._redactor
        if r is None:
            url = self._config.get("url")
            r = Redactor()
            if isinstance(url, str) and url and (_native.usable() or _wasm.selected()):
                try:
                    masked, secrets = _native.redact(url)
                    r = self._redactor = Redactor(url, masked, secrets)
                except PrismaError:  # pragma: no cover - the engine answers url.redact
                    pass
        return r

    async def _round_trip(
        self,
        loop: asyncio.AbstractEventLoop,
        channel: _Channel,
        request: bytes,
        method: str,
        params: Optional[Mapping[str, Any]],
    ) -> bytes:
        handle = self._open()
        request_id = next(_ids)
        fut: "asyncio.Future[bytes]" = loop.create_future()
        channel.pending[request_id] = fut
        # Alone in flight on this loop (nothing to run meanwhile but what
        # the loop holds itself) on an in-process database: wait on this
        # thread, bounded by the engine's inline budget, for a reply that
        # takes microseconds, instead of a round of the loop for it. A kind
        # of request that outlasted the wait is not waited for a while.
        key = _kind(method, params) if self._wait else ()
        wait = self._wait and len(channel.pending) == 1 and not _slow(self._slow, key)
        started = 0.0  # when a wait that was outlasted began
        try:
            delay = 0.0005
            while True:
                if wait:
                    t0 = time.perf_counter()
                    status, reply = _native.submit_wait(handle, channel.id, request_id, request)
                    if reply is not None:
                        if key in self._slow:
                            del self._slow[key]  # in time again: the next outlasted wait starts afresh
                        if _streak_expired(channel):
                            await asyncio.sleep(0)
                        return reply
                    if status == _native.NEVER:
                        self._wait = wait = False
                        continue
                    if status == _native.PENDING:
                        started = t0
                        _back_off(self._slow, key, None)
                else:
                    status = _native.submit(handle, channel.id, request_id, request)
                if status != _native.BUSY:
                    break
                # Other loops filled the engine-wide bound: wait for slots.
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.05)
            channel.streak = 0.0
            try:
                return await fut
            except asyncio.CancelledError:
                _native.cancel(handle, request_id)
                raise
            finally:
                if started:
                    _back_off(self._slow, key, time.perf_counter() - started)
        finally:
            channel.pending.pop(request_id, None)

    def send_nowait(self, method: str, params: Optional[Mapping[str, Any]] = None) -> None:
        """Submit one envelope without waiting and without reading its reply
        (the channel's reader drops it): for what must leave even from a task
        being cancelled, such as ``tx.abandon``. Needs a running loop. It takes
        no slot; when the engine-wide bound answers BUSY it is submitted again
        from the loop. A closed engine is left alone: closing it rolled back
        its transactions."""
        request = _codec.packb({"method": method, "params": {} if params is None else params})
        if self._wasm:
            if self._handle is not None:
                _wasm.send_nowait(self._handle, request)
            return
        loop = asyncio.get_running_loop()
        channel = _channel_for(loop)

        def attempt(delay: float) -> None:
            handle = self._handle
            if handle is None or not _native.usable():
                return
            try:
                status = _native.submit(handle, channel.id, next(_ids), request)
            except Exception as exc:  # the engine was closed meanwhile
                _log.debug("%s not sent: %s", method, exc)
                return
            if status == _native.BUSY:
                loop.call_later(delay, attempt, min(delay * 2, 0.05))

        attempt(0.0005)

    def _slots_for(self, loop: asyncio.AbstractEventLoop) -> _Slots:
        with self._lock:
            slots = self._slots.get(loop)
            if slots is None:
                slots = self._slots[loop] = _Slots(self._max_per_loop)
            return slots

    def _open(self) -> int:
        handle = self._handle
        if handle is not None:
            return handle
        with self._lock:
            if self._handle is None and _wasm.selected():
                self._handle = _wasm.open_engine(_codec.packb(self._config))
                self._wasm = True
            elif self._handle is None:
                owner = _native.owner()
                self._handle = _native.open_engine(_codec.packb(self._config))
                self._owner = owner
            return self._handle

    def close(self) -> None:
        """Close the engine: in-flight requests end with a CANCELED error and the
        pool is released. A later request opens the engine again (in a forked
        child: in the child's own library; the parent's engine is left alone)."""
        with self._lock:
            handle, self._handle = self._handle, None
            owner, self._owner = self._owner, None
            self._channel = None
            in_wasm, self._wasm = self._wasm, False
        if handle is not None and in_wasm:
            _wasm.close_engine(handle)
        elif handle is not None and owner is not None and owner is _native.current():
            _native.close_engine(handle)

    @property
    def is_open(self) -> bool:
        return self._handle is not None


def _kind(method: str, params: Optional[Mapping[str, Any]]) -> Tuple[Any, ...]:
    """What a request is, for the wait's backoff: method, model, action."""
    if params is None:
        return (method,)
    return (method, params.get("model"), params.get("action"))


def _slow(slow: Dict[Tuple[Any, ...], List[float]], key: Tuple[Any, ...]) -> bool:
    entry = slow.get(key)
    return entry is not None and time.perf_counter() < entry[0]


def _back_off(slow: Dict[Tuple[Any, ...], List[float]], key: Tuple[Any, ...], took: Optional[float]) -> None:
    """A request of this kind outlasted the wait (took None: it is still
    running; took: the seconds it took). Its kind is not waited for until
    WAIT_BACKOFF from now while it runs, then WAIT_BACKOFF_FACTOR times
    took, doubled for each earlier time in a row, at most WAIT_BACKOFF."""
    now = time.perf_counter()
    entry = slow.get(key)
    if took is None:
        slow[key] = [now + WAIT_BACKOFF, (entry[1] if entry is not None else 0.0) + 1]
    elif entry is not None:
        entry[0] = now + min(WAIT_BACKOFF, took * WAIT_BACKOFF_FACTOR * 2.0 ** min(entry[1] - 1, 20))


def _streak_expired(channel: "_Channel") -> bool:
    """Called after a reply answered on this thread (inline or waited for):
    True when the caller must yield to the loop (``await asyncio.sleep(0)``),
    which a task answered so back to back does once every INLINE_SLICE
    seconds, so that it never holds the loop much longer than one budget.
    A plain function: an inline answer pays no coroutine for it."""
    now = time.perf_counter()
    if not channel.streak:
        channel.streak = now
    elif now - channel.streak > INLINE_SLICE:
        channel.streak = 0.0
        return True
    return False


def _unwrap(
    reply: bytes, log: bool = True, statements: Optional[Callable[[Sequence[Sequence[Any]]], None]] = None
) -> Any:
    body = _codec.unpackb(reply)
    if len(body) == 1 and "ok" in body:  # the common reply: no statements, no error
        return body["ok"]
    entries = body.get("log")
    if entries:
        if log:
            for sql, duration_ms, *_ in entries:
                _query_log.info("%s [%.3f ms]", sql, duration_ms, extra={"sql": sql, "duration_ms": duration_ms})
        if statements is not None:
            try:
                statements(entries)
            except Exception as exc:  # an observer must never fail the query
                _log.debug("the statements hook failed: %s", exc)
    error = body.get("error")
    if error is not None:
        raise error_from_reply(error)
    if "ok" not in body:
        raise InternalError("the engine sent a reply with neither ok nor error")
    return body["ok"]


def _after_fork_in_child() -> None:
    # A thread of the parent may have held these locks; it does not exist here.
    global _registry_lock
    _registry_lock = threading.Lock()
    for engine in list(_engines):
        engine._lock = threading.Lock()
        engine._channel = None  # its eventfd is the parent runtime's


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@atexit.register
def _close_all() -> None:
    with _registry_lock:
        engines = list(_engines)
    for engine in engines:
        try:
            engine.close()
        except Exception:  # pragma: no cover - nothing to report to at exit
            pass
