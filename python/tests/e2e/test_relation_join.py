"""relation_load_strategy='join' through the generated client, as Prisma's
relationLoadStrategy: the same include-heavy reads with 'join' and 'query'
give equal models, with the Python types of every scalar in related rows
(JSON carries none of them), on every provider the test servers offer. That
'join' is one statement per read is checked in Go
(engine/query/join_test.go)."""
from __future__ import annotations

import datetime
import decimal
import os

import pytest

from caspian_prisma import errors

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "relation_join.prisma")
ENV = {"sqlite": None, "postgresql": "CASPIAN_TEST_POSTGRES_URL", "mysql": "CASPIAN_TEST_MYSQL_URL"}
AT = datetime.datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=datetime.timezone.utc)


def _params():
    return [pytest.param(p, id=p, marks=[pytest.mark.skip(reason=f"{env} is not set (make test sets it)")]
                         if env and not os.environ.get(env) else [])
            for p, env in ENV.items()]


@pytest.fixture(scope="module", params=_params())
def project(request, tmp_path_factory, e2e):
    with open(SCHEMA_FILE) as f:
        proj = e2e.make_project(tmp_path_factory, request.param, f.read(), "relation_join")
    p, r = proj.prisma, proj.run
    for name in ("alpha", "beta"):
        r(p.tag.create(data={"name": name}))
    ann = r(p.author.create(data={"name": "Ann", "genre": "ESSAY", "profile": {"create": {"bio": "b"}},
                                  "tags": {"connect": [{"name": "alpha"}]}}))
    r(p.author.create(data={"name": "Bob", "mentor": {"connect": {"id": ann.id}}}))
    full = r(p.book.create(data={
        "title": "Full", "price": decimal.Decimal("12.50"), "copies": 2**62, "rating": 4.25, "published": True,
        "at": AT, "cover": b"\x00\x01\xfe\xff", "meta": {"k": [1, "two", None]}, "genre": "NOVEL",
        "authorId": ann.id, "tags": {"connect": [{"name": "alpha"}, {"name": "beta"}]}}))
    r(p.book.create(data={"title": "Nulls", "authorId": ann.id}))
    for n in (3, 1, 2):
        r(p.chapter.create(data={"n": n, "title": f"c{n}", "bookId": full.id}))
    yield proj
    e2e.close_project(proj)


def _both(project, action, model="author", **args):
    """Runs a read with each strategy; their results must be equal."""
    act = getattr(getattr(project.prisma, model), action)
    joined = project.run(act(relation_load_strategy="join", **args))
    queried = project.run(act(relation_load_strategy="query", **args))
    assert joined == queried
    return joined


def test_join_matches_query(project):
    include = {"books": {"order_by": {"title": "asc"}, "include": {
        "chapters": {"order_by": {"n": "desc"}, "take": 2}, "tags": True, "_count": True}},
        "profile": True, "mentor": True, "mentees": True, "tags": True}
    authors = _both(project, "find_many", include=include, order={"id": "asc"})
    ann, bob = authors
    full, nulls = ann.books
    assert [c.n for c in full.chapters] == [3, 2]
    assert [t.name for t in full.tags] == ["alpha", "beta"]
    assert full._count == {"chapters": 3, "tags": 2}
    assert ann.profile.bio == "b" and bob.profile is None and bob.mentor.name == "Ann"
    assert bob.books == [] and [m.name for m in ann.mentees] == ["Bob"]
    # JSON has no decimals, dates, bytes or 64-bit integers: the schema's types come back.
    assert isinstance(full.price, decimal.Decimal) and full.price == decimal.Decimal("12.5")
    assert full.copies == 2**62 and full.rating == 4.25 and full.published is True
    assert full.at == AT and full.cover == b"\x00\x01\xfe\xff" and full.meta == {"k": [1, "two", None]}
    assert full.genre.value == "NOVEL" and ann.genre.value == "ESSAY"
    assert nulls.price is None and nulls.at is None and nulls.cover is None and nulls.meta is None


def test_find_unique_and_first(project):
    book = _both(project, "find_unique", model="book", where={"id": 1},
                 include={"author": {"include": {"profile": True}}, "chapters": {"skip": 1}})
    assert book.author.profile.bio == "b" and len(book.chapters) == 2
    _both(project, "find_unique_or_throw", model="book", where={"id": 1}, select={"title": True, "tags": True})
    _both(project, "find_first", where={"name": "Bob"}, include={"mentor": {"include": {"books": True}}})
    _both(project, "find_first_or_throw", select={"name": True, "_count": {"select": {"books": True}}})


def test_nested_cursor_falls_back(project):
    book = _both(project, "find_unique", model="book", where={"id": 1},
                 include={"chapters": {"cursor": {"id": 2}, "take": 2}})
    assert [c.id for c in book.chapters] == [2, 3]


def test_unknown_strategy_is_a_validation_error(project):
    with pytest.raises(errors.PrismaClientValidationError) as e:
        project.run(project.prisma.author.find_many(relation_load_strategy="lateral"))  # type: ignore[arg-type]
    assert "relationLoadStrategy" in str(e.value)


def test_writes_take_it(project):
    p, r = project.prisma, project.run
    include = {"books": {"order_by": {"title": "asc"}, "include": {"tags": True}}, "profile": True}
    rows = [r(p.author.update(where={"id": 1}, data={"name": "Ann"}, include=include, relation_load_strategy=s))
            for s in ("join", "query")]
    assert rows[0] == rows[1] and [b.title for b in rows[0].books] == ["Full", "Nulls"]
    rows = [r(p.author.upsert(where={"id": 1}, create={"name": "x"}, update={"name": "Ann"}, include=include,
                              relation_load_strategy=s)) for s in ("join", "query")]
    assert rows[0] == rows[1]
    made = r(p.book.create(data={"title": "tmp", "authorId": 2}, include={"author": {"include": {"mentor": True}}},
                           relation_load_strategy="join"))
    assert made.author.mentor.name == "Ann"
    gone = r(p.book.delete(where={"id": made.id}, include={"author": True}, relation_load_strategy="join"))
    assert gone.author.name == "Bob"
