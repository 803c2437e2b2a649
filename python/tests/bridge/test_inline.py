"""Inline answers (cp_try): on SQLite a query (only a read, inside an
interactive transaction) is answered on the loop's thread; database servers go the usual
way (cp_submit, eventfd); a task answered inline back to back still lets the
loop run other tasks. Waited answers (cp_submit_wait): on SQLite the other
requests alone in flight (transactions) are waited for on the loop's thread,
up to the inline budget; a slower one comes through the channel."""
import asyncio
import os
import time

import pytest

from caspian_prisma import _native
from caspian_prisma._bridge import WAIT_BACKOFF, Engine, _back_off, _slow
from caspian_prisma.errors import UniqueViolationError

SCHEMA = """datasource db {
  provider = "%s"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"""


class Counting:
    """Counts cp_try answers and cp_submit calls, passing them through."""

    def __init__(self, monkeypatch):
        self.answered = self.handed_back = self.submitted = 0
        self.waited = self.pending = self.never = 0
        try_inline, submit, submit_wait = _native.try_inline, _native.submit, _native.submit_wait

        def counted_wait(*args):
            status, reply = submit_wait(*args)
            if status == _native.OK:
                self.waited += 1
            elif status == _native.PENDING:
                self.pending += 1
            elif status == _native.NEVER:
                self.never += 1
            return status, reply

        def counted_try(engine, request):
            status, reply = try_inline(engine, request)
            if status == _native.OK:
                self.answered += 1
            else:
                self.handed_back += 1
            return status, reply

        def counted_submit(*args):
            self.submitted += 1
            return submit(*args)

        monkeypatch.setattr(_native, "try_inline", counted_try)
        monkeypatch.setattr(_native, "submit", counted_submit)
        monkeypatch.setattr(_native, "submit_wait", counted_wait)


def sqlite_engine(tmp_path):
    engine = Engine({"schema": SCHEMA % "sqlite", "url": "file:./t.db", "root": str(tmp_path)})
    asyncio.run(engine.request("query.raw", {
        "sql": 'CREATE TABLE "User" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL UNIQUE)',
        "args": [], "kind": "execute"}))
    return engine


def op(action, args):
    return {"model": "User", "action": action, "args": args}


def test_sqlite_requests_are_answered_inline(tmp_path, monkeypatch):
    # Which path each request takes depends on timing: on a loaded machine
    # an answer can run past the 1 ms budget (a descheduled thread, a GC
    # pause) and its kind is then handed back for a while. The scenario is
    # exact, so it is tried on a fresh engine up to three times; a real
    # regression fails all three.
    for attempt in range(3):
        try:
            _answered_inline(tmp_path / str(attempt), monkeypatch)
            return
        except AssertionError:
            if attempt == 2:
                raise
            monkeypatch.undo()


def _answered_inline(tmp_path, monkeypatch):
    tmp_path.mkdir()
    engine = sqlite_engine(tmp_path)
    n = Counting(monkeypatch)

    async def main():
        # The pool is open (the table was made); no reader is yet: the first
        # read is handed back, and waited for (it opens one).
        await engine.request("query.execute", op("create", {"data": {"email": "a@x"}}))
        await engine.request("query.execute", op("findMany", {}))
        assert (n.answered, n.waited, n.submitted) == (1, 1, 0)
        n.answered = n.waited = 0
        for i in range(20):
            row = await engine.request("query.execute", op("findUnique", {"where": {"email": "a@x"}}))
            assert row == {"id": 1, "email": "a@x"}
            await engine.request("query.execute", op("update", {"where": {"id": 1}, "data": {"email": "a@x"}}))
        assert (n.answered, n.submitted) == (40, 0)
        # Errors come back inline too, as the same exceptions.
        with pytest.raises(Exception) as info:
            await engine.request("query.execute", op("findMany", {"where": {"nope": 1}}))
        assert "nope" in str(info.value)
        with pytest.raises(UniqueViolationError):
            await engine.request("query.execute", op("create", {"data": {"email": "a@x"}}))
        # In an interactive transaction a read is answered inline, and so
        # are the begin (the writer is free) and a write its own data
        # bounds; another write is handed back (interrupted, it would undo
        # the whole transaction) and waited for, and so is the commit after
        # it (it may write any number of pages).
        n.answered = n.handed_back = n.waited = 0
        tx = await engine.request("tx.begin", {})
        await engine.request("query.execute", dict(op("create", {"data": {"email": "b@x"}}), tx=tx))
        await engine.request("query.execute", dict(op("updateMany", {"data": {"email": "b@x"},
                                                                      "where": {"email": "b@x"}}), tx=tx))
        assert len(await engine.request("query.execute", dict(op("findMany", {}), tx=tx))) == 2
        await engine.request("tx.commit", {"tx": tx})
        assert (n.answered, n.handed_back, n.waited, n.submitted) == (3, 2, 2, 0)
        # A transaction of bounded statements only ends inline too.
        n.answered = n.handed_back = n.waited = 0
        tx = await engine.request("tx.begin", {})
        await engine.request("query.execute", dict(op("create", {"data": {"email": "c@x"}}), tx=tx))
        await engine.request("tx.commit", {"tx": tx})
        assert (n.answered, n.handed_back, n.waited, n.submitted) == (3, 0, 0, 0)
        assert await engine.request("query.execute", op("count", {})) == 3

    try:
        asyncio.run(main())
    finally:
        engine.close()


def test_inline_reads_back_to_back_let_other_tasks_run(tmp_path):
    engine = sqlite_engine(tmp_path)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    async def main():
        await engine.request("query.execute", op("create", {"data": {"email": "a@x"}}))
        await engine.request("query.execute", op("findMany", {}))
        t = asyncio.ensure_future(ticker())
        await asyncio.sleep(0)
        start = ticks
        for _ in range(2000):  # tens of milliseconds of inline answers
            await engine.request("query.execute", op("findUnique", {"where": {"id": 1}}))
        t.cancel()
        return ticks - start

    try:
        assert asyncio.run(main()) >= 3
    finally:
        engine.close()


SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) "
        "SELECT count(*) AS n FROM c")


def test_a_reply_slower_than_the_wait_comes_through_the_channel(tmp_path, monkeypatch):
    engine = sqlite_engine(tmp_path)
    n = Counting(monkeypatch)
    slow = {"sql": SLOW, "args": [], "kind": "query"}

    async def main():
        # Opening the pool (sqlite_engine) outlasted a wait too: start afresh.
        engine._slow.clear()
        rows = await engine.request("query.raw", slow)
        assert (n.pending, n.waited) == (1, 0)  # hundreds of milliseconds: not waited out
        # The same kind of request is then submitted without a wait...
        await engine.request("query.raw", slow)
        assert (n.pending, n.submitted) == (1, 1)
        # ...while others are still waited for.
        await engine.request("query.raw", {"sql": "SELECT 1", "args": [], "kind": "execute"})
        assert n.pending == 1 and n.submitted == 2 and n.waited == 0  # query.raw is the slow kind
        await engine.request("engine.ping", {})
        assert n.waited == 1
        return rows

    try:
        rows = asyncio.run(main())
    finally:
        engine.close()
    assert "300000" in str(rows)


def test_an_outlasted_wait_backs_off_by_how_long_it_took(tmp_path):
    # A request stalled past the wait by a busy machine must not send its
    # kind through the channel for a whole WAIT_BACKOFF; one always slow
    # must reach it soon.
    slow = {}
    key = ("query.raw", None, None)

    def left():
        return slow[key][0] - time.perf_counter()

    _back_off(slow, key, None)  # outlasted, still running: the full backoff
    assert _slow(slow, key) and WAIT_BACKOFF - 0.1 < left() <= WAIT_BACKOFF
    _back_off(slow, key, 0.003)  # it took 3 ms: ten times that
    assert 0.02 < left() <= 0.03
    _back_off(slow, key, None)
    _back_off(slow, key, 0.003)  # twice in a row: doubled
    assert 0.05 < left() <= 0.06
    for _ in range(30):
        _back_off(slow, key, None)
        _back_off(slow, key, 0.004)
    assert WAIT_BACKOFF - 0.1 < left() <= WAIT_BACKOFF

    # A wait answered in time starts the count afresh (three tries: a busy
    # machine may stall one past the wait, which counts it instead).
    engine = sqlite_engine(tmp_path)

    async def main():
        for _ in range(3):
            engine._slow[key] = [0.0, 5]  # expired, five in a row
            await engine.request("query.raw", {"sql": "SELECT 1", "args": [], "kind": "query"})
            if key not in engine._slow:
                return True
        return False

    try:
        assert asyncio.run(main())
    finally:
        engine.close()


def test_a_waited_request_is_cancelled_in_the_database(tmp_path):
    engine = sqlite_engine(tmp_path)

    async def main():
        task = asyncio.ensure_future(engine.request("query.raw", {"sql": SLOW.replace("300000", "300000000"),
                                                                  "args": [], "kind": "query"}))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The connection came back: the writer and readers still answer.
        await engine.request("query.execute", op("create", {"data": {"email": "c@x"}}))
        return await engine.request("query.execute", op("count", {}))

    try:
        assert asyncio.run(asyncio.wait_for(main(), 10)) == 1
    finally:
        engine.close()


@pytest.mark.skipif(not os.environ.get("CASPIAN_TEST_POSTGRES_URL"), reason="CASPIAN_TEST_POSTGRES_URL not set")
def test_a_database_server_is_asked_once(monkeypatch):
    schema = SCHEMA.replace("model User", "model InlineProbe") % "postgresql"
    engine = Engine({"schema": schema, "url": os.environ["CASPIAN_TEST_POSTGRES_URL"]})
    n = Counting(monkeypatch)
    find = {"model": "InlineProbe", "action": "findMany", "args": {}}

    async def main():
        await engine.request("query.raw", {"sql": 'CREATE TABLE IF NOT EXISTS "InlineProbe" '
                                           '("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL UNIQUE)',
                                           "args": [], "kind": "execute"})
        for _ in range(5):
            assert await engine.request("query.execute", find) == []

    try:
        asyncio.run(main())
    finally:
        engine.close()
    # The first request opened the pool (not yet known to be a server's: it
    # was waited for, in vain); the first read then heard NEVER from cp_try,
    # and nobody asked or waited again.
    assert (n.pending, n.handed_back, n.answered, n.waited, n.submitted) == (1, 1, 0, 0, 5)


@pytest.mark.skipif(not os.environ.get("CASPIAN_TEST_POSTGRES_URL"), reason="CASPIAN_TEST_POSTGRES_URL not set")
def test_a_database_server_begins_transactions_inline(monkeypatch):
    schema = SCHEMA.replace("model User", "model InlineTx") % "postgresql"
    engine = Engine({"schema": schema, "url": os.environ["CASPIAN_TEST_POSTGRES_URL"]})

    async def main():
        await engine.request("query.raw", {"sql": 'DROP TABLE IF EXISTS "InlineTx"; CREATE TABLE "InlineTx" '
                                           '("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL UNIQUE)',
                                           "args": [], "kind": "execute"})
        await engine.request("query.execute", {"model": "InlineTx", "action": "count", "args": {}})
        n = Counting(monkeypatch)
        for i, end in enumerate(["tx.commit", "tx.rollback", "tx.commit"]):
            tx = await engine.request("tx.begin", {})
            await engine.request("query.execute", {"model": "InlineTx", "action": "create",
                                                   "args": {"data": {"email": f"{i}@tx"}}, "tx": tx})
            await engine.request(end, {"tx": tx})
        rows = await engine.request("query.execute", {"model": "InlineTx", "action": "findMany",
                                                      "args": {"order_by": {"id": "asc"}}})
        return n, [r["email"] for r in rows]

    try:
        n, emails = asyncio.run(main())
    finally:
        engine.close()
    assert emails == ["0@tx", "2@tx"]
    # Each begin was answered inline; its statements, commits and rollbacks
    # went through the channel, each method after one NEVER (commit,
    # rollback: the reads had heard theirs before counting).
    assert (n.answered, n.handed_back, n.submitted, n.waited) == (3, 2, 3 + 3 + 1, 0)
