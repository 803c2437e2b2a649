"""`in`/`not_in` lists longer than any database's bind-parameter limit
(SQLite 32766, PostgreSQL 65535) work through the generated client, and
select, count, update and delete exactly the rows the same filter selects
when run in chunks of 500 (each chunk binds one placeholder per value).
A NULL is in no list and in no list's complement, as in Prisma. What is
still too large for one statement (an OR of 70,000 filters) is a
QueryParameterLimitError (P2029) naming the argument."""
import datetime as dt
import os

import pytest

from caspian_prisma import errors

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "ops.prisma")

N = 70_000
ROWS = 2000
BASE = dt.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc)


def _row(k):
    return {"s": f"s{k:05d}" if k % 7 else f'q"{{{k}}},\\NULL', "i": k - ROWS // 2, "b": k * 10**15,
            "f": k + 0.1, "d": f"{k}.5", "bool": k % 2 == 0, "dt": BASE + dt.timedelta(seconds=k),
            "j": {}, "bytes": b"", "opt": None if k % 3 == 0 else f"o{k}"}


def _values(field):
    """Every other row's value (non-null), padded to N with values no row has."""
    rows = [_row(k)[field] for k in range(ROWS) if k % 2]
    rows = [v for v in rows if v is not None]
    pad = {"i": lambda n: ROWS + n, "s": lambda n: f"absent{n}", "opt": lambda n: f"absent{n}",
           "dt": lambda n: BASE - dt.timedelta(milliseconds=n + 1)}[field]
    return rows + [pad(n) for n in range(N - len(rows))]


def _ids(rows):
    return sorted(r.id for r in rows)


def _chunked(project, field, values, negate):
    p, r = project.prisma, project.run
    hit = set()
    for i in range(0, len(values), 500):
        hit.update(_ids(r(p.sample.find_many(where={field: {"in": values[i:i + 500]}}, select={"id": True}))))
    if not negate:
        return sorted(hit)
    present = _ids(r(p.sample.find_many(where={field: {"not": None}}, select={"id": True})))
    return [i for i in present if i not in hit]


def test_setup(project):
    n = project.run(project.prisma.sample.create_many(data=[_row(k) for k in range(ROWS)]))
    assert n == ROWS or n == {"count": ROWS}


@pytest.mark.parametrize("field", ["i", "s", "dt", "opt"])
@pytest.mark.parametrize("op", ["in", "not_in", "notIn"])
def test_find_many_and_count(project, field, op):
    p, r = project.prisma, project.run
    values = _values(field)
    want = _chunked(project, field, values, op != "in")
    assert 0 < len(want) < ROWS
    where = {field: {op: values}}
    assert _ids(r(p.sample.find_many(where=where, select={"id": True}))) == want
    assert r(p.sample.count(where=where)) == len(want)


def test_update_many_and_delete_many(project):
    p, r = project.prisma, project.run
    values = _values("s")
    want = _chunked(project, "s", values, False)
    res = r(p.sample.update_many(where={"s": {"in": values}}, data={"opt": "updated"}))
    assert res in (len(want), {"count": len(want)})
    assert _ids(r(p.sample.find_many(where={"opt": "updated"}, select={"id": True}))) == want
    ints = _values("i")
    keep = _chunked(project, "i", ints, False)
    res = r(p.sample.delete_many(where={"i": {"not_in": ints}}))
    assert res in (ROWS - len(keep), {"count": ROWS - len(keep)})
    assert _ids(r(p.sample.find_many(select={"id": True}))) == keep


def test_still_too_large_names_the_argument(project):
    p, r = project.prisma, project.run
    many = [{"i": k} for k in range(N)]
    if project.provider == "mysql":
        pytest.skip("MySQL arguments are interpolated: no bind-parameter limit")
    with pytest.raises(errors.QueryParameterLimitError) as info:
        r(p.sample.count(where={"OR": many}))
    e = info.value
    assert e.code == "P2029" and isinstance(e, errors.DataError)
    assert e.meta["path"] == "where.OR" and "`where.OR` (70000 values)" in str(e), e
