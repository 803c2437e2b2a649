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
    assert rec.sent[0] == ("tx.begin", {"max_wait_ms": 2000, "timeout_ms": 5000})
    assert rec.sent[-1] == ("tx.rollback", {"tx": "tx-1"})
    # The parent client is not bound to the transaction.
    rec.sent.clear()
    run(p.user.count())
    assert "tx" not in rec.sent[0][1]


def test_raw_and_disconnect():
    p, rec = client()
    assert run(p.query_raw("SELECT ?", 1)) == [{"n": 1}]
    assert rec.sent[-1] == ("query.raw", {"sql": "SELECT ?", "args": [1], "kind": "query"})
    assert run(p.execute_raw("DELETE FROM x")) == 3
    assert p.is_connected()
    run(p.disconnect())
    assert rec.closed and not p.is_connected()
