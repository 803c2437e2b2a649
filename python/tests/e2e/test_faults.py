"""Fault tests: what the client does when the database server misbehaves.

Each provider gets a server of its own (``dbserver.py``: a throwaway cluster
on a free loopback port), never the shared test servers of
``scripts/db-up.sh``, since the tests restart and stop it and kill its
sessions:

* killed connections, idle and busy (``pg_terminate_backend`` / ``KILL
  CONNECTION``): the next queries succeed;
* a restart under load: the queries in flight and those during the outage
  fail with a connection error (never INTERNAL, never a hang); once the server
  is back the pool recovers within RECOVERY_S and concurrent queries succeed;
* the server stopped: P1001 at once, and queries succeed when it is back;
* a server that accepts TCP and never answers: P1001 within connect_timeout.

Every request is bounded by REQUEST_BOUND_S: a hang fails the test instead of
stalling CI. The bounds are generous (a loaded 2-core machine); they catch
hangs and the wrong error, not slowness.
"""
from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from typing import Any, Awaitable, List

import pytest

import dbserver
from caspian_prisma.errors import PrismaConnectionError, PrismaError

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "faults.prisma")
DATABASE = "faults"
CONNECT_TIMEOUT_S = 2
MARGIN_S = 8.0
REQUEST_BOUND_S = 30.0
RECOVERY_S = 20.0
# What a request may fail with while the server is away: can't reach (P1001),
# the server closed the connection (P1017).
CONNECTION_CODES = {"P1001", "P1017"}
# A statement that keeps a connection busy for about `s` seconds.
SLEEP_SQL = {"postgresql": "SELECT pg_sleep({s})", "mysql": "SELECT SLEEP({s})"}
SERVERS = {"postgresql": dbserver.PostgresServer, "mysql": dbserver.MariaDBServer}


def _params():
    why = dbserver.available()
    marks = [pytest.mark.skip(reason=why)] if why else []
    return [pytest.param(p, marks=marks, id=p) for p in SERVERS]


@pytest.fixture(scope="module", params=_params())
def fault(request, tmp_path_factory, e2e):
    """A project on a throwaway server of its own; .server drives the server."""
    server = SERVERS[request.param]()
    proj = None
    try:
        with open(SCHEMA_FILE) as f:
            text = f.read()
        url = server.url(DATABASE) + f"?connect_timeout={CONNECT_TIMEOUT_S}"
        proj = e2e.make_project(tmp_path_factory, request.param, text, "faults", url=url)
        proj.server = server
        yield proj
    finally:
        if proj is not None:
            try:
                proj.run(proj.prisma.disconnect())
            finally:
                proj.loop.close()
                os.chdir(proj._old_cwd)
        server.close()


async def bounded(aw: Awaitable[Any]) -> Any:
    try:
        return await asyncio.wait_for(aw, REQUEST_BOUND_S)
    except asyncio.TimeoutError:
        pytest.fail(f"a request hung for more than {REQUEST_BOUND_S} s")


def assert_connection_error(exc: BaseException) -> None:
    assert isinstance(exc, PrismaConnectionError) and exc.code in CONNECTION_CODES, \
        f"want a connection error ({sorted(CONNECTION_CODES)}), got {exc!r}"


async def recover(prisma) -> float:
    """Polls until a query succeeds; how long it took. Fails past RECOVERY_S."""
    start = time.monotonic()
    while True:
        try:
            await bounded(prisma.item.count())
            return time.monotonic() - start
        except PrismaError as e:
            assert_connection_error(e)
            if time.monotonic() - start > RECOVERY_S:
                pytest.fail(f"no query succeeded within {RECOVERY_S} s of the server's return: {e!r}")
            await asyncio.sleep(0.1)


async def all_succeed(prisma, n: int = 16) -> None:
    """n concurrent queries, each of which must succeed."""
    counts = await asyncio.gather(*[bounded(prisma.item.count()) for _ in range(n)])
    assert all(isinstance(c, int) for c in counts)


async def recovered(prisma, n: int = 16) -> None:
    """Right after sessions were killed: n concurrent queries, each of which
    succeeds at once or, having met a connection the server killed (a
    connection error, never anything else), on its one retry; then n more,
    which must all succeed. A killed connection whose socket the driver
    has not yet seen closed can fail one query (statements are never
    retried by the engine); the pool must not fail more than that."""
    async def one() -> Any:
        try:
            return await bounded(prisma.item.count())
        except PrismaError as e:
            assert_connection_error(e)
            return await bounded(prisma.item.count())

    counts = await asyncio.gather(*[one() for _ in range(n)])
    assert all(isinstance(c, int) for c in counts)
    await all_succeed(prisma, n)


async def killed(fault) -> None:
    """Kills every session of the pool and waits until they have ended: the
    kill only signals them, and a query racing the signal fails, unavoidably.
    The pause after lets each one's socket close."""
    assert await asyncio.to_thread(fault.server.kill_sessions, DATABASE) >= 1, "no session of the pool to kill"
    deadline = time.monotonic() + RECOVERY_S
    while await asyncio.to_thread(fault.server.sessions, DATABASE):
        assert time.monotonic() < deadline, "killed sessions still open"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)


async def busy(fault, n: int, seconds: float) -> List[asyncio.Task]:
    """n statements running for `seconds` each: n connections of the pool busy."""
    sql = SLEEP_SQL[fault.provider].format(s=seconds)
    return [asyncio.ensure_future(bounded(fault.prisma.query_raw(sql))) for _ in range(n)]


def test_killed_idle_connections(fault):
    async def body():
        await fault.prisma.item.create(data={"name": "seed"})
        await asyncio.gather(*await busy(fault, 4, 0.3))  # four connections, now idle
        await killed(fault)
        await recovered(fault.prisma)

    fault.run(body())


def test_killed_busy_connections(fault):
    async def body():
        tasks = await busy(fault, 4, 10)
        await asyncio.sleep(1.0)
        await killed(fault)
        for r in await asyncio.gather(*tasks, return_exceptions=True):
            assert isinstance(r, BaseException), "a killed statement returned rows"
            assert_connection_error(r)
        await recovered(fault.prisma)

    fault.run(body())


def test_restart_under_load(fault):
    async def body():
        prisma = fault.prisma
        stop = asyncio.Event()
        errors: List[BaseException] = []
        done = [0]

        async def worker(i: int) -> None:
            while not stop.is_set():
                try:
                    if i % 2:
                        await bounded(prisma.item.create(data={"name": f"w{i}"}))
                    else:
                        await bounded(prisma.item.find_many(take=5))
                    done[0] += 1
                except PrismaError as e:
                    errors.append(e)
                    await asyncio.sleep(0.02)

        workers = [asyncio.ensure_future(worker(i)) for i in range(8)]
        slow = await busy(fault, 2, 5)  # statements in flight at the restart
        await asyncio.sleep(0.5)
        before = done[0]
        await asyncio.to_thread(fault.server.restart)
        took = await recover(prisma)
        await asyncio.sleep(0.5)
        stop.set()
        await asyncio.gather(*workers)
        for r in await asyncio.gather(*slow, return_exceptions=True):
            if isinstance(r, BaseException):
                assert_connection_error(r)
        assert before > 0, "no query succeeded before the restart"
        for e in errors:
            assert_connection_error(e)
        await all_succeed(prisma)
        print(f"{fault.provider}: recovered {took:.2f} s after the restart; "
              f"{done[0]} requests ok, {len(errors)} connection errors")

    fault.run(body())


def test_server_stopped(fault):
    async def body():
        prisma = fault.prisma
        await all_succeed(prisma, 4)
        await asyncio.to_thread(fault.server.stop)
        try:
            for _ in range(2):  # the pooled connections, then a new one
                start = time.monotonic()
                with pytest.raises(PrismaError) as ei:
                    await bounded(prisma.item.count())
                took = time.monotonic() - start
                assert_connection_error(ei.value)
                assert took < CONNECT_TIMEOUT_S + MARGIN_S, f"took {took:.1f} s"
            assert ei.value.code == "P1001", repr(ei.value)
            assert f"127.0.0.1:{fault.server.port}" in ei.value.message
        finally:
            await asyncio.to_thread(fault.server.start)
        await recover(prisma)
        await all_succeed(prisma)

    fault.run(body())


class SilentServer:
    """Accepts TCP connections on loopback and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held: List[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(c)

    def close(self) -> None:
        self.sock.close()
        for c in self.held:
            c.close()


def test_silent_server(fault):
    silent = SilentServer()
    url = fault.url.replace(f":{fault.server.port}/", f":{silent.port}/")
    client = type(fault.prisma)(url=url, root=fault.path)

    async def body():
        try:
            start = time.monotonic()
            with pytest.raises(PrismaError) as ei:
                await bounded(client.connect())
            took = time.monotonic() - start
            assert ei.value.code == "P1001", repr(ei.value)
            assert f"127.0.0.1:{silent.port}" in ei.value.message
            assert took < CONNECT_TIMEOUT_S + MARGIN_S, f"took {took:.1f} s"
        finally:
            await client.disconnect()

    try:
        fault.run(body())
    finally:
        silent.close()
