"""Each operation of the API contract, on every provider, one fresh database
per module. Tests run in file order and build on each other's data."""
import base64
from datetime import datetime, timedelta, timezone
from decimal import Decimal
import os

import pytest

from caspian_prisma import errors

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "ops.prisma")


def test_create_with_defaults_and_nested_writes(project):
    p, r = project.prisma, project.run
    a = r(p.author.create(data={
        "email": "ann@x.io", "name": "Ann",
        "profile": {"create": {"bio": "writes"}},
        "books": {"create": [{"title": "First", "pages": 100, "price": Decimal("9.50")},
                             {"title": "Second", "pages": 200, "published": True}]},
    }, include={"profile": True, "books": True}))
    assert a.id >= 1 and a.role.value == "USER" and a.score == 0
    assert a.createdAt.tzinfo is not None and a.updatedAt is not None
    assert a.profile.bio == "writes"
    assert sorted(b.title for b in a.books) == ["First", "Second"]
    # Included to-many relations come back in primary-key order.
    assert [b.id for b in a.books] == sorted(b.id for b in a.books)
    assert all(len(b.id) == 36 for b in a.books)
    first = next(b for b in a.books if b.title == "First")
    tag = r(p.tag.create(data={"name": "sf", "books": {"connect": [{"id": first.id}]}}))
    assert tag.name == "sf"
    got = r(p.book.find_unique(where={"id": first.id}, include={"tags": True}))
    assert [t.name for t in got.tags] == ["sf"]


def test_create_many_and_skip_duplicates(project):
    p, r = project.prisma, project.run
    res = r(p.author.create_many(data=[{"email": f"u{i}@x.io", "score": i} for i in range(5)]))
    assert res == {"count": 5}
    res = r(p.tag.create_many(data=[{"name": "sf"}, {"name": "new"}], skip_duplicates=True))
    assert res == {"count": 1}


def test_find_unique_and_first(project):
    p, r = project.prisma, project.run
    assert r(p.author.find_unique(where={"email": "nobody@x.io"})) is None
    with pytest.raises(errors.RecordNotFoundError):
        r(p.author.find_unique_or_throw(where={"email": "nobody@x.io"}))
    with pytest.raises(errors.RecordNotFoundError):
        r(p.author.find_first_or_raise(where={"email": "nobody@x.io"}))
    first = r(p.author.find_first(where={"email": {"startsWith": "u"}}, order_by={"score": "desc"}))
    assert first.email == "u4@x.io"
    r(p.pair.create(data={"a": "x", "b": "y", "label": "L"}))
    assert r(p.pair.find_unique(where={"a_b": {"a": "x", "b": "y"}})).label == "L"
    assert r(p.pair.find_unique(where={"label_a": {"label": "L", "a": "x"}})).b == "y"


def test_filters(project):
    p, r = project.prisma, project.run

    def emails(**kw):
        return [a.email for a in r(p.author.find_many(order_by={"email": "asc"}, **kw))]

    assert emails(where={"score": {"gt": 2}}) == ["u3@x.io", "u4@x.io"]
    assert emails(where={"score": {"gte": 3, "lt": 4}}) == ["u3@x.io"]
    assert emails(where={"score": {"lte": 0}, "email": {"not": "ann@x.io"}}) == ["u0@x.io"]
    assert emails(where={"score": {"in": [1, 2]}}) == ["u1@x.io", "u2@x.io"]
    assert emails(where={"score": {"in_": [1]}}) == ["u1@x.io"]
    assert emails(where={"score": {"in": []}}) == []
    assert len(emails(where={"score": {"notIn": [1, 2]}})) == 4
    assert emails(where={"email": {"endsWith": "4@X.IO", "mode": "insensitive"}}) == ["u4@x.io"]
    assert emails(where={"email": {"startswith": "U1", "mode": "insensitive"}}) == ["u1@x.io"]
    assert emails(where={"OR": [{"score": 1}, {"score": 3}]}) == ["u1@x.io", "u3@x.io"]
    assert emails(where={"OR": []}) == []
    assert len(emails(where={"AND": []})) == 6
    assert len(emails(where={"NOT": []})) == 6
    assert emails(where={"NOT": {"email": {"startsWith": "u"}}}) == ["ann@x.io"]
    # Null rules: {'f': None} is IS NULL; not/notIn drop NULL rows.
    assert emails(where={"name": None}) == [f"u{i}@x.io" for i in range(5)]
    assert emails(where={"name": {"not": "Bob"}}) == ["ann@x.io"]
    assert emails(where={"name": {"notIn": ["Bob"]}}) == ["ann@x.io"]
    assert emails(where={"name": {"not": None}}) == ["ann@x.io"]


def test_relation_filters(project):
    p, r = project.prisma, project.run

    def emails(where):
        return [a.email for a in r(p.author.find_many(where=where, order_by={"email": "asc"}))]

    assert emails({"books": {"some": {"published": True}}}) == ["ann@x.io"]
    # every/none hold for authors without books.
    assert len(emails({"books": {"every": {"published": True}}})) == 5
    assert len(emails({"books": {"none": {"published": True}}})) == 5
    assert emails({"profile": {"is": {"bio": "writes"}}}) == ["ann@x.io"]
    assert len(emails({"profile": {"isNot": {"bio": "writes"}}})) == 5
    books = r(p.book.find_many(where={"author": {"is": {"email": "ann@x.io"}}}))
    assert len(books) == 2
    books = r(p.book.find_many(where={"tags": {"some": {"name": "sf"}}}))
    assert [b.title for b in books] == ["First"]


def test_order_paginate_cursor_distinct(project):
    p, r = project.prisma, project.run
    all_ = r(p.author.find_many(where={"email": {"startsWith": "u"}}, order_by={"score": "asc"}))
    assert [a.score for a in all_] == [0, 1, 2, 3, 4]
    page = r(p.author.find_many(where={"email": {"startsWith": "u"}}, order_by={"score": "asc"}, take=2, skip=1))
    assert [a.score for a in page] == [1, 2]
    cur = r(p.author.find_many(where={"email": {"startsWith": "u"}}, order_by={"score": "asc"},
                               cursor={"email": "u2@x.io"}, take=2))
    assert [a.score for a in cur] == [2, 3]
    back = r(p.author.find_many(where={"email": {"startsWith": "u"}}, order_by={"score": "asc"},
                                cursor={"email": "u2@x.io"}, take=-2))
    assert [a.score for a in back] == [1, 2]
    last = r(p.author.find_many(where={"email": {"startsWith": "u"}}, order_by=[{"score": "asc"}], take=-1))
    assert [a.score for a in last] == [4]
    # Same role everywhere: distinct keeps one row per role.
    d = r(p.author.find_many(distinct=["role"]))
    assert len(d) == 1
    # order alias
    assert r(p.author.find_first(order={"score": "desc"})).score == 4


def test_select_include_omit_and_counts(project):
    p, r = project.prisma, project.run
    a = r(p.author.find_unique(where={"email": "ann@x.io"}, omit={"createdAt": True}))
    assert a.createdAt is None and "createdAt" not in a.to_dict() and a.email == "ann@x.io"
    a = r(p.author.find_unique(where={"email": "ann@x.io"},
                               select={"email": True, "books": {"select": {"title": True}, "order_by": {"title": "desc"}}}))
    assert a.to_dict() == {"email": "ann@x.io", "books": [{"title": "Second"}, {"title": "First"}]}
    a = r(p.author.find_unique(where={"email": "ann@x.io"}, include={"_count": {"select": {"books": True}}}))
    assert a._count == {"books": 2}
    assert a.to_dict()["_count"] == {"books": 2}
    a = r(p.author.find_unique(where={"email": "ann@x.io"},
                               include={"books": {"where": {"published": True}, "include": {"tags": True}}}))
    assert [b.title for b in a.books] == ["Second"] and a.books[0].tags == []


def test_update_atomic_and_errors(project):
    p, r = project.prisma, project.run
    a = r(p.author.find_unique(where={"email": "u3@x.io"}))
    before = a.updatedAt
    a = r(p.author.update(where={"email": "u3@x.io"}, data={"score": {"multiply": 10}, "name": {"set": "Three"}}))
    assert a.score == 30 and a.name == "Three" and a.updatedAt >= before
    a = r(p.author.update(where={"email": "u3@x.io"}, data={"score": {"decrement": 5}}))
    assert a.score == 25
    a = r(p.author.update(where={"email": "u3@x.io"}, data={"score": {"divide": 5}}))
    assert a.score == 5
    big = 2**63 - 10
    r(p.author.update(where={"email": "u3@x.io"}, data={"big": big}))
    a = r(p.author.update(where={"email": "u3@x.io"}, data={"big": {"increment": 9}}))
    assert a.big == 2**63 - 1
    with pytest.raises(errors.RecordNotFoundError):
        r(p.author.update(where={"email": "nobody@x.io"}, data={"name": "x"}))
    with pytest.raises(errors.PrismaClientValidationError):
        r(p.author.update(where={"email": "u3@x.io"}, data={"score": {"increment": 1, "decrement": 1}}))


def test_update_many_upsert_delete(project):
    p, r = project.prisma, project.run
    res = r(p.author.update_many(where={"email": {"in": ["u0@x.io", "u1@x.io"]}}, data={"name": "Low"}))
    assert res == {"count": 2}
    up = r(p.author.upsert(where={"email": "new@x.io"}, create={"email": "new@x.io", "name": "Created"},
                           update={"name": "Updated"}))
    assert up.name == "Created"
    up = r(p.author.upsert(where={"email": "new@x.io"},
                           data={"create": {"email": "new@x.io"}, "update": {"name": "Updated"}}))
    assert up.name == "Updated"
    gone = r(p.author.delete(where={"email": "new@x.io"}))
    assert gone.email == "new@x.io"
    with pytest.raises(errors.RecordNotFoundError):
        r(p.author.delete(where={"email": "new@x.io"}))
    assert r(p.author.delete_many(where={"name": "Low"})) == {"count": 2}


def test_count_aggregate_group_by(project):
    p, r = project.prisma, project.run
    assert r(p.author.count()) == 4
    assert r(p.author.count(where={"score": {"gt": 2}})) == 2
    assert r(p.author.count(select={"_all": True, "name": True})) == {"_all": 4, "name": 2}
    agg = r(p.author.aggregate(_count=True, _sum={"score": True}, _min={"score": True}, _max={"score": True}))
    scores = [a.score for a in r(p.author.find_many())]
    assert agg["_count"] == 4 and agg["_sum"]["score"] == sum(scores)
    assert agg["_min"]["score"] == min(scores) and agg["_max"]["score"] == max(scores)
    empty = r(p.author.aggregate(where={"email": "none"}, _count={"_all": True}, _sum={"score": True}, _avg={"score": True}))
    assert empty["_count"]["_all"] == 0 and empty["_sum"]["score"] is None and empty["_avg"]["score"] is None
    groups = r(p.book.group_by(by=["published"], _count={"_all": True}, order_by={"published": "asc"}))
    assert groups == [{"published": False, "_count": {"_all": 1}}, {"published": True, "_count": {"_all": 1}}]
    groups = r(p.book.group_by(by=["authorId"], _sum={"pages": True}, having={"pages": {"_sum": {"gt": 250}}}))
    ann = r(p.author.find_unique(where={"email": "ann@x.io"}))
    assert groups == [{"authorId": ann.id, "_sum": {"pages": 300}}]


def test_scalar_types_round_trip(project):
    p, r = project.prisma, project.run
    dt = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=timezone.utc)
    s = r(p.sample.create(data={
        "s": "héllo", "i": -2**31, "b": -2**63, "f": 1.25, "d": Decimal("12345.678900"),
        "bool": True, "dt": dt, "j": {"a": [1, 2.5, None, "x"], "b": {"c": True}},
        "bytes": b"\x00\xffbin",
    }))
    assert s.dt == dt.replace(microsecond=891000)
    assert s.b == -2**63 and s.i == -2**31 and s.f == 1.25
    assert s.d == Decimal("12345.6789")
    assert s.j == {"a": [1, 2.5, None, "x"], "b": {"c": True}}
    assert s.bytes == b"\x00\xffbin" and s.bool is True and s.opt is None
    d = s.to_dict()
    assert d["dt"].startswith("2026-03-04T05:06:07.891") and d["bytes"] == base64.b64encode(b"\x00\xffbin").decode()
    assert isinstance(d["d"], str)
    # A microsecond input still matches itself after the round trip.
    assert r(p.sample.count(where={"dt": dt})) == 1
    naive = r(p.sample.count(where={"dt": {"gte": datetime(2026, 3, 4, 5, 6, 7)}}))
    assert naive == 1


def test_errors_are_specific(project):
    p, r = project.prisma, project.run
    with pytest.raises(errors.UniqueViolationError) as e:
        r(p.author.create(data={"email": "ann@x.io"}))
    assert e.value.code == "P2002" and e.value.meta["target"] == ["email"]
    with pytest.raises(errors.ForeignKeyViolationError):
        r(p.profile.create(data={"bio": "x", "authorId": 999999}))
    with pytest.raises(errors.MissingRequiredValueError) as e:
        r(p.author.create(data={"name": "no email"}))
    assert "email" in str(e.value)
    with pytest.raises(errors.FieldNotFoundError) as e:
        r(p.author.find_many(where={"emial": "x"}))
    assert "emial" in str(e.value) and "Author" in str(e.value)
    with pytest.raises(errors.PrismaClientValidationError) as e:
        r(p.author.find_many(where={"score": {"gt": "ten"}}))
    assert "score" in str(e.value)
    # A failed write leaves the database as it was.
    n = r(p.author.count())
    with pytest.raises(errors.UniqueViolationError):
        r(p.author.create_many(data=[{"email": "fresh@x.io"}, {"email": "fresh@x.io"}]))
    assert r(p.author.count()) == n
    with pytest.raises(errors.UniqueViolationError):
        r(p.author.create(data={"email": "ann@x.io", "books": {"create": [{"title": "Orphan"}]}}))
    assert r(p.book.count(where={"title": "Orphan"})) == 0
    assert r(p.author.count()) == n
    with pytest.raises(errors.RawQueryError):
        r(p.query_raw("SELECT * FROM no_such_table_here"))


def test_batch_and_tx_expiry(project):
    p, r = project.prisma, project.run
    res = r(p.batch([p.tag.create(data={"name": "b1"}), p.tag.create(data={"name": "b2"}), lambda: p.tag.count()]))
    assert res[0].name == "b1" and res[1].name == "b2" and isinstance(res[2], int)

    async def use_after():
        async with p.tx(timeout=5000) as tx:
            await tx.tag.create(data={"name": "in-tx"})
        await tx.tag.count()

    with pytest.raises(errors.TransactionExpiredError):
        r(use_after())
    assert r(p.tag.find_unique(where={"name": "in-tx"})) is not None
