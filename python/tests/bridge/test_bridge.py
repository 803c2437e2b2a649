"""The asyncio bridge against the real library: round trips, concurrency,
cancellation, panics, several loops, backpressure, close. Tests marked
debug_methods need debug.sleep/debug.panic, which only the library built with
-tags caspian_debug answers (make test-py runs them against it)."""
import asyncio
import gc
import logging
import os
import threading
import time

import pytest

from caspian_prisma import _codec, _native
from caspian_prisma._bridge import Engine, _unwrap
from caspian_prisma.errors import InternalError, PrismaError


def run(coro):
    return asyncio.run(coro)


def test_ping(engine):
    assert run(engine.request("engine.ping")) == "pong"
    assert engine.is_open


@pytest.mark.debug_methods
def test_thousand_concurrent_requests(engine):
    async def main():
        return await asyncio.gather(*[engine.request("debug.sleep", {"ms": i % 7}) for i in range(1000)])

    assert run(main()) == [i % 7 for i in range(1000)]


@pytest.mark.debug_methods
def test_cancel_aborts_the_query_and_frees_its_slot():
    # With room for one request in the engine, the next request can only get
    # through if cp_cancel really ended the 10 s sleep.
    engine = Engine({"max_in_flight": 1})

    async def main():
        task = asyncio.ensure_future(engine.request("debug.sleep", {"ms": 10_000}))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert task.cancelled()
        start = time.monotonic()
        assert await engine.request("debug.sleep", {"ms": 1}) == 1
        return time.monotonic() - start

    try:
        assert run(main()) < 2
    finally:
        engine.close()


@pytest.mark.debug_methods
def test_wait_for_timeout_cancels(engine):
    async def main():
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(engine.request("debug.sleep", {"ms": 10_000}), 0.05)
        return await engine.request("engine.ping")

    assert run(main()) == "pong"


@pytest.mark.debug_methods
def test_panic_is_internal_error_and_engine_survives(engine):
    async def main():
        with pytest.raises(InternalError) as info:
            await engine.request("debug.panic", {"message": "boom"})
        err = info.value
        assert err.is_panic and err.code == "INTERNAL"
        assert "boom" in err.meta["panic"] and "boom" in str(err)
        return await engine.request("engine.ping")

    assert run(main()) == "pong"


def test_unknown_method_is_an_error(engine):
    with pytest.raises(PrismaError, match="nope"):
        run(engine.request("query.nope"))


def test_shipped_library_has_no_debug_methods(engine, has_debug_methods):
    if has_debug_methods:
        pytest.skip("this run loads the library built with -tags caspian_debug")
    for method in ("debug.panic", "debug.sleep"):
        with pytest.raises(PrismaError, match="unknown method") as info:
            run(engine.request(method, {"message": "boom", "ms": 1}))
        assert not getattr(info.value, "is_panic", False)


@pytest.mark.debug_methods
def test_several_loops_in_several_threads(engine):
    results, errors = {}, []

    def worker(n):
        async def main():
            return await asyncio.gather(*[engine.request("debug.sleep", {"ms": (n + i) % 5}) for i in range(200)])

        try:
            results[n] = asyncio.run(main())
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert {n: results[n] for n in range(4)} == {n: [(n + i) % 5 for i in range(200)] for n in range(4)}


@pytest.mark.debug_methods
def test_uvloop(engine):
    uvloop = pytest.importorskip("uvloop")

    async def main():
        pong = await engine.request("engine.ping")
        many = await asyncio.gather(*[engine.request("debug.sleep", {"ms": 1}) for _ in range(300)])
        task = asyncio.ensure_future(engine.request("debug.sleep", {"ms": 10_000}))
        await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return pong, many

    loop = uvloop.new_event_loop()
    try:
        assert loop.run_until_complete(main()) == ("pong", [1] * 300)
    finally:
        loop.close()


@pytest.mark.debug_methods
def test_engine_bound_busy_is_retried():
    # Python allows 256 per loop, the engine only 2: BUSY must be waited out.
    engine = Engine({"max_in_flight": 2})

    async def main():
        return await asyncio.gather(*[engine.request("debug.sleep", {"ms": 5}) for _ in range(40)])

    try:
        assert run(main()) == [5] * 40
    finally:
        engine.close()


@pytest.mark.debug_methods
def test_python_bound_per_loop():
    engine = Engine({}, max_in_flight_per_loop=3)
    peak = 0

    async def main():
        nonlocal peak
        tasks = [asyncio.ensure_future(engine.request("debug.sleep", {"ms": 30})) for _ in range(10)]
        await asyncio.sleep(0.01)
        peak = 3 - engine._slots_for(asyncio.get_running_loop()).free
        return await asyncio.gather(*tasks)

    try:
        assert run(main()) == [30] * 10
        assert peak == 3
    finally:
        engine.close()


@pytest.mark.debug_methods
def test_close_cancels_in_flight_and_reopens(engine):
    async def main():
        task = asyncio.ensure_future(engine.request("debug.sleep", {"ms": 10_000}))
        await asyncio.sleep(0.05)
        engine.close()
        with pytest.raises(PrismaError) as info:
            await asyncio.wait_for(task, 5)
        assert info.value.code == "CANCELED"
        assert not engine.is_open
        return await engine.request("engine.ping")  # opens a new engine

    assert run(main()) == "pong"


def test_open_error_is_raised():
    engine = Engine({"max_in_flight": "many"})
    with pytest.raises(PrismaError, match="max_in_flight"):
        run(engine.request("engine.ping"))


@pytest.mark.debug_methods
def test_closing_a_channel_with_pending_work_is_safe(engine):
    run(engine.request("engine.ping"))  # opens the engine
    handle = engine._open()
    channel, fd = _native.channel_open()
    for i in range(20):
        req = _codec.packb({"method": "debug.sleep", "params": {"ms": 50}})
        assert _native.submit(handle, channel, 10**12 + i, req) == _native.OK
    _native.channel_close(channel)
    with pytest.raises(OSError):
        os.fstat(fd)
    time.sleep(0.15)  # the replies arrive for a closed channel and are dropped
    with pytest.raises(InternalError, match="BAD_CHANNEL"):
        _native.poll(channel)
    assert run(engine.request("engine.ping")) == "pong"


def test_unknown_channel_and_handle_are_statuses():
    lib = _native.load()
    assert lib.cp_channel_close(987654321) == _native.BAD_CHANNEL
    assert lib.cp_close(987654321) == _native.BAD_HANDLE
    assert lib.cp_cancel(987654321, 1) == _native.BAD_HANDLE
    with pytest.raises(PrismaError, match="closed"):
        _native.submit(987654321, 1, 1, b"\x80")


def test_bad_envelope_is_a_status(engine):
    run(engine.request("engine.ping"))
    channel, _ = _native.channel_open()
    try:
        with pytest.raises(InternalError, match="BAD_REQUEST"):
            _native.submit(engine._open(), channel, 1, b"\xc1")
    finally:
        _native.channel_close(channel)


@pytest.mark.debug_methods
def test_channel_closed_when_its_loop_is_collected():
    from caspian_prisma import _bridge

    engine = Engine({}, max_in_flight_per_loop=2)  # so that requests wait for slots
    fds = []

    async def main():
        await asyncio.gather(*[engine.request("debug.sleep", {"ms": 1}) for _ in range(10)])
        task = asyncio.ensure_future(engine.request("debug.sleep", {"ms": 10_000}))
        await asyncio.sleep(0.01)
        task.cancel()
        fds.append(_bridge._channels[asyncio.get_running_loop()].fd)

    run(main())
    gc.collect()
    with pytest.raises(OSError):
        os.fstat(fds[0])
    engine.close()


def test_slot_handed_to_a_cancelled_waiter_is_passed_on():
    from caspian_prisma._bridge import _Slots

    async def main():
        slots = _Slots(1)
        await slots.acquire()
        waiter = asyncio.ensure_future(slots.acquire())
        await asyncio.sleep(0)
        slots.release()  # hands the slot to waiter...
        waiter.cancel()  # ...which is cancelled before it runs
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert slots.free == 1
        await slots.acquire()
        assert slots.free == 0

    run(main())


def test_query_log_goes_to_logging(caplog):
    reply = _codec.packb({"log": [["SELECT 1", 0.25]], "ok": 7})
    with caplog.at_level(logging.INFO, logger="caspian_prisma.query"):
        assert _unwrap(reply) == 7
    rec = caplog.records[-1]
    assert rec.name == "caspian_prisma.query" and rec.levelno == logging.INFO
    assert "SELECT 1" in rec.getMessage() and "0.250 ms" in rec.getMessage()
    assert rec.sql == "SELECT 1" and rec.duration_ms == 0.25


def test_cancel_interrupts_a_running_sqlite_query(tmp_path):
    # An endless query; with room for one request in the engine, the next one
    # gets through only if the cancel interrupted it and freed its slot.
    schema = 'datasource db {\n  provider = "sqlite"\n  url = "file:./t.db"\n}\n'
    engine = Engine({"schema": schema, "url": "file:./t.db", "root": str(tmp_path), "max_in_flight": 1})
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c"

    async def main():
        task = asyncio.ensure_future(engine.request("query.raw", {"sql": endless, "args": [], "kind": "query"}))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        one = {"sql": "SELECT 1 AS one", "args": [], "kind": "query"}
        return await asyncio.wait_for(engine.request("query.raw", one), 5)

    try:
        assert run(main()) == {"columns": ["one"], "rows": [[1]]}
    finally:
        engine.close()
