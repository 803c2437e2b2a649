"""The runtime Client without the native engine: argument naming, the
awaitable query object, result conversion, batch and transaction envelopes.
A recording stand-in replaces the bridge's Engine (no database is faked:
these tests are about what the client sends and how it reads replies)."""
import asyncio
from datetime import timedelta
from typing import Optional

import pytest

from caspian_prisma import errors
from caspian_prisma.client import Client, ModelActions, Query, build_args
from caspian_prisma.models import BaseModel


class User(BaseModel):
    __prisma_model__ = "User"
    __prisma_fields__ = ("id", "email", "name")
    id: str
    email: str
    name: Optional[str]


class UserActions(ModelActions):
    __prisma_model__ = "User"
    __prisma_class__ = User

    def find_many(self, **kw):
        return self._query("findMany", **kw)

    def find_unique(self, **kw):
        return self._query("findUnique", **kw)

    def create(self, **kw):
        return self._query("create", **kw)

    def count(self, **kw):
        return self._query("count", **kw)


class Prisma(Client):
    __prisma_provider__ = "sqlite"

    @property
    def user(self) -> UserActions:
        return self._actions(UserActions)


class Recorder:
    """Answers like the engine would, and keeps what it was sent."""

    def __init__(self):
        self.sent = []
        self.closed = False

    async def request(self, method, params):
        self.sent.append((method, dict(params)))
        if method == "tx.begin":
            return "tx-1"
        if method == "batch.execute":
            return [self._answer(op["action"]) for op in params["ops"]]
        if method == "query.execute":
            return self._answer(params["action"])
        if method == "query.raw":
            return {"columns": ["n"], "rows": [[1]]} if params["kind"] == "query" else 3
        return None

    def _answer(self, action):
        return {
            "findMany": [{"id": "1", "email": "a"}, {"id": "2", "email": "b"}],
            "findUnique": None,
            "create": {"id": "3", "email": "c"},
            "count": 7,
        }.get(action)

    def close(self):
        self.closed = True


def client():
    p = Prisma(url="file:./x.db", root="/tmp")
    rec = Recorder()
    p._core.engine = rec
    return p, rec


def run(coro):
    return asyncio.new_event_loop().run_until_complete(coro)


def test_build_args_names():
    assert build_args("findMany", {"where": {"a": 1}, "order_by": {"a": "asc"}, "take": None, "skip": 0}) == {
        "where": {"a": 1}, "orderBy": {"a": "asc"}, "skip": 0,
    }
    assert build_args("findMany", {"order": [{"a": "desc"}]}) == {"orderBy": [{"a": "desc"}]}
    assert build_args("createMany", {"data": [], "skip_duplicates": True}) == {"data": [], "skipDuplicates": True}
    # Dict contents are never rewritten: the engine reads the snake_case aliases.
    inner = {"name": {"startswith": "a", "not_in": ["b"]}, "order_by": 1}
    assert build_args("findMany", {"where": inner})["where"] is inner
    assert build_args("aggregate", {"_sum": {"x": True}, "_count": True}) == {"_sum": {"x": True}, "_count": True}
    with pytest.raises(TypeError):
        build_args("findMany", {"order": {}, "order_by": {}})


def test_upsert_data_form():
    a = build_args("upsert", {"where": {"id": 1}, "data": {"create": {"a": 1}, "update": {"a": 2}}})
    assert a == {"where": {"id": 1}, "create": {"a": 1}, "update": {"a": 2}}
    with pytest.raises(TypeError):
        build_args("upsert", {"where": {}, "data": {"create": {}}, "create": {}})
    with pytest.raises(TypeError):
        build_args("upsert", {"where": {}, "data": {"insert": {}}})


def test_query_is_awaitable_and_carries_its_operation():
    p, rec = client()
    q = p.user.find_many(where={"email": "a"}, order_by={"email": "asc"})
    assert isinstance(q, Query) and (q.model, q.action) == ("User", "findMany")
    assert rec.sent == []  # nothing runs until awaited
    users = run(q)
    assert [u.email for u in users] == ["a", "b"] and all(isinstance(u, User) for u in users)
    assert rec.sent == [("query.execute", {"model": "User", "action": "findMany",
                                           "args": {"where": {"email": "a"}, "orderBy": {"email": "asc"}}})]
    assert run(p.user.find_unique(where={"id": "x"})) is None
    assert run(p.user.count()) == 7


def test_query_is_a_coroutine():
    p, rec = client()

    async def main():
        task = asyncio.create_task(p.user.count())
        both = await asyncio.gather(p.user.count(), p.user.find_unique(where={"id": "x"}))
        return await task, both

    assert run(main()) == (7, [7, None])
    assert asyncio.run(p.user.count()) == 7
    p.user.count().close()  # never started: nothing to clean, no warning


def test_accessors_are_cached_per_client():
    p, _ = client()
    assert p.user is p.user


def test_batch_sends_one_envelope():
    p, rec = client()
    res = run(p.batch([p.user.create(data={"email": "c"}), lambda: p.user.count()]))
    assert isinstance(res[0], User) and res[0].email == "c" and res[1] == 7
    assert rec.sent == [("batch.execute", {"ops": [
        {"model": "User", "action": "create", "args": {"data": {"email": "c"}}},
        {"model": "User", "action": "count", "args": {}},
    ]})]
    with pytest.raises(TypeError):
        run(p.batch([42]))


def test_tx_commit_rollback_and_expiry():
    p, rec = client()

    async def ok():
        async with p.tx(isolation_level="Serializable", max_wait=timedelta(seconds=1), timeout=3000) as tx:
            await tx.user.create(data={"email": "c"})
        return tx

    tx = run(ok())
    token = rec.sent[0][1].pop("token")
    assert isinstance(token, str) and len(token) >= 16
    assert rec.sent[0] == ("tx.begin", {"max_wait_ms": 1000, "timeout_ms": 3000, "isolation_level": "Serializable"})
    assert rec.sent[1][1]["tx"] == "tx-1"
    assert rec.sent[2] == ("tx.commit", {"tx": "tx-1"})
    with pytest.raises(errors.TransactionExpiredError):
        run(tx.user.count())

    rec.sent.clear()

    async def boom():
        async with p.transaction() as tx:
            await tx.user.create(data={"email": "c"})
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run(boom())
    assert rec.sent[0][1].pop("token") != token  # a token per begin
    assert rec.sent[0] == ("tx.begin", {"max_wait_ms": 2000, "timeout_ms": 5000})
    assert rec.sent[-1] == ("tx.rollback", {"tx": "tx-1"})
    # The parent client is not bound to the transaction.
    rec.sent.clear()
    run(p.user.count())
    assert "tx" not in rec.sent[0][1]


class Gated(Recorder):
    """A Recorder whose answers to the gated methods wait for the test, so a
    test can cancel the task at a chosen point; failing methods raise."""

    def __init__(self, *gated, fail=()):
        super().__init__()
        self.gates = {m: asyncio.Event() for m in gated}
        self.started = {m: asyncio.Event() for m in gated}
        self.fail = set(fail)
        self.params = {}
        self.nowait = []

    async def request(self, method, params):
        self.params[method] = dict(params)
        if method in self.gates:
            self.started[method].set()
            await self.gates[method].wait()
        result = await super().request(method, params)
        if method in self.fail:
            raise errors.TransactionExpiredError("Transaction API error: expired", code="P2028")
        return result

    def send_nowait(self, method, params):
        self.nowait.append((method, dict(params)))


def gated_client(*gated, fail=()):
    p = Prisma(url="file:./x.db", root="/tmp")
    rec = Gated(*gated, fail=fail)
    p._core.engine = rec
    return p, rec


async def cancel_at(rec, method, task, release_after=True):
    """Cancels task once method is in flight; then lets method answer."""
    await rec.started[method].wait()
    task.cancel()
    await asyncio.sleep(0)
    if release_after:
        rec.gates[method].set()
    await asyncio.wait({task})
    return task


def test_tx_cancelled_while_entering_is_abandoned():
    p, rec = gated_client("tx.begin")
    tm = p.tx()

    async def body():
        async with tm:
            pass

    async def main():
        return await cancel_at(rec, "tx.begin", asyncio.ensure_future(body()))

    task = run(main())
    assert task.cancelled()
    # The engine is told to roll back what it began for this begin's token,
    # without an await (the task is being cancelled).
    assert rec.nowait == [("tx.abandon", {"token": rec.params["tx.begin"]["token"]})]
    assert tm.outcome == "rolled_back"
    with pytest.raises(RuntimeError):
        run(body())  # a manager enters once


def test_tx_cancelled_while_committing_reports_the_commit():
    p, rec = gated_client("tx.commit")
    tm = p.tx()
    seen = []

    async def body():
        try:
            async with tm as tx:
                await tx.user.create(data={"email": "c"})
        except asyncio.CancelledError as e:
            seen.append(e)
            raise

    async def main():
        task = asyncio.ensure_future(body())
        await rec.started["tx.commit"].wait()
        task.cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        # The commit is shielded: the task waits for its outcome.
        assert not task.done() and tm.outcome is None
        rec.gates["tx.commit"].set()
        await asyncio.wait({task})
        return task

    task = run(main())
    assert task.cancelled()
    assert tm.outcome == "committed"
    assert [m for m, _ in rec.sent][-1] == "tx.commit"
    notes = getattr(seen[0], "__notes__", None)
    if notes is not None:  # Python 3.11+
        assert any("COMMITTED" in n and "tx-1" in n for n in notes)


def test_tx_cancelled_while_committing_reports_a_failed_commit():
    p, rec = gated_client("tx.commit", fail=("tx.commit",))
    tm = p.tx()

    async def body():
        async with tm:
            pass

    async def main():
        return await cancel_at(rec, "tx.commit", asyncio.ensure_future(body()))

    assert run(main()).cancelled()
    assert tm.outcome == "commit_failed"
    # Without a cancellation the commit's error is raised as before.
    p, rec = gated_client(fail=("tx.commit",))
    tm = p.tx()
    with pytest.raises(errors.TransactionExpiredError):
        run(body())
    assert tm.outcome == "commit_failed"


def test_tx_cancelled_in_body_rolls_back_even_if_cancelled_again():
    p, rec = gated_client("query.execute", "tx.rollback")
    tm = p.tx()

    async def body():
        async with tm as tx:
            await tx.user.count()

    async def main():
        task = asyncio.ensure_future(body())
        await rec.started["query.execute"].wait()
        task.cancel()  # the body's query
        await rec.started["tx.rollback"].wait()
        task.cancel()  # and the rollback that leaving the block sends
        for _ in range(5):
            await asyncio.sleep(0)
        assert not task.done()
        rec.gates["tx.rollback"].set()
        await asyncio.wait({task})
        return task

    assert run(main()).cancelled()
    assert rec.sent[-1] == ("tx.rollback", {"tx": "tx-1"})
    assert tm.outcome == "rolled_back"
    assert not any(m == "tx.commit" for m, _ in rec.sent)


def test_raw_and_disconnect():
    p, rec = client()
    assert run(p.query_raw("SELECT ?", 1)) == [{"n": 1}]
    assert rec.sent[-1] == ("query.raw", {"sql": "SELECT ?", "args": [1], "kind": "query"})
    assert run(p.execute_raw("DELETE FROM x")) == 3
    assert p.is_connected()
    run(p.disconnect())
    assert rec.closed and not p.is_connected()
