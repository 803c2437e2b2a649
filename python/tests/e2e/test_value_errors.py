"""Value correctness and error typing at the edges: NaN/Infinity, 64-bit
overflow, NUL bytes, invalid UTF-8, huge `in` lists, deep filters, values
Python cannot send, division by zero, huge pagination counts and oversized
values. Every user mistake must come back as a typed user error (a
PrismaClientValidationError, DataError or TypeError naming the argument),
never as InternalError, a bare ValueError or a crash; and no value may be
silently changed on the way in or out."""
import os

import pytest

from caspian_prisma import errors

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "ops.prisma")

BIG = 9223372036854775807


def _user_error(exc):
    """The exception is typed and is not an engine bug."""
    assert not isinstance(exc, errors.InternalError), repr(exc)
    assert isinstance(exc, (errors.PrismaError, TypeError)), repr(exc)
    return exc


def _raises(project, coro):
    try:
        project.run(coro)
    except Exception as exc:  # noqa: BLE001 - the test inspects it
        return _user_error(exc)
    raise AssertionError("expected an error")


def _sample(**kw):
    data = {"s": "x", "i": 1, "b": 1, "f": 1.5, "d": "1", "bool": True,
            "dt": "2026-01-01T00:00:00Z", "j": {}, "bytes": b""}
    data.update(kw)
    return data


def test_setup(project):
    p, r = project.prisma, project.run
    for e in ["a@x.io", "b@x.io", "ab@x.io"]:
        r(p.author.create(data={"email": e}))


def test_non_finite_floats(project):
    p, r = project.prisma, project.run
    for v in (float("nan"), float("inf"), float("-inf")):
        stores = project.provider == "postgresql" or project.provider == "sqlite" and v == v
        if not stores:
            # MySQL's DOUBLE has neither; SQLite would store NaN as NULL.
            e = _raises(project, p.sample.create(data=_sample(f=v)))
            assert e.code == "P2009" and "`f`" in str(e) and e.meta["path"] == "data.f", e
            e = _raises(project, p.sample.count(where={"f": {"gt": v}}))
            assert e.code == "P2009", e
            continue
        s = r(p.sample.create(data=_sample(f=v)))
        assert (s.f != s.f) if v != v else s.f == v
    if project.provider == "mysql":
        # Raw arguments are bound, never spliced: Inf is not a column name.
        e = _raises(project, p.query_raw("SELECT ? AS v FROM (SELECT 42 AS Inf, 43 AS NaN) t", float("inf")))
        assert isinstance(e, errors.RawQueryError), e


def test_bigint_overflow(project):
    p, r = project.prisma, project.run
    a = r(p.author.create(data={"email": "big@x.io", "big": BIG}))
    for op in ({"increment": 1}, {"multiply": 2}, {"decrement": -1}):
        e = _raises(project, p.author.update(where={"id": a.id}, data={"big": op}))
        assert e.code == "P2020", e
        e = _raises(project, p.author.update_many(where={"id": a.id}, data={"big": op}))
        assert e.code == "P2020", e
    assert r(p.author.find_unique(where={"id": a.id})).big == BIG
    small = r(p.author.create(data={"email": "small@x.io", "big": -BIG - 1}))
    e = _raises(project, p.author.update(where={"id": small.id}, data={"big": {"decrement": 1}}))
    assert e.code == "P2020", e
    e = _raises(project, p.author.update(where={"id": small.id}, data={"big": {"divide": -1}}))
    assert e.code == "P2020", e
    # Int is 32-bit everywhere.
    e = _raises(project, p.author.update(where={"id": a.id}, data={"score": {"increment": 2**31}}))
    assert e.code == "P2009", e  # not an Int
    r(p.author.update(where={"id": a.id}, data={"score": 2**31 - 1}))
    e = _raises(project, p.author.update(where={"id": a.id}, data={"score": {"increment": 1}}))
    assert e.code == "P2020", e
    assert r(p.author.find_unique(where={"id": a.id})).score == 2**31 - 1
    # Still computed in SQL when nothing overflows; NULL stays NULL.
    r(p.author.update(where={"id": a.id}, data={"score": {"decrement": 1}}))
    assert r(p.author.find_unique(where={"id": a.id})).score == 2**31 - 2


def test_nul_in_patterns(project):
    p, r = project.prisma, project.run
    for op in ("contains", "startsWith", "endsWith"):
        if project.provider == "postgresql":
            # PostgreSQL text cannot hold NUL: a typed user error.
            e = _raises(project, p.author.count(where={"email": {op: "a\x00b"}}))
            assert isinstance(e, errors.DataError), e
            continue
        assert r(p.author.count(where={"email": {op: "a\x00"}})) == 0
        assert r(p.author.count(where={"email": {op: "\x00"}})) == 0
        assert r(p.author.count(where={"email": {op: "\x00", "mode": "insensitive"}})) == 0 or project.provider != "postgresql"


def test_long_patterns(project):
    p, r = project.prisma, project.run
    for op in ("contains", "startsWith", "endsWith"):
        assert r(p.author.count(where={"email": {op: "a" * 60000}})) == 0
    if project.provider == "sqlite":
        r(p.author.create(data={"email": "n\x00ul@x.io"}))
        assert r(p.author.count(where={"email": {"contains": "\x00ul"}})) == 1
        assert r(p.author.count(where={"email": {"startsWith": "n\x00"}})) == 1
        assert r(p.author.count(where={"email": {"endsWith": "\x00ul@x.io"}})) == 1
        assert r(p.author.count(where={"email": {"endsWith": "\x00ul@x.io" + "z" * 60000}})) == 0
        r(p.author.delete_many(where={"email": "n\x00ul@x.io"}))


def test_invalid_utf8_text(project):
    if project.provider != "sqlite":
        pytest.skip("only SQLite stores TEXT that is not UTF-8")
    p, r = project.prisma, project.run
    r(p.execute_raw("INSERT INTO Author (email, role, score, big, createdAt, updatedAt) "
                    "VALUES (CAST(X'6261dd64ff40782e696f' AS TEXT), 'USER', 0, 0, '2026-01-01', '2026-01-01')"))
    got = r(p.author.find_many(where={"email": {"endsWith": "@x.io"}}, order_by={"id": "asc"}))
    bad = [a.email for a in got if "\ufffd" in a.email]
    assert bad == ["ba\ufffdd\ufffd@x.io"], bad
    rows = r(p.query_raw("SELECT email FROM Author WHERE email LIKE 'ba%'"))
    assert rows == [{"email": "ba\ufffdd\ufffd@x.io"}]
    r(p.execute_raw("DELETE FROM Author WHERE email LIKE 'ba%'"))


def test_huge_in_lists(project):
    p, r = project.prisma, project.run
    ids = list(range(1, 100_001))
    # More values than one statement binds: bound as one argument (SQLite,
    # PostgreSQL) or interpolated (MySQL), never P2029 (test_long_lists.py).
    assert r(p.author.count(where={"id": {"in": ids}})) == r(p.author.count())
    assert r(p.author.count(where={"id": {"notIn": ids}})) == 0


def test_typed_user_errors(project):
    """One list of user mistakes; each must be a typed user error."""
    p, r = project.prisma, project.run
    deep = {"email": "a@x.io"}
    for _ in range(2000):
        deep = {"AND": [deep]}
    cases = {
        "deep AND": p.author.find_many(where=deep),
        "not serialisable": p.author.find_many(where={"email": {"in": [object()]}}),
        "divide by zero": p.author.update_many(data={"score": {"divide": 0}}),
        "take -2**63": p.author.find_many(take=-2**63),
        "skip 2**63-1": p.author.find_many(skip=2**63 - 1, take=1),
        "division by zero in raw": p.query_raw("SELECT 1/0 AS v"),
    }
    if project.provider == "postgresql":
        cases["NUL string"] = p.author.create(data={"email": "nul\x00@x.io"})
        cases["NUL in raw"] = p.query_raw("SELECT $1::text AS v", "a\x00b")
    for name, coro in cases.items():
        try:
            r(coro)
        except Exception as exc:  # noqa: BLE001
            assert not isinstance(exc, errors.InternalError), (name, repr(exc))
            assert isinstance(exc, (errors.PrismaError, TypeError)), (name, repr(exc))
            if isinstance(exc, TypeError):
                assert "where.email.in[0]" in str(exc), (name, exc)
            if name == "deep AND":
                assert isinstance(exc, errors.PrismaClientValidationError), (name, repr(exc))
                assert "where.AND[0]" in str(exc), (name, exc)
        else:
            if name not in ("division by zero in raw", "skip 2**63-1"):
                raise AssertionError(f"{name}: no error")


def test_big_bytes_value(project):
    p = project.prisma
    big = b"\x01" * (20 * 1024 * 1024)
    try:
        s = project.run(p.sample.create(data=_sample(bytes=big)))
    except Exception as exc:  # noqa: BLE001
        e = _user_error(exc)
        assert not isinstance(e, errors.ConnectionError), repr(e)
        assert project.provider == "mysql" and e.code == "P2007", repr(e)
        assert project.run(p.sample.count()) >= 0  # the connection survived
    else:
        assert len(s.bytes) == len(big)
